import { beforeEach, describe, expect, it } from "vitest";
import { CODE_TTL_MS, createCodeVerification, MAX_CODE_ATTEMPTS, type CodeVerification } from "../../../src/core/identity/index.js";
import { createLogger } from "../../../src/core/logger.js";
import { makeConversation, makeInboundMessage, type Conversation } from "../../../src/core/model/index.js";
import { email, HOUR, setup, telegram, web } from "./helpers.js";
import { PassThrough } from "node:stream";

/** Reads the code out of the queued message, as the customer would on their phone. */
async function codeSentTo(env: ReturnType<typeof setup>, messageId: string): Promise<string> {
  const m = await env.store.getMessage(messageId);
  const code = /\b(\d{6})\b/.exec(m?.text ?? "")?.[1];
  if (!code) throw new Error("no code in the queued message");
  return code;
}

describe("one-time code: proving a claimed identity", () => {
  let env: ReturnType<typeof setup>;
  let verification: CodeVerification;
  let logLines: string[];
  let kicks: number;
  let tgConversation: Conversation;
  let webConversation: Conversation;

  beforeEach(async () => {
    env = setup();
    logLines = [];
    kicks = 0;
    const stream = new PassThrough();
    stream.on("data", (chunk: Buffer) => logLines.push(chunk.toString()));
    verification = createCodeVerification({
      store: env.store,
      clock: env.clock,
      logger: createLogger({ destination: stream, level: "debug" }),
      onQueued: () => kicks++,
    });
    // Ana wrote on Telegram yesterday; today an anonymous web visitor says "I wrote before on Telegram".
    const tg = await env.write(telegram("1001", "where is my parcel?"));
    tgConversation = (await env.store.getConversation(tg.conversationId))!;
    env.clock.advance(20 * HOUR);
    const w = await env.write(web("vis_new", "I wrote before on Telegram"));
    webConversation = (await env.store.getConversation(w.conversationId))!;
  });

  it("queues the code to the OTHER contact's Telegram chat, never to the asking conversation, and stores no code", async () => {
    const offer = await verification.offerCode({ conversation: webConversation, claimed: { kind: "telegram", value: "1001" } });
    expect(offer).toMatchObject({ status: "sent", channel: "telegram" });
    if (offer.status !== "sent") return;
    expect(offer.expiresAt.getTime() - env.clock.now().getTime()).toBe(CODE_TTL_MS);
    const queued = await env.store.getMessage(offer.messageId);
    expect(queued).toMatchObject({ conversationId: tgConversation.id, channel: "telegram", direction: "outbound", deliveryState: "queued" });
    expect(await env.store.claimOutbox(env.clock.now(), 10, 1000)).toMatchObject([{ channel: "telegram", address: { chatId: "1001" } }]);
    expect(kicks).toBe(1);
    // The claimant's conversation (what their web chat history shows) holds no outbound message.
    expect(await env.store.listMessages(webConversation.id, { direction: "outbound" })).toEqual([]);
    const code = await codeSentTo(env, offer.messageId);
    expect(code).toMatch(/^\d{6}$/);
    const events = await env.store.listEvents({});
    expect(JSON.stringify(events)).not.toContain(code);
    expect(logLines.join("")).toContain("verification code offered");
    expect(logLines.join("")).not.toContain(code);
    const [offered] = await env.store.listEvents({ type: "identity.code_offered" });
    expect(offered).toMatchObject({ conversationId: webConversation.id, data: { claimedKind: "telegram", channel: "telegram" } });
    expect(typeof offered?.data.hash).toBe("string");
  });

  it("the right code merges the current contact into the older one and the conversation goes on", async () => {
    const offer = await verification.offerCode({ conversation: webConversation, claimed: { kind: "telegram", value: "1001" } });
    if (offer.status !== "sent") throw new Error(offer.status);
    const code = await codeSentTo(env, offer.messageId);
    env.clock.advance(60_000);
    const result = await verification.verifyCode({ conversation: webConversation, code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(result).toMatchObject({ status: "merged", contactId: tgConversation.contactId });
    if (result.status !== "merged") return;
    expect((await env.store.getContact(webConversation.contactId))?.mergedInto).toBe(tgConversation.contactId);
    expect(await env.store.getConversation(webConversation.id)).toMatchObject({ contactId: tgConversation.contactId, status: "open" });
    const [merged] = await env.store.listEvents({ type: "contact.merged" });
    expect(merged).toMatchObject({
      id: result.mergeEventId,
      actor: "customer",
      conversationId: webConversation.id,
      data: { reason: "verified_code", offerId: offer.offerId },
    });
    // The offer is used up.
    expect(await verification.verifyCode({ conversation: webConversation, code })).toEqual({ status: "no_offer" });
    const events = await env.store.listEvents({});
    expect(JSON.stringify(events)).not.toContain(code);
  });

  it("counts wrong codes and voids the offer after five; the right code no longer works", async () => {
    const offer = await verification.offerCode({ conversation: webConversation, claimed: { kind: "telegram", value: "1001" } });
    if (offer.status !== "sent") throw new Error(offer.status);
    const code = await codeSentTo(env, offer.messageId);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await verification.verifyCode({ conversation: webConversation, code: "12ab" })).toEqual({ status: "invalid_format" });
    for (let i = 1; i < MAX_CODE_ATTEMPTS; i++) {
      expect(await verification.verifyCode({ conversation: webConversation, code: wrong })).toEqual({
        status: "mismatch",
        attemptsLeft: MAX_CODE_ATTEMPTS - i,
      });
    }
    expect(await verification.verifyCode({ conversation: webConversation, code: wrong })).toEqual({ status: "void" });
    expect(await verification.verifyCode({ conversation: webConversation, code })).toEqual({ status: "void" });
    expect(await env.store.listEvents({ type: "contact.merged" })).toHaveLength(0);
    expect(await env.store.listEvents({ type: "identity.code_void" })).toHaveLength(1);
    expect(await env.store.listEvents({ type: "identity.code_failed" })).toHaveLength(MAX_CODE_ATTEMPTS);
  });

  it("concurrent guesses on one conversation cannot exceed the attempt limit", async () => {
    const offer = await verification.offerCode({ conversation: webConversation, claimed: { kind: "telegram", value: "1001" } });
    if (offer.status !== "sent") throw new Error(offer.status);
    const code = await codeSentTo(env, offer.messageId);
    const wrong = code === "000000" ? "111111" : "000000";
    await Promise.all(Array.from({ length: 12 }, () => verification.verifyCode({ conversation: webConversation, code: wrong })));
    expect(await env.store.listEvents({ type: "identity.code_failed" })).toHaveLength(MAX_CODE_ATTEMPTS);
  });

  it("expires after ten minutes", async () => {
    const offer = await verification.offerCode({ conversation: webConversation, claimed: { kind: "telegram", value: "1001" } });
    if (offer.status !== "sent") throw new Error(offer.status);
    const code = await codeSentTo(env, offer.messageId);
    env.clock.advance(CODE_TTL_MS + 1);
    expect(await verification.verifyCode({ conversation: webConversation, code })).toEqual({ status: "expired" });
    expect(await env.store.listEvents({ type: "contact.merged" })).toHaveLength(0);
  });

  it("a new offer replaces the previous one", async () => {
    const first = await verification.offerCode({ conversation: webConversation, claimed: { kind: "telegram", value: "1001" } });
    const second = await verification.offerCode({ conversation: webConversation, claimed: { kind: "telegram", value: "1001" } });
    if (first.status !== "sent" || second.status !== "sent") throw new Error("not sent");
    const [c1, c2] = [await codeSentTo(env, first.messageId), await codeSentTo(env, second.messageId)];
    if (c1 !== c2) expect(await verification.verifyCode({ conversation: webConversation, code: c1 })).toMatchObject({ status: "mismatch" });
    expect(await verification.verifyCode({ conversation: webConversation, code: c2 })).toMatchObject({ status: "merged" });
  });

  it("reports no_match, already_linked, unreachable and rate_limited without sending anything", async () => {
    expect(await verification.offerCode({ conversation: webConversation, claimed: { kind: "telegram", value: "999" } })).toEqual({ status: "no_match" });
    expect(await verification.offerCode({ conversation: webConversation, claimed: { kind: "web", value: "vis_new" } })).toEqual({ status: "already_linked" });
    // An e-mail identity whose owner never wrote by e-mail (no reply address on that channel).
    await env.store.addIdentity(tgConversation.contactId, { kind: "email", value: "ana@example.com" }, []);
    expect(await verification.offerCode({ conversation: webConversation, claimed: { kind: "email", value: "Ana@example.com" } })).toEqual({
      status: "unreachable",
    });
    expect(await env.store.countOutbox("pending")).toBe(0);

    for (let i = 0; i < 3; i++) {
      expect((await verification.offerCode({ conversation: webConversation, claimed: { kind: "telegram", value: "1001" } })).status).toBe("sent");
    }
    expect(await verification.offerCode({ conversation: webConversation, claimed: { kind: "telegram", value: "1001" } })).toEqual({ status: "rate_limited" });
    expect(await env.store.countOutbox("pending")).toBe(3);
    env.clock.advance(HOUR + 1);
    expect((await verification.offerCode({ conversation: webConversation, claimed: { kind: "telegram", value: "1001" } })).status).toBe("sent");
  });

  it("a code for an e-mail identity goes to the owner's e-mail address", async () => {
    env.clock.advance(HOUR);
    const mail = await env.write(email("bob@example.com", "hello"));
    const offer = await verification.offerCode({ conversation: webConversation, claimed: { kind: "email", value: "BOB@example.com" } });
    expect(offer).toMatchObject({ status: "sent", channel: "email" });
    if (offer.status !== "sent") return;
    expect(await env.store.getMessage(offer.messageId)).toMatchObject({ conversationId: mail.conversationId, channel: "email" });
  });
});

describe("one-time code: routes by the claimed identity's channel", () => {
  it("a phone number goes to WhatsApp when the owner has a WhatsApp address, else to the Telegram chat it was shared in", async () => {
    const env = setup();
    const verification = createCodeVerification({ store: env.store, clock: env.clock });
    // Ana shared her number on Telegram (vouched), and has not used WhatsApp.
    const tg = await env.write(telegram("1001", "hi"));
    await env.store.addIdentity(tg.contactId, { kind: "phone", value: "+4915112345678" }, []);
    env.clock.advance(HOUR);
    const w = await env.write(web("vis_x", "my number is +49 151 12345678"));
    const conversation = (await env.store.getConversation(w.conversationId))!;
    expect(await verification.offerCode({ conversation, claimed: { kind: "phone", value: "+49 151 12345678" } })).toMatchObject({
      status: "sent",
      channel: "telegram",
    });
    // Once she has written on WhatsApp, WhatsApp is preferred even though Telegram is more recent.
    const waConv = await env.store.createConversation(makeConversation({ contactId: tg.contactId, channel: "whatsapp-cloud", at: env.clock.now() }), []);
    await env.store.appendMessage(
      makeInboundMessage({ conversationId: waConv.id, contactId: tg.contactId, channel: "whatsapp-cloud", externalId: "wa1", text: "x", at: env.clock.now() }),
      [],
      { phone: "+4915112345678" },
    );
    env.clock.advance(60_000);
    await env.write(telegram("1001", "newer on telegram"));
    const offer = await verification.offerCode({ conversation, claimed: { kind: "phone", value: "+4915112345678" } });
    expect(offer).toMatchObject({ status: "sent", channel: "whatsapp-cloud" });
    if (offer.status === "sent") expect((await env.store.getMessage(offer.messageId))?.conversationId).toBe(waConv.id);
  });
});
