import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EscalationRef } from "../../../src/core/model/index.js";
import { startSlackStandIn, type SlackStandIn } from "../../fakes/slack-api.js";
import { AGENT, envelope, mountedBot, settle, target, threadMessage, threadView, type Mounted } from "./helpers.js";

let api: SlackStandIn;
let m: Mounted | null = null;

beforeEach(async () => {
  api = await startSlackStandIn();
  api.users.set(AGENT.id, { id: AGENT.id, name: "mia", real_name: "Mia Agent", tz_offset: 3600, profile: { email: AGENT.email, display_name: "Mia" } });
});
afterEach(async () => {
  await m?.close();
  m = null;
  await api.close();
});

/** A bot with one open thread in `target` (repliesByDefault as given), known to the desk like the hub would store it. */
async function withThread(repliesByDefault = false): Promise<{ m: Mounted; ref: EscalationRef; conversationId: string }> {
  m = await mountedBot(api);
  const view = threadView();
  const ref = await m.bot.openThread(target({ repliesByDefault }), view);
  m.desk.threads.set(ref.threadId, view.conversation.id);
  return { m, ref, conversationId: view.conversation.id };
}

describe("slack: thread messages", () => {
  it("a plain thread message is an internal note (never a reply), with the acting agent resolved by users.info", async () => {
    const { m, ref, conversationId } = await withThread();
    const res = await m.postEvent(envelope(threadMessage(ref.target, ref.threadId, "Customer seems upset, checking the payment")));
    expect(res.status).toBe(200);
    const [e] = await m.desk.waitFor(1);
    expect(e).toMatchObject({
      kind: "note",
      text: "Customer seems upset, checking the payment",
      conversationId,
      actor: { platform: "slack", userId: AGENT.id, name: "Mia", email: AGENT.email },
    });
    expect(e!.externalId).toMatch(/^msg:C0BILLING:/);
    await settle();
    expect(m.desk.events.some((x) => x.kind === "reply")).toBe(false);
    expect(api.callsTo("chat.postEphemeral")).toHaveLength(0);
  });

  it("the reply prefix makes it a reply, and the agent gets the ephemeral 'Sent … in 10 s — Undo' confirmation", async () => {
    const { m, ref } = await withThread();
    await m.postEvent(envelope(threadMessage(ref.target, ref.threadId, "!REPLY Your refund is on its way &amp; will arrive soon")));
    const [e] = await m.desk.waitFor(1);
    expect(e).toMatchObject({ kind: "reply", text: "Your refund is on its way & will arrive soon" });
    const eph = await api.waitForCall("chat.postEphemeral");
    expect(eph.args).toMatchObject({ channel: "C0BILLING", user: AGENT.id, thread_ts: ref.threadId, text: "Sent to customer on Telegram in 10 s — Undo" });
    const undo = (eph.args.blocks as { accessory?: { action_id: string; value: string } }[])[0]!.accessory!;
    expect(undo).toMatchObject({ action_id: "tl.undo", value: "msg-1" });
  });

  it("in a replies_by_default target a plain message is a reply, and the note prefix keeps it internal", async () => {
    const { m, ref } = await withThread(true);
    await m.postEvent(envelope(threadMessage(ref.target, ref.threadId, "We have refunded you.")));
    await m.postEvent(envelope(threadMessage(ref.target, ref.threadId, "!note check again tomorrow !reply x")));
    const events = await m.desk.waitFor(2);
    const byText = Object.fromEntries(events.map((e) => [(e as { text: string }).text, e.kind]));
    expect(byText).toEqual({ "We have refunded you.": "reply", "check again tomorrow !reply x": "note" });
  });

  it("after a restart (thread unknown to the bot) it asks the desk, and a plain message stays a note even if the target replies by default", async () => {
    m = await mountedBot(api);
    m.desk.threads.set("1699999999.000100", "cv_restarted");
    await m.postEvent(envelope(threadMessage("C0OTHER", "1699999999.000100", "plain text")));
    const [e] = await m.desk.waitFor(1);
    expect(e).toMatchObject({ kind: "note", conversationId: "cv_restarted" });
  });

  it("echo guard: our own posts, other bots, bot_message and edits are ignored; so are threads that are not ours and top-level messages", async () => {
    const { m, ref } = await withThread(true);
    const posts = [
      threadMessage(ref.target, ref.threadId, "!reply from a bot", { bot_id: "B0OTHER" }),
      threadMessage(ref.target, ref.threadId, "!reply bot message", { subtype: "bot_message", user: undefined }),
      threadMessage(ref.target, ref.threadId, "!reply our own", { user: api.bot.userId }),
      threadMessage(ref.target, ref.threadId, "!reply edited", { subtype: "message_changed" }),
      threadMessage(ref.target, "1111111111.000001", "!reply elsewhere"),
      threadMessage(ref.target, ref.threadId, "!reply top level", { thread_ts: undefined }),
    ];
    for (const p of posts) expect((await m.postEvent(envelope(p))).status).toBe(200);
    await settle(300);
    expect(m.desk.events).toEqual([]);
  });

  it("a Slack retry of the same event_id is acknowledged but applied once", async () => {
    const { m, ref } = await withThread();
    const env = envelope(threadMessage(ref.target, ref.threadId, "!reply once only"), "EvRETRY1");
    expect((await m.postEvent(env)).status).toBe(200);
    await m.desk.waitFor(1);
    const body = JSON.stringify(env);
    const { sign } = await import("./helpers.js");
    for (const n of ["1", "2"]) {
      const res = await m.postRaw(body, "application/json", { ...sign(body), "x-slack-retry-num": n, "x-slack-retry-reason": "http_timeout" });
      expect(res.status).toBe(200);
    }
    await settle(300);
    expect(m.desk.events).toHaveLength(1);
  });

  it("answers Slack at once even when the desk is slow (work continues after the ack)", async () => {
    const { m, ref } = await withThread();
    m.desk.setDelay(1500);
    const t0 = Date.now();
    const res = await m.postEvent(envelope(threadMessage(ref.target, ref.threadId, "slow desk")));
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1000);
    await m.desk.waitFor(1, 4000);
  });

  it("shows the desk's refusal to the agent ephemerally", async () => {
    const { m, ref } = await withThread();
    m.desk.respondNext({ ok: false, error: "not_allowed", message: "Only the assignee (Tom) can reply in this thread." });
    await m.postEvent(envelope(threadMessage(ref.target, ref.threadId, "!reply hello")));
    const eph = await api.waitForCall("chat.postEphemeral");
    expect(eph.args).toMatchObject({ user: AGENT.id, text: "Only the assignee (Tom) can reply in this thread.", thread_ts: ref.threadId });
  });
});

describe("slack: reactions", () => {
  it("✅ resolves and 👀 claims (by Slack name, skin tones too), on the card or a mirrored message; others are ignored", async () => {
    const { m, ref, conversationId } = await withThread();
    await m.bot.mirror(ref, {
      message: {
        id: "m1",
        direction: "inbound",
        authorKind: "customer",
        authorId: null,
        channel: "telegram",
        text: "hi",
        createdAt: new Date(),
        attachments: [],
      },
    });
    const mirrored = api.callsTo("chat.postMessage")[1]!;
    expect(mirrored.args.thread_ts).toBe(ref.threadId);
    const mirrorTs = String(mirrored.result!.ts);
    const reaction = (name: string, ts: string) => ({
      type: "reaction_added",
      user: AGENT.id,
      reaction: name,
      item: { type: "message", channel: ref.target, ts },
      event_ts: "1.1",
    });
    await m.postEvent(envelope(reaction("eyes", ref.threadId)));
    await m.postEvent(envelope(reaction("thumbsdown", ref.threadId)));
    await m.postEvent(envelope({ ...reaction("white_check_mark", ref.threadId), user: api.bot.userId }));
    await m.desk.waitFor(1);
    await m.postEvent(envelope(reaction("white_check_mark", mirrorTs)));
    const events = await m.desk.waitFor(2);
    await settle(200);
    expect(events.map((e) => e.kind)).toEqual(["claim", "resolve"]);
    expect(events[0]).toMatchObject({ conversationId, actor: { userId: AGENT.id } });
  });

  it("a reaction on a message inside the thread finds the thread through the messages the bot saw", async () => {
    const { m, ref, conversationId } = await withThread();
    const msg = threadMessage(ref.target, ref.threadId, "internal remark");
    await m.postEvent(envelope(msg));
    await m.desk.waitFor(1);
    await m.postEvent(
      envelope({
        type: "reaction_added",
        user: AGENT.id,
        reaction: "white_check_mark::skin-tone-3",
        item: { type: "message", channel: ref.target, ts: msg.ts },
      }),
    );
    const events = await m.desk.waitFor(2);
    expect(events[1]).toMatchObject({ kind: "resolve", conversationId });
  });
});
