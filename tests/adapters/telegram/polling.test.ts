import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramChannelAdapter, type TelegramChannelAdapter } from "../../../src/adapters/telegram/index.js";
import type { OutboundMessage } from "../../../src/core/channel/adapter.js";
import { startTelegramStandIn, type TelegramStandIn } from "../../fakes/telegram-bot-api.js";
import { configFor, CUSTOMER, deps, eventually, fakeHost, GROUP, groupText, mentionEntities, OTHER, privateText } from "./helpers.js";

let api: TelegramStandIn;
let adapter: TelegramChannelAdapter | null = null;

beforeEach(async () => {
  api = await startTelegramStandIn();
});
afterEach(async () => {
  await adapter?.stop();
  adapter = null;
  await api.close();
});

function start(extra: Record<string, unknown> = {}) {
  const host = fakeHost();
  adapter = createTelegramChannelAdapter(configFor(api, extra), deps(), {
    pollTimeoutSeconds: 1,
    initialBackoffMs: 20,
    maxBackoffMs: 100,
    limiter: { perChatMs: 0, perGroupMs: 0, globalMs: 0 },
  });
  return { host, adapter, started: adapter.start(host) };
}

function outbound(text: string, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  return { messageId: "m1", conversationId: "c1", text, attachments: [], authorKind: "ai", createdAt: new Date(), ...extra };
}

describe("telegram polling with grammY against the stand-in", () => {
  it("ingests a private text with identity, address and externalId, and reports polling", async () => {
    const { host, adapter: a, started } = start();
    await started;
    const id = api.queueUpdate(privateText("Where is my order?"));
    const [message] = await host.waitFor(1);
    expect(message).toMatchObject({
      channel: "telegram",
      sender: { kind: "telegram", value: String(CUSTOMER.id), name: "Ada Lovelace" },
      address: { chatId: String(CUSTOMER.id) },
      text: "Where is my order?",
      attachments: [],
    });
    expect(message!.externalId).toMatch(new RegExp(`^${CUSTOMER.id}:\\d+$`));
    expect(message!.receivedAt).toBeInstanceOf(Date);
    await eventually(() => api.confirmedOffset() > id, 5000, "offset to pass the update");
    expect(a.status()).toEqual({ ok: true, detail: "polling as @shop_bot" });
    expect(api.callsTo("deleteWebhook")).toHaveLength(1);
  });

  it("sends replies with chat_id and text, and buttons as an inline keyboard", async () => {
    const { adapter: a, started } = start();
    await started;
    const result = await a.send({ chatId: String(CUSTOMER.id) }, outbound("Your parcel ships today."));
    expect(result.externalId).toMatch(new RegExp(`^${CUSTOMER.id}:\\d+$`));
    const [plain] = api.callsTo("sendMessage");
    expect(plain!.body).toMatchObject({ chat_id: String(CUSTOMER.id), text: "Your parcel ships today." });
    expect(plain!.body.reply_markup).toBeUndefined();

    await a.send(
      { chatId: String(CUSTOMER.id) },
      outbound("Did that help?", {
        buttons: [
          { id: "yes", label: "Yes, thanks" },
          { id: "human", label: "Talk to a person" },
        ],
      }),
    );
    const withButtons = api.callsTo("sendMessage")[1]!;
    expect(withButtons.body.reply_markup).toEqual({
      inline_keyboard: [[{ text: "Yes, thanks", callback_data: "yes" }], [{ text: "Talk to a person", callback_data: "human" }]],
    });
  });

  it("splits texts over 4096 characters and puts the buttons on the last part", async () => {
    const { adapter: a, started } = start();
    await started;
    const long = `${"word ".repeat(1000)}\n\n${"more ".repeat(200)}`;
    await a.send({ chatId: "1" }, outbound(long, { buttons: [{ id: "ok", label: "OK" }] }));
    const sends = api.callsTo("sendMessage");
    expect(sends.length).toBe(2);
    for (const s of sends) expect(String(s.body.text).length).toBeLessThanOrEqual(4096);
    expect(sends[0]!.body.reply_markup).toBeUndefined();
    expect(sends[1]!.body.reply_markup).toBeDefined();
  });

  it("rejects a bad address as invalid_recipient without calling Telegram", async () => {
    const { adapter: a, started } = start();
    await started;
    await expect(a.send({ visitorId: "x" }, outbound("hi"))).rejects.toMatchObject({ name: "SendError", kind: "invalid_recipient" });
    await expect(a.send({ chatId: "not-a-number" }, outbound("hi"))).rejects.toMatchObject({ kind: "invalid_recipient" });
    expect(api.callsTo("sendMessage")).toHaveLength(0);
  });

  it("confirms an update only after ingest succeeded: a failing ingest gets the update again", async () => {
    const { host, started } = start();
    await started;
    host.state.failNext = 2;
    const id = api.queueUpdate(privateText("first try fails"));
    await host.waitFor(1);
    expect(host.state.calls).toBe(3);
    // While the ingest failed, getUpdates kept asking from an offset at or below the update: it stayed unconfirmed and came again.
    const offsets = api.callsTo("getUpdates").map((c) => c.body.offset as number);
    expect(offsets.slice(0, 3).every((o) => o <= id)).toBe(true);
    await eventually(() => api.confirmedOffset() === id + 1, 5000, "offset confirmed");
    expect(host.ingested.map((m) => m.text)).toEqual(["first try fails"]);
  });

  it("does not confirm while ingest is still running", async () => {
    const { host, started } = start();
    await started;
    host.state.delayMs = 400;
    const id = api.queueUpdate(privateText("slow store"));
    await eventually(() => host.state.calls === 1, 5000, "ingest started");
    expect(api.confirmedOffset()).toBeLessThanOrEqual(id);
    await host.waitFor(1);
    await eventually(() => api.confirmedOffset() === id + 1, 5000, "offset confirmed after ingest");
  });

  it("stops cleanly without confirming an update that was not stored", async () => {
    const { host, adapter: a, started } = start();
    await started;
    host.state.failNext = 1000;
    const id = api.queueUpdate(privateText("never stored"));
    await eventually(() => host.state.calls >= 1, 5000, "ingest attempted");
    await a.stop();
    adapter = null;
    expect(api.confirmedOffset()).toBeLessThanOrEqual(id);
    expect(a.status()).toEqual({ ok: false, detail: "stopped" });
  });

  describe("groups", () => {
    it("ignores group messages not addressed to the bot, ingests @mentions, /command@bot and replies to the bot", async () => {
      const { host, started } = start();
      await started;
      api.queueUpdate(groupText("anyone know the opening hours?"));
      const mention = "@shop_bot where is order 1234?";
      api.queueUpdate(groupText(mention, { entities: mentionEntities(mention, "shop_bot") }));
      api.queueUpdate(groupText("/help@shop_bot", { entities: [{ type: "bot_command", offset: 0, length: 14 }] }));
      api.queueUpdate(groupText("/help@other_bot", { entities: [{ type: "bot_command", offset: 0, length: 15 }] }));
      api.queueUpdate(groupText("thanks, and the size?", { reply_to_message: { message_id: 1, date: 1, chat: GROUP, from: api.bot, text: "Shipped." } }));
      const last = api.queueUpdate(groupText("@someone_else hi", { entities: mentionEntities("@someone_else hi", "someone_else") }));
      await eventually(() => api.confirmedOffset() > last, 5000, "all group updates handled");
      expect(host.ingested.map((m) => m.text)).toEqual(["where is order 1234?", "/help", "thanks, and the size?"]);
      expect(host.ingested[0]).toMatchObject({ address: { chatId: String(GROUP.id) }, sender: { kind: "telegram", value: String(OTHER.id), name: "Bob" } });
    });

    it('ingests every group message with group_mode "all"', async () => {
      const { host, started } = start({ group_mode: "all" });
      await started;
      api.queueUpdate(groupText("no mention here"));
      await host.waitFor(1);
      expect(host.ingested[0]!.text).toBe("no mention here");
    });
  });

  describe("other update types", () => {
    it("decodes an edit as an edit of the original message (editOf), keyed by edit_date", async () => {
      const { host, started } = start();
      await started;
      api.queueUpdate({
        edited_message: {
          message_id: 42,
          date: 1_700_000_000,
          edit_date: 1_700_000_100,
          chat: { id: CUSTOMER.id, type: "private", first_name: "Ada" },
          from: CUSTOMER,
          text: "Order 1235, not 1234",
        },
      });
      const [m] = await host.waitFor(1);
      expect(m).toMatchObject({ externalId: `${CUSTOMER.id}:42@1700000100`, editOf: `${CUSTOMER.id}:42`, text: "Order 1235, not 1234" });
      expect(m!.receivedAt.getTime()).toBe(1_700_000_100_000);
    });

    it("stores photos and documents as attachment metadata with the file_id as ref, resolvable via getFile", async () => {
      const { host, adapter: a, started } = start();
      await started;
      const chat = { id: CUSTOMER.id, type: "private", first_name: "Ada" };
      api.queueUpdate({
        message: {
          message_id: 50,
          date: 1,
          chat,
          from: CUSTOMER,
          caption: "the damage",
          photo: [
            { file_id: "small", file_unique_id: "s", width: 90, height: 90, file_size: 100 },
            { file_id: "large", file_unique_id: "l", width: 1280, height: 1280, file_size: 90_000 },
          ],
        },
      });
      api.queueUpdate({
        message: {
          message_id: 51,
          date: 1,
          chat,
          from: CUSTOMER,
          document: { file_id: "doc1", file_unique_id: "d", file_name: "invoice.pdf", mime_type: "application/pdf", file_size: 2048 },
        },
      });
      const [photo, doc] = await host.waitFor(2);
      expect(photo).toMatchObject({ text: "the damage", attachments: [{ kind: "image", mimeType: "image/jpeg", size: 90_000, ref: "large" }] });
      expect(doc).toMatchObject({ text: "", attachments: [{ kind: "file", name: "invoice.pdf", mimeType: "application/pdf", size: 2048, ref: "doc1" }] });
      const url = await a.resolveFileUrl("doc1");
      expect(url).toBe(`${api.apiRoot}/file/bot${api.token}/documents/doc1.bin`);
      expect(api.callsTo("getFile")[0]!.body).toEqual({ file_id: "doc1" });
    });

    it("answers a button press and ingests it with the button's label", async () => {
      const { host, started } = start();
      await started;
      const chat = { id: CUSTOMER.id, type: "private", first_name: "Ada" };
      api.queueUpdate({
        callback_query: {
          id: "cbq-1",
          from: CUSTOMER,
          chat_instance: "ci",
          data: "human",
          message: {
            message_id: 60,
            date: 1,
            chat,
            from: api.bot,
            text: "Did that help?",
            reply_markup: { inline_keyboard: [[{ text: "Yes", callback_data: "yes" }], [{ text: "Talk to a person", callback_data: "human" }]] },
          },
        },
      });
      const [m] = await host.waitFor(1);
      expect(m).toMatchObject({
        externalId: "callback:cbq-1",
        text: "Talk to a person",
        address: { chatId: String(CUSTOMER.id) },
        sender: { value: String(CUSTOMER.id) },
      });
      const answered = await api.waitForCall("answerCallbackQuery");
      expect(answered.body).toMatchObject({ callback_query_id: "cbq-1" });
    });

    it("logs and skips update types it does not handle, and carries on", async () => {
      const { host, started } = start();
      await started;
      api.queueUpdate({
        poll: {
          id: "p",
          question: "?",
          options: [],
          total_voter_count: 0,
          is_closed: false,
          is_anonymous: true,
          type: "regular",
          allows_multiple_answers: false,
        },
      });
      api.queueUpdate({ channel_post: { message_id: 1, date: 1, chat: { id: -1009, type: "channel", title: "News" }, text: "hello" } });
      api.queueUpdate({
        message: { message_id: 70, date: 1, chat: { id: CUSTOMER.id, type: "private", first_name: "Ada" }, from: CUSTOMER, new_chat_title: "x" },
      });
      api.queueUpdate({ message: { message_id: 71 } });
      api.queueUpdate(privateText("after the odd ones"));
      const [m] = await host.waitFor(1);
      expect(m!.text).toBe("after the odd ones");
      expect(host.ingested).toHaveLength(1);
    });
  });
});
