import { describe, expect, it } from "vitest";
import { createCodeVerification } from "../../../src/core/identity/index.js";
import { buildReply } from "../../../src/core/pipeline/replies.js";
import { HOUR, setup, telegram, web } from "./helpers.js";

describe("continuity after a merge: one thread across channels", () => {
  it("web, then proof, then Telegram: one conversation, each message with its own channel; replies follow the last channel", async () => {
    const env = setup();
    const { store, clock, write } = env;
    const verification = createCodeVerification({ store, clock });
    // Yesterday on Telegram (its own contact and conversation).
    const old = await write(telegram("1001", "my parcel is late"));
    clock.advance(20 * HOUR);
    // Today on the web chat: a new visitor, a new contact.
    const w1 = await write(web("vis_ana", "hi, I wrote before on Telegram"));
    expect(w1.contactId).not.toBe(old.contactId);
    const conversation = (await store.getConversation(w1.conversationId))!;
    const offer = await verification.offerCode({ conversation, claimed: { kind: "telegram", value: "1001" } });
    if (offer.status !== "sent") throw new Error(offer.status);
    const code = /\d{6}/.exec((await store.getMessage(offer.messageId))!.text)![0];
    clock.advance(60_000);
    const w2 = await write(web("vis_ana", code));
    expect(w2.conversationId).toBe(w1.conversationId);
    expect(await verification.verifyCode({ conversation, code })).toMatchObject({ status: "merged", contactId: old.contactId });

    // After the merge, later messages from either identity land in the conversation the customer kept going.
    clock.advance(60_000);
    const t1 = await write(telegram("1001", "sending the photo here"));
    clock.advance(60_000);
    const w3 = await write(web("vis_ana", "and one more thing"));
    clock.advance(60_000);
    const t2 = await write(telegram("1001", "thanks"));
    expect(new Set([t1.conversationId, w3.conversationId, t2.conversationId])).toEqual(new Set([w1.conversationId]));
    expect(new Set([t1.contactId, w3.contactId, t2.contactId])).toEqual(new Set([old.contactId]));

    const inbound = await store.listMessages(w1.conversationId, { direction: "inbound" });
    expect(inbound.map((m) => [m.channel, m.text])).toEqual([
      ["web", "hi, I wrote before on Telegram"],
      ["web", code],
      ["telegram", "sending the photo here"],
      ["web", "and one more thing"],
      ["telegram", "thanks"],
    ]);
    expect(inbound.every((m) => m.contactId === old.contactId)).toBe(true);

    // A reply goes out on the channel the customer last used; an explicit channel goes to the other.
    const current = (await store.getConversation(w1.conversationId))!;
    expect(current.lastChannel).toBe("telegram");
    const auto = buildReply(current, { text: "On it", authorKind: "agent", authorId: "u1" }, clock.now());
    expect(auto).toMatchObject({ ok: true, entry: { channel: "telegram", address: { chatId: "1001" } }, message: { channel: "telegram" } });
    const picked = buildReply(current, { text: "Here too", authorKind: "agent", authorId: "u1", channel: "web" }, clock.now());
    expect(picked).toMatchObject({ ok: true, entry: { channel: "web", address: { visitorId: "vis_ana" } }, message: { channel: "web" } });
  });
});
