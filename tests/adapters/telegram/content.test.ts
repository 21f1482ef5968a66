import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readRawPayload } from "../../../src/adapters/raw-payload.js";
import { createTelegramChannelAdapter, type TelegramChannelAdapter } from "../../../src/adapters/telegram/index.js";
import { captureLogs, flushLogs } from "../../helpers/log-capture.js";
import { startTelegramStandIn, type TelegramStandIn } from "../../fakes/telegram-bot-api.js";
import { configFor, CUSTOMER, deps, fakeHost, OTHER } from "./helpers.js";

/*
 * Fixtures follow the Bot API's Message object (core.telegram.org/bots/api):
 * `contact` (phone_number, first_name, last_name, user_id, vcard),
 * `video_note` (file_id, file_unique_id, length, duration, file_size),
 * `venue` (location, title, address, foursquare_id; "for backward
 * compatibility, when this field is set, the location field will also be
 * set"), `dice`, and forum topics (`message_thread_id` with
 * `is_topic_message` in a supergroup whose chat has `is_forum`). Ids, names,
 * numbers and places are synthetic.
 */
const PRIVATE = { id: CUSTOMER.id, type: "private", first_name: "Ada" };
const FORUM = { id: -1001987654321, type: "supergroup", title: "Northwind customers", is_forum: true };
const PHONE = "+491511234567";

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

function start(extra: Record<string, unknown> = {}, logger = captureLogs().logger) {
  const host = fakeHost();
  adapter = createTelegramChannelAdapter(
    configFor(api, extra),
    { ...deps(), logger },
    {
      pollTimeoutSeconds: 1,
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      limiter: { perChatMs: 0, perGroupMs: 0, globalMs: 0 },
    },
  );
  return { host, adapter, started: adapter.start(host) };
}

const outbound = (text: string) => ({ messageId: "m1", conversationId: "c1", text, attachments: [], authorKind: "agent" as const, createdAt: new Date() });

describe("telegram content the hub used to drop", () => {
  it("stores a shared contact as name and phone in the text, and never logs the phone", async () => {
    const log = captureLogs();
    const { host, started } = start({}, log.logger);
    await started;
    api.queueUpdate({
      message: {
        message_id: 80,
        date: 1_764_000_000,
        chat: PRIVATE,
        from: CUSTOMER,
        contact: { phone_number: PHONE, first_name: "Ada", last_name: "Lovelace", user_id: CUSTOMER.id, vcard: `BEGIN:VCARD\nTEL:${PHONE}\nEND:VCARD` },
      },
    });
    const [m] = await host.waitFor(1);
    expect(m).toMatchObject({ externalId: `${CUSTOMER.id}:80`, text: `Contact: Ada Lovelace, ${PHONE}`, attachments: [] });
    await flushLogs();
    expect(JSON.stringify(log.records())).not.toContain("1511234567");
  });

  it("stores a video note as video attachment metadata with its file_id", async () => {
    const { host, started } = start();
    await started;
    api.queueUpdate({
      message: {
        message_id: 81,
        date: 1,
        chat: PRIVATE,
        from: CUSTOMER,
        video_note: { file_id: "DQACAgIAAxkBAAIBvn", file_unique_id: "AgADvn", length: 240, duration: 7, file_size: 412_331 },
      },
    });
    const [m] = await host.waitFor(1);
    expect(m).toMatchObject({
      text: "",
      attachments: [{ kind: "video", name: "video note", mimeType: "video/mp4", size: 412_331, ref: "DQACAgIAAxkBAAIBvn" }],
    });
  });

  it("stores a venue as its title and address in the text, with one location attachment named by it", async () => {
    const { host, started } = start();
    await started;
    const location = { latitude: 52.521918, longitude: 13.413215 };
    api.queueUpdate({
      message: {
        message_id: 82,
        date: 1,
        chat: PRIVATE,
        from: CUSTOMER,
        location,
        venue: { location, title: "Northwind Store Mitte", address: "Alexanderplatz 1, 10178 Berlin", foursquare_id: "4b5c1a2bf964a520" },
      },
    });
    const [m] = await host.waitFor(1);
    expect(m!.text).toBe("Venue: Northwind Store Mitte, Alexanderplatz 1, 10178 Berlin");
    expect(m!.attachments).toEqual([{ kind: "location", ref: "geo:52.521918,13.413215", name: "Northwind Store Mitte, Alexanderplatz 1, 10178 Berlin" }]);
  });

  it("turns content it cannot represent into a visible placeholder with the raw message kept; service messages stay skipped", async () => {
    const { host, started } = start();
    await started;
    const dice = { message_id: 83, date: 1, chat: PRIVATE, from: CUSTOMER, dice: { emoji: "🎲", value: 4 } };
    const poll = {
      message_id: 84,
      date: 1,
      chat: PRIVATE,
      from: CUSTOMER,
      poll: {
        id: "5",
        question: "Which colour?",
        options: [{ text: "Red", voter_count: 0 }],
        total_voter_count: 0,
        is_closed: false,
        is_anonymous: true,
        type: "regular",
        allows_multiple_answers: false,
      },
    };
    api.queueUpdate({ message: dice });
    api.queueUpdate({ message: { message_id: 85, date: 1, chat: PRIVATE, from: CUSTOMER, pinned_message: { message_id: 1, date: 0, chat: PRIVATE } } });
    api.queueUpdate({ message: poll });
    const [a, b] = await host.waitFor(2);
    expect([a!.text, b!.text]).toEqual(["[unsupported Telegram content: dice]", "[unsupported Telegram content: poll]"]);
    expect(a!.attachments).toMatchObject([{ kind: "file", name: "telegram-message.json", mimeType: "application/json" }]);
    expect(readRawPayload(a!.attachments[0]!)).toEqual(dice);
    expect(readRawPayload(b!.attachments[0]!)).toEqual(poll);
    expect(host.ingested).toHaveLength(2);
  });
});

describe("telegram forum topics", () => {
  it("keeps the topic in the address and sends replies (and typing) into it with message_thread_id", async () => {
    const { host, adapter: a, started } = start({ group_mode: "all" });
    await started;
    api.queueUpdate({
      message: { message_id: 90, message_thread_id: 77, is_topic_message: true, date: 1, chat: FORUM, from: OTHER, text: "Is the trail boot waterproof?" },
    });
    // The General topic has no thread id: replies go to the group as before.
    api.queueUpdate({ message: { message_id: 91, date: 1, chat: FORUM, from: OTHER, text: "hello from General" } });
    const [inTopic, general] = await host.waitFor(2);
    expect(inTopic!.address).toEqual({ chatId: String(FORUM.id), threadId: "77" });
    expect(general!.address).toEqual({ chatId: String(FORUM.id) });

    await a.send(inTopic!.address, outbound("Yes, it has a waterproof membrane."));
    await a.typing(inTopic!.address, true);
    await a.send(general!.address, outbound("Hello!"));
    const [topicReply, generalReply] = api.callsTo("sendMessage");
    expect(topicReply!.body).toMatchObject({ chat_id: String(FORUM.id), message_thread_id: 77, text: "Yes, it has a waterproof membrane." });
    expect(generalReply!.body).not.toHaveProperty("message_thread_id");
    expect(api.callsTo("sendChatAction")[0]!.body).toMatchObject({ chat_id: String(FORUM.id), action: "typing", message_thread_id: 77 });
  });

  it("refuses an address whose topic id is not numeric as invalid_recipient, without calling Telegram", async () => {
    const { adapter: a, started } = start();
    await started;
    await expect(a.send({ chatId: String(FORUM.id), threadId: "general" }, outbound("x"))).rejects.toMatchObject({ kind: "invalid_recipient" });
    expect(api.callsTo("sendMessage")).toHaveLength(0);
  });
});
