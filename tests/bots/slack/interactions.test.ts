import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EscalationRef } from "../../../src/core/model/index.js";
import { startSlackStandIn, type SlackStandIn } from "../../fakes/slack-api.js";
import { AGENT, blockAction, mountedBot, settle, target, threadView, viewSubmission, type Mounted } from "./helpers.js";

let api: SlackStandIn;
let m: Mounted;
let ref: EscalationRef;
let conversationId: string;

beforeEach(async () => {
  api = await startSlackStandIn();
  // Agent in UTC+1 (tz_offset seconds), for snooze "tomorrow 9:00".
  api.users.set(AGENT.id, { id: AGENT.id, real_name: "Mia Agent", tz_offset: 3600, profile: { email: AGENT.email } });
  m = await mountedBot(api);
  const view = threadView();
  ref = await m.bot.openThread(target(), view);
  conversationId = view.conversation.id;
  m.desk.threads.set(ref.threadId, conversationId);
});
afterEach(async () => {
  await m.close();
  await api.close();
});

const click = (action: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  m.postInteraction(blockAction(conversationId, ref.target, ref.threadId, action, extra));

describe("slack: card controls", () => {
  it("each button and select becomes the right AgentEvent, acknowledged at once", async () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ action_id: "tl.claim", type: "button", value: "claim" }, { kind: "claim" }],
      [
        { action_id: "tl.assign", type: "users_select", selected_user: "U0TOM" },
        { kind: "assign", agent: "U0TOM" },
      ],
      [{ action_id: "tl.reopen", type: "button", value: "reopen" }, { kind: "reopen" }],
      [
        { action_id: "tl.priority", type: "static_select", selected_option: { value: "urgent" } },
        { kind: "priority", priority: "urgent" },
      ],
      [
        { action_id: "tl.canned", type: "static_select", selected_option: { value: "refund-timeline" } },
        { kind: "canned", name: "refund-timeline" },
      ],
      [{ action_id: "tl.handback", type: "button", value: "handback" }, { kind: "handback" }],
      [
        { action_id: "tl.loop_in", type: "static_select", selected_option: { value: "engineering" } },
        { kind: "loop_in", target: "engineering" },
      ],
      [{ action_id: "tl.call", type: "button", value: "call" }, { kind: "call" }],
      [{ action_id: "tl.snooze", type: "static_select", selected_option: { value: "4h" } }, { kind: "snooze" }],
    ];
    for (const [action] of cases) {
      const t0 = Date.now();
      const res = await click(action);
      expect(res.status).toBe(200);
      expect(Date.now() - t0).toBeLessThan(1500);
    }
    const events = await m.desk.waitFor(cases.length);
    // Work continues after each ack, so events may be applied in any order: match them by kind.
    for (const [, expected] of cases) {
      const e = events.find((x) => x.kind === expected.kind);
      expect(e).toMatchObject({ ...expected, conversationId, actor: { platform: "slack", userId: AGENT.id, name: "Mia Agent", email: AGENT.email } });
    }
    expect(events).toHaveLength(cases.length);
    const snooze = events.find((e) => e.kind === "snooze") as unknown as { until: Date };
    expect(Math.abs(snooze.until.getTime() - (Date.now() + 4 * 3_600_000))).toBeLessThan(5000);
    expect(new Set(events.map((e) => e.externalId)).size).toBe(cases.length);
  });

  it("snooze 'tomorrow' means 09:00 tomorrow in the agent's own time zone", async () => {
    await click({ action_id: "tl.snooze", type: "static_select", selected_option: { value: "tomorrow" } });
    const [e] = await m.desk.waitFor(1);
    const until = (e as { until: Date }).until;
    const local = new Date(until.getTime() + 3600_000); // UTC+1
    expect(local.getUTCHours()).toBe(9);
    expect(local.getUTCMinutes()).toBe(0);
    expect(until.getTime() - Date.now()).toBeGreaterThan(0);
    expect(until.getTime() - Date.now()).toBeLessThanOrEqual(33 * 3600_000);
  });

  it("an unknown priority value or a foreign block is ignored", async () => {
    await click({ action_id: "tl.priority", type: "static_select", selected_option: { value: "apocalyptic" } });
    await m.postInteraction({
      ...blockAction(conversationId, ref.target, ref.threadId, { action_id: "tl.claim", type: "button" }),
      actions: [{ action_id: "tl.claim", block_id: "someone-else", action_ts: "1.2" }],
    });
    await settle(300);
    expect(m.desk.events).toEqual([]);
  });

  it("Reply opens a modal (views.open with the trigger) showing the channel and recipient; its submission is a reply", async () => {
    await click({ action_id: "tl.reply", type: "button", value: JSON.stringify({ ch: "Telegram", r: "@ana_m" }) }, { trigger_id: "trig-reply-1" });
    const open = await api.waitForCall("views.open");
    expect(open.args.trigger_id).toBe("trig-reply-1");
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe("tl.reply_modal");
    expect(JSON.stringify(view.blocks)).toContain("*Telegram* · @ana_m");
    expect(m.desk.events).toEqual([]); // opening the modal sends nothing

    const meta = JSON.parse(view.private_metadata) as Record<string, unknown>;
    const res = await m.postInteraction(
      viewSubmission("tl.reply_modal", meta, { "tl.reply_text": { text: { type: "plain_text_input", value: "Your refund was issued today." } } }, "VREPLY1"),
    );
    expect(res.status).toBe(200);
    const [e] = await m.desk.waitFor(1);
    expect(e).toMatchObject({ kind: "reply", text: "Your refund was issued today.", conversationId, externalId: "view:VREPLY1" });
    const eph = await api.waitForCall("chat.postEphemeral");
    expect(eph.args).toMatchObject({ channel: ref.target, thread_ts: ref.threadId, user: AGENT.id, text: "Sent to customer on Telegram in 10 s — Undo" });
  });

  it("an empty reply is refused inside the modal (response_action errors) and nothing is sent", async () => {
    const res = await m.postInteraction(
      viewSubmission("tl.reply_modal", { c: conversationId }, { "tl.reply_text": { text: { type: "plain_text_input", value: "   " } } }),
    );
    expect(await res.json()).toMatchObject({ response_action: "errors", errors: { "tl.reply_text": expect.any(String) } });
    await settle();
    expect(m.desk.events).toEqual([]);
  });

  it("Resolve opens a modal with an optional note; Add tag a modal for the tag", async () => {
    await click({ action_id: "tl.resolve", type: "button", value: "resolve" });
    await click({ action_id: "tl.tag", type: "button", value: "tag" });
    await settle(300);
    const opened = api.callsTo("views.open").map((c) => c.args.view as { callback_id: string; private_metadata: string });
    expect(opened.map((v) => v.callback_id)).toEqual(["tl.resolve_modal", "tl.tag_modal"]);
    const meta = JSON.parse(opened[0]!.private_metadata) as Record<string, unknown>;
    await m.postInteraction(viewSubmission("tl.resolve_modal", meta, { "tl.resolve_note": { note: { type: "plain_text_input", value: "Refunded 42 EUR" } } }));
    await m.postInteraction(viewSubmission("tl.resolve_modal", meta, { "tl.resolve_note": { note: { type: "plain_text_input", value: null } } }));
    await m.postInteraction(viewSubmission("tl.tag_modal", meta, { "tl.tag_value": { tag: { type: "plain_text_input", value: "refund" } } }));
    const events = await m.desk.waitFor(3);
    const summary = events.map(({ kind, ...rest }) => ({ kind, note: (rest as { note?: string }).note, tag: (rest as { tag?: string }).tag }));
    expect(summary).toEqual(
      expect.arrayContaining([
        { kind: "resolve", note: "Refunded 42 EUR", tag: undefined },
        { kind: "resolve", note: undefined, tag: undefined },
        { kind: "tag", note: undefined, tag: "refund" },
      ]),
    );
    expect(summary).toHaveLength(3);
  });

  it("Undo on the confirmation cancels the reply (undo_reply with the message id) and replaces the confirmation", async () => {
    await m.postInteraction({
      ...blockAction(conversationId, ref.target, ref.threadId, {
        action_id: "tl.undo",
        type: "button",
        value: "msg-77",
        block_id: `tl.undo:${conversationId}`,
      }),
      container: { type: "message", channel_id: ref.target, message_ts: "1.5", thread_ts: ref.threadId, is_ephemeral: true },
      response_url: api.responseUrl("undo-1"),
    });
    const [e] = await m.desk.waitFor(1);
    expect(e).toMatchObject({ kind: "undo_reply", messageId: "msg-77", conversationId });
    await expect.poll(() => api.responses.length).toBe(1);
    expect(api.responses[0]!.body).toMatchObject({ replace_original: true, text: expect.stringContaining("Undone") });
  });

  it("the desk's refusal of a control is shown to the agent ephemerally", async () => {
    m.desk.respondNext({ ok: false, error: "not_allowed", message: "You are not an agent of the billing queue." });
    await click({ action_id: "tl.claim", type: "button", value: "claim" });
    const eph = await api.waitForCall("chat.postEphemeral");
    expect(eph.args).toMatchObject({ user: AGENT.id, channel: ref.target, thread_ts: ref.threadId, text: "You are not an agent of the billing queue." });
  });
});

describe("slack: message shortcut", () => {
  it("'Reply to customer' on a thread message opens the reply modal prefilled with its text", async () => {
    await m.postInteraction({
      type: "message_action",
      callback_id: "tl.reply_shortcut",
      trigger_id: "trig-sc",
      user: { id: AGENT.id },
      channel: { id: ref.target },
      team: { id: "T0TEAM01" },
      message: { ts: "1800000001.000001", thread_ts: ref.threadId, text: "We refunded you &amp; sorry <https://shop.example/faq|see FAQ>" },
      response_url: api.responseUrl("sc"),
    });
    const open = await api.waitForCall("views.open");
    const view = open.args.view as { callback_id: string; blocks: unknown[] };
    expect(view.callback_id).toBe("tl.reply_modal");
    const all = JSON.stringify(view.blocks);
    expect(all).toContain("We refunded you & sorry see FAQ (https://shop.example/faq)");
    expect(all).toContain("@ana_m");
    expect(m.desk.events).toEqual([]);
  });

  it("on a message outside our threads it says so ephemerally", async () => {
    await m.postInteraction({
      type: "message_action",
      callback_id: "tl.reply_shortcut",
      trigger_id: "trig-sc2",
      user: { id: AGENT.id },
      channel: { id: "C0RANDOM" },
      team: { id: "T0TEAM01" },
      message: { ts: "1800000001.000009", text: "hello" },
      response_url: api.responseUrl("sc2"),
    });
    const eph = await api.waitForCall("chat.postEphemeral");
    expect(String(eph.args.text)).toContain("not in a Threadline escalation thread");
    expect(api.callsTo("views.open")).toHaveLength(0);
  });
});
