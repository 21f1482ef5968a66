import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelAdapter, OutboundMessage } from "../../../src/core/channel/adapter.js";
import { startTestHub, type TestHub } from "../../helpers/hub.js";

/** "I wrote to you before": the AI offers a one-time code sent to the OTHER channel; the right code merges the contacts. */
describe("AI offers identity linking with a one-time code", () => {
  let t: TestHub;
  const telegramSent: { address: Record<string, unknown>; message: OutboundMessage }[] = [];
  const telegram: ChannelAdapter = {
    id: "telegram",
    capabilities: { maxTextLength: 4096, buttons: true, attachments: true, typing: false, replyWindowHours: null },
    async send(address, message) {
      telegramSent.push({ address, message });
      return { externalId: `tg-${telegramSent.length}` };
    },
    async start() {},
    async stop() {},
    status: () => ({ ok: true, detail: "fake" }),
  };
  beforeAll(async () => {
    t = await startTestHub({ knowledge: true, overrides: { adapterOverrides: { telegram } } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const say = async (
    channel: "web" | "telegram",
    sender: { kind: "web" | "telegram"; value: string },
    address: Record<string, unknown>,
    text: string,
    id: string,
  ) => {
    const [o] = await t.hub.ingest([{ channel, externalId: id, sender, address, text, attachments: [], receivedAt: new Date() }]);
    await t.hub.settle();
    const replies = (await t.store.listMessages(o!.conversationId, { direction: "outbound" })).map((m) => m.text);
    return { ...o!, replies };
  };

  it("asks which account, sends the code there (never into this chat), and merges on the right code", async () => {
    // Earlier: the customer wrote on Telegram; that contact also has a known phone number.
    const before = await say("telegram", { kind: "telegram", value: "5551" }, { chatId: "5551" }, "Do you ship to the UK?", "t1");
    await t.store.addIdentity(before.contactId, { kind: "phone", value: "+4915112345678" }, []);

    const web = { kind: "web" as const, value: "visitor-link" };
    const first = await say("web", web, { visitorId: "visitor-link" }, "Hi, I already wrote to you last week about my order", "w1");
    expect(first.replies.at(-1)).toMatch(/Which email address or phone number/);

    const offered = await say("web", web, { visitorId: "visitor-link" }, "It was +49 151 12345678", "w2");
    expect(offered.replies.at(-1)).toMatch(/6-digit code is on its way/);
    // The code went to the Telegram chat of the earlier contact, not to the web visitor.
    const codeMessage = telegramSent.map((s) => s.message.text).find((x) => /verification code is \d{6}/.test(x));
    expect(codeMessage).toBeDefined();
    expect(offered.replies.join(" ")).not.toMatch(/\d{6}/);
    const code = /(\d{6})/.exec(codeMessage!)![1]!;
    const events = await t.store.listEvents({ conversationId: offered.conversationId });
    expect(JSON.stringify(events)).not.toContain(code);

    const wrong = await say("web", web, { visitorId: "visitor-link" }, code === "000000" ? "111111" : "000000", "w3");
    expect(wrong.replies.at(-1)).toMatch(/doesn't match \(4 attempts left\)/);

    const right = await say("web", web, { visitorId: "visitor-link" }, `the code is ${code}`, "w4");
    expect(right.replies.at(-1)).toMatch(/earlier conversations are now linked/);
    // One contact now holds the web visitor, the Telegram id and the phone number.
    const merged = await t.store.findContactByIdentity({ kind: "web", value: "visitor-link" });
    expect(merged?.identities.map((i) => i.kind).sort()).toEqual(["phone", "telegram", "web"]);
    expect((await t.store.listEvents({ type: "contact.merged" })).length).toBeGreaterThan(0);
  });

  it("answers the same whether or not the account is known (no probing)", async () => {
    const web = { kind: "web" as const, value: "visitor-probe" };
    await say("web", web, { visitorId: "visitor-probe" }, "I contacted you before from another email", "p1");
    const unknown = await say("web", web, { visitorId: "visitor-probe" }, "nobody-known@example.org", "p2");
    expect(unknown.replies.at(-1)).toMatch(/If we know that account, a 6-digit code is on its way/);
  });

  it("links automatically when a channel vouches for a number another contact already has (phone ↔ WhatsApp)", async () => {
    const known = await say("telegram", { kind: "telegram", value: "5552" }, { chatId: "5552" }, "Hello", "t9");
    await t.store.addIdentity(known.contactId, { kind: "phone", value: "+447700900123" }, []);
    const [o] = await t.hub.ingest([
      {
        channel: "whatsapp-cloud",
        externalId: "wamid.link1",
        sender: { kind: "whatsapp", value: "447700900123" },
        address: { to: "447700900123" },
        text: "Hi, it's me again on WhatsApp",
        attachments: [],
        receivedAt: new Date(),
      },
    ]);
    await t.hub.settle();
    expect(o!.contactId).toBe(known.contactId);
    expect(o!.conversationId).toBe(known.conversationId);
    const merges = await t.store.listEvents({ type: "contact.merged", contactId: known.contactId });
    expect(merges.some((e) => e.actor === "system")).toBe(true);
  });
});
