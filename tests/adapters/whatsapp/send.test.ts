import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { whatsappConfigSchema } from "../../../src/adapters/whatsapp/config.js";
import { toSendError } from "../../../src/adapters/whatsapp/errors.js";
import { createWhatsappAdapter, WA_ACK, type WhatsappChannelAdapter } from "../../../src/adapters/whatsapp/index.js";
import { SendError, type ChannelHost, type OutboundMessage } from "../../../src/core/channel/adapter.js";
import { systemClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import { fakeClientFactory, type FakeWaClient } from "../../fakes/whatsapp-web-client.js";
import { CUSTOMER_CHAT, eventually, startWhatsappHub, type WhatsappHub } from "./helpers.js";

type Update = Parameters<ChannelHost["deliveryUpdate"]>[0];

function outbound(text: string, messageId = "msg_1"): OutboundMessage {
  return { messageId, conversationId: "cv_1", text, attachments: [], authorKind: "ai", createdAt: new Date() };
}

async function started(config: Record<string, unknown> = {}) {
  const clients = fakeClientFactory();
  const updates: Update[] = [];
  const adapter = createWhatsappAdapter(
    whatsappConfigSchema.parse(config),
    { logger: silentLogger(), clock: systemClock, dataDir: mkdtempSync(join(tmpdir(), "tl-wa-send-")), publicUrl: "http://localhost", history: async () => [] },
    { clientFactory: clients.factory },
  );
  await adapter.start({ ingest: async () => [], deliveryUpdate: async (u) => void updates.push(u) });
  return { adapter, client: clients.last(), updates };
}

async function sendError(adapter: WhatsappChannelAdapter, address: Record<string, unknown>, text = "Hello"): Promise<SendError> {
  try {
    await adapter.send(address, outbound(text));
  } catch (err) {
    if (err instanceof SendError) return err;
    throw err;
  }
  throw new Error("send did not fail");
}

describe("whatsapp send", () => {
  let adapter: WhatsappChannelAdapter;
  let client: FakeWaClient;
  let updates: Update[];

  afterEach(async () => {
    await adapter?.stop();
  });

  it("sends text to the chat id and returns WhatsApp's message id", async () => {
    ({ adapter, client } = await started());
    client.becomeReady();
    const result = await adapter.send({ chatId: CUSTOMER_CHAT }, outbound("Your order ships today."));
    expect(client.sent).toEqual([{ chatId: CUSTOMER_CHAT, text: "Your order ships today.", id: result.externalId }]);
    expect(result.externalId).toMatch(/^true_4915123456789@c\.us_/);
  });

  it("maps failures to SendError kinds the outbox understands", async () => {
    ({ adapter, client } = await started());
    // Not connected yet (waiting for a scan): retry later.
    client.showQr("2@code");
    expect(await sendError(adapter, { chatId: CUSTOMER_CHAT })).toMatchObject({ kind: "transient", message: expect.stringContaining("not connected (qr)") });
    client.becomeReady();

    expect(await sendError(adapter, { phone: "+4915123456789" })).toMatchObject({ kind: "invalid_recipient" });
    expect(await sendError(adapter, { chatId: CUSTOMER_CHAT }, "   ")).toMatchObject({ kind: "unsupported" });
    expect(await sendError(adapter, { chatId: CUSTOMER_CHAT }, "x".repeat(4097))).toMatchObject({ kind: "unsupported" });

    const cases: [string, SendError["kind"]][] = [
      ["Evaluation failed: Error: wid error: invalid wid 4915123456789@c.us", "invalid_recipient"],
      ["Evaluation failed: Error: No LID for user", "invalid_recipient"],
      ["Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.", "transient"],
      ["Execution context was destroyed, most likely because of a navigation.", "transient"],
      ["rate-limit: too many messages", "rate_limited"],
      ["something nobody has seen before", "transient"],
    ];
    for (const [message, kind] of cases) {
      client.failSend.push(new Error(message));
      const err = await sendError(adapter, { chatId: CUSTOMER_CHAT });
      expect(err.kind, message).toBe(kind);
      // The chat id (a phone number) never reaches the error text that goes into logs and events.
      expect(err.message).not.toContain("4915123456789");
    }

    // A logged-out session: only a new QR scan helps, so the outbox should not keep retrying.
    client.disconnect("LOGOUT");
    expect(await sendError(adapter, { chatId: CUSTOMER_CHAT })).toMatchObject({ kind: "auth", message: expect.stringContaining("scan QR again") });
  });

  it("an ack that arrives before sendMessage returns is applied to the right message", async () => {
    ({ adapter, client, updates } = await started());
    client.becomeReady();
    const realSend = client.sendMessage.bind(client);
    client.sendMessage = async (chatId, text) => {
      const sent = await realSend(chatId, text);
      // WhatsApp Web reports "delivered" while the send call is still returning.
      client.ack(sent.id._serialized, WA_ACK.DEVICE);
      return sent;
    };
    const result = await adapter.send({ chatId: CUSTOMER_CHAT }, outbound("Hi", "msg_early"));
    await eventually(() => expect(updates).toEqual([{ channel: "whatsapp", externalId: result.externalId, messageId: "msg_early", state: "delivered" }]));
  });

  it("toSendError keeps SendErrors and never throws on odd values", () => {
    const e = new SendError("auth", "x");
    expect(toSendError(e)).toBe(e);
    expect(toSendError(undefined)).toMatchObject({ kind: "transient" });
  });
});

describe("whatsapp send failures through the outbox", () => {
  let t: WhatsappHub;
  beforeAll(async () => {
    t = await startWhatsappHub();
    t.client().becomeReady();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("an invalid recipient fails the reply at once and visibly, without retries", async () => {
    const client = t.client();
    client.failSend.push(new Error("Evaluation failed: Error: wid error: invalid wid"));
    const first = client.receive({ from: "4915100000011@c.us", body: "Hello?" });
    await eventually(async () => expect(await t.store.findMessageByExternalId("whatsapp", first.id._serialized)).not.toBeNull());
    await t.hub.settle();
    const stored = (await t.store.findMessageByExternalId("whatsapp", first.id._serialized))!;
    const [reply] = await t.store.listMessages(stored.conversationId, { direction: "outbound" });
    expect(reply).toMatchObject({ deliveryState: "failed", error: expect.stringContaining("invalid_recipient") });
    expect(client.sent).toHaveLength(0);
  });
});
