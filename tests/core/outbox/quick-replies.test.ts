import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelAdapter, OutboundMessage } from "../../../src/core/channel/adapter.js";
import { startTestHub, type TestHub } from "../../helpers/hub.js";

/** The AI's clarifying question carries quick replies; only channels with buttons get them. */
describe("quick-reply buttons", () => {
  let t: TestHub;
  const sent: { channel: string; message: OutboundMessage }[] = [];
  const fake = (id: "telegram" | "web", buttons: boolean): ChannelAdapter => ({
    id,
    capabilities: { maxTextLength: 4096, buttons, attachments: false, typing: false, replyWindowHours: null },
    async send(_address, message) {
      sent.push({ channel: id, message });
      return { externalId: `${id}-${sent.length}` };
    },
    async start() {},
    async stop() {},
    status: () => ({ ok: true, detail: "fake" }),
  });
  beforeAll(async () => {
    t = await startTestHub({ knowledge: true, overrides: { adapterOverrides: { telegram: fake("telegram", true), web: fake("web", false) } } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("are stored with the message and sent to a channel that shows buttons; a press comes back as the topic", async () => {
    const [o] = await t.hub.ingest([
      {
        channel: "telegram",
        externalId: "q1",
        sender: { kind: "telegram", value: "31" },
        address: { chatId: "31" },
        text: "One more question",
        attachments: [],
        receivedAt: new Date(),
      },
    ]);
    await t.hub.settle();
    const clarify = sent.find((s) => s.channel === "telegram" && /make sure I get this right/.test(s.message.text));
    expect(clarify?.message.buttons?.map((b) => b.id)).toEqual(["intent:order_status", "intent:shipping", "intent:returns", "intent:refunds"]);
    expect(clarify?.message.buttons?.[0]?.label).toBe("Where your order is");
    const stored = (await t.store.listMessages(o!.conversationId, { direction: "outbound" })).at(-1);
    expect(stored?.buttons).toHaveLength(4);
    // Telegram turns a press into a message with the label as text: the AI understands it.
    await t.hub.ingest([
      {
        channel: "telegram",
        externalId: "q2",
        sender: { kind: "telegram", value: "31" },
        address: { chatId: "31" },
        text: "Shipping times and costs",
        attachments: [],
        receivedAt: new Date(),
      },
    ]);
    await t.hub.settle();
    const decisions = await t.store.listEvents({ conversationId: o!.conversationId, type: "decision.made" });
    expect(decisions.at(-1)?.data.intent).toBe("shipping");
  });

  it("are left out for a channel without buttons (the text lists the topics anyway)", async () => {
    await t.hub.ingest([
      {
        channel: "web",
        externalId: "w1",
        sender: { kind: "web", value: "v-q" },
        address: { visitorId: "v-q" },
        text: "One more question",
        attachments: [],
        receivedAt: new Date(),
      },
    ]);
    await t.hub.settle();
    const clarify = sent.find((s) => s.channel === "web" && /make sure I get this right/.test(s.message.text));
    expect(clarify?.message.buttons).toBeUndefined();
    expect(clarify?.message.text).toMatch(/where your order is, shipping times and costs/);
  });
});
