import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../helpers/hub.js";
import { CHARGEBACK, escalationConfig, recordingBot, type RecordingBot } from "../../core/escalation/helpers.js";
import { startTelegramStandIn, type TelegramStandIn } from "../../fakes/telegram-bot-api.js";
import { eventually } from "./helpers.js";

let api: TelegramStandIn;
let hub: TestHub | null = null;
let slack: RecordingBot;
beforeEach(async () => {
  api = await startTelegramStandIn();
  slack = recordingBot("slack");
});
afterEach(async () => {
  await hub?.stop();
  hub = null;
  await api.close();
});

/** The escalation test config (a Slack target served by the recording bot) plus Telegram pointing at the stand-in. */
function config(): string {
  const base = escalationConfig().replace(/\n  telegram:.*\n(?:(?: {4,}.*| *#.*)?\n)*/, "\n");
  expect(base).toMatch(/\nchannels:\n/);
  return base.replace("\nchannels:\n", `\nchannels:\n  telegram:\n    token: \${TELEGRAM_BOT_TOKEN}\n    api_root: ${api.apiRoot}\n`);
}

async function startWithTelegram(options: { knowledge?: boolean } = {}): Promise<TestHub> {
  hub = await startTestHub({ configYaml: config(), env: { TELEGRAM_BOT_TOKEN: api.token }, overrides: { botOverrides: { slack } }, ...options });
  return hub;
}

const customer = { id: 5151, is_bot: false, first_name: "Grace" };
const chat = { id: 5151, type: "private", first_name: "Grace" };
const now = () => Math.floor(Date.now() / 1000);

describe("telegram edits reach the agents", () => {
  it("an edit of an escalated message: stored text replaced, old text on the event, 'edited: old → new' in the thread, the card shows it, no new answer", async () => {
    const t = await startWithTelegram();
    api.queueUpdate({ message: { message_id: 11, date: now(), chat, from: customer, text: CHARGEBACK } });
    await eventually(() => slack.opened.length === 1, 10_000, "the escalation thread");
    await t.hub.settle();
    const stored = (await t.store.findMessageByExternalId("telegram", "5151:11"))!;
    const sentBefore = api.callsTo("sendMessage").length;

    const corrected = "I will file a chargeback with my bank if you don't refund order 1043 today";
    api.queueUpdate({ edited_message: { message_id: 11, date: now(), edit_date: now() + 5, chat, from: customer, text: corrected } });
    const line = `edited: ${CHARGEBACK} → ${corrected}`;
    await eventually(() => slack.of("mirror").some((c) => c.entry.message.text === line), 10_000, "the edit mirrored into the thread");
    await t.hub.settle();

    const mirrored = slack.of("mirror").filter((c) => c.entry.message.text === line);
    expect(mirrored).toHaveLength(1);
    expect(mirrored[0]!.ref.threadId).toBe(slack.opened[0]!.ref.threadId);
    expect(mirrored[0]!.entry.message).toMatchObject({ id: stored.id, direction: "inbound", authorKind: "customer", channel: "telegram" });
    expect((await t.store.getMessage(stored.id))!.text).toBe(corrected);
    const [edited] = await t.store.listEvents({ conversationId: stored.conversationId, type: "message.edited" });
    expect(edited!.data).toMatchObject({ messageId: stored.id, previousText: CHARGEBACK, text: corrected });
    // The card: stored on the conversation and re-rendered in the thread.
    const step = `Customer edited a message: “${CHARGEBACK}” → “${corrected}”`;
    expect((await t.store.getConversation(stored.conversationId))!.handoff!.stepsTried).toContain(step);
    expect(slack.of("update").at(-1)!.view.card.stepsTried).toContain(step);
    // Nothing was answered again.
    expect(api.callsTo("sendMessage")).toHaveLength(sentBefore);

    // Telegram delivering the same edit again changes nothing and posts nothing more.
    api.queueUpdate({ edited_message: { message_id: 11, date: now(), edit_date: now() + 5, chat, from: customer, text: corrected } });
    await eventually(() => api.pending().length === 0, 5000, "the redelivery handled");
    await t.hub.settle();
    expect(slack.of("mirror").filter((c) => c.entry.message.text === line)).toHaveLength(1);
  });

  it("an edit of a message the AI already answered is stored but not answered again", async () => {
    // With the knowledge base the AI answers this itself (no escalation, so no thread).
    const t = await startWithTelegram({ knowledge: true });
    api.queueUpdate({ message: { message_id: 21, date: now(), chat, from: customer, text: "How do I wash my waterproof jacket?" } });
    await eventually(async () => api.callsTo("sendMessage").length > 0, 10_000, "the AI's answer");
    await t.hub.settle();
    const sent = api.callsTo("sendMessage").length;
    api.queueUpdate({
      edited_message: { message_id: 21, date: now(), edit_date: now() + 3, chat, from: customer, text: "How do I wash my waterproof trousers?" },
    });
    await eventually(
      async () => (await t.store.findMessageByExternalId("telegram", "5151:21"))?.text === "How do I wash my waterproof trousers?",
      5000,
      "the edit stored",
    );
    await t.hub.settle();
    expect(api.callsTo("sendMessage")).toHaveLength(sent);
    expect(slack.of("openThread")).toHaveLength(0);
    expect(slack.of("mirror")).toHaveLength(0);
  });
});

describe("telegram forum topics through the hub", () => {
  it("answers a customer in a forum topic inside that topic (sendMessage carries message_thread_id)", async () => {
    const t = await startWithTelegram();
    const forum = { id: -1001987654321, type: "supergroup", title: "Northwind customers", is_forum: true };
    const text = `@${api.bot.username} How do I wash my waterproof jacket?`;
    api.queueUpdate({
      message: {
        message_id: 31,
        message_thread_id: 4,
        is_topic_message: true,
        date: now(),
        chat: forum,
        from: customer,
        text,
        entities: [{ type: "mention", offset: 0, length: api.bot.username.length + 1 }],
      },
    });
    const reply = await api.waitForCall("sendMessage", () => true, 10_000);
    await t.hub.settle();
    expect(reply.body).toMatchObject({ chat_id: String(forum.id), message_thread_id: 4 });
    const stored = (await t.store.findMessageByExternalId("telegram", `${forum.id}:31`))!;
    expect((await t.store.getConversation(stored.conversationId))!.addresses.telegram).toEqual({ chatId: String(forum.id), threadId: "4" });
  });
});
