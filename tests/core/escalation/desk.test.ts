import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../../src/core/clock.js";
import { makeEvent } from "../../../src/core/model/index.js";
import type { AgentAction, AgentActor, AgentResult } from "../../../src/core/escalation/port.js";
import { recordingAdapter, webInbound, type RecordingAdapter } from "../../helpers/fakes.js";
import { startTestHub, type TestHub } from "../../helpers/hub.js";
import { AGENTS, CHARGEBACK, escalationConfig, recordingBot, type RecordingBot } from "./helpers.js";

const UNDO_MS = 10_000;

describe("the agent desk inside the real hub", () => {
  const clock = manualClock(new Date("2026-11-24T10:00:00Z"));
  let t: TestHub;
  let web: RecordingAdapter;
  let telegram: RecordingAdapter;
  let slack: RecordingBot;
  let visitors = 0;
  let actions = 0;

  beforeAll(async () => {
    web = recordingAdapter("web");
    telegram = recordingAdapter("telegram");
    slack = recordingBot("slack");
    t = await startTestHub({
      knowledge: true,
      clock,
      configYaml: escalationConfig(),
      overrides: { adapterOverrides: { web, telegram }, botOverrides: { slack } },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  /** A new visitor writes a chargeback threat: the AI escalates it (owner human, handoff card, thread in #billing). */
  async function escalated(): Promise<{ id: string; visitor: string }> {
    const visitor = `vis_desk_${++visitors}`;
    const [m] = await t.hub.ingest([webInbound(visitor, CHARGEBACK)]);
    await t.hub.settle();
    const c = await t.store.getConversation(m!.conversationId);
    expect(c?.owner).toBe("human");
    expect(c?.handoff?.rule).toBe("chargeback");
    return { id: c!.id, visitor };
  }
  /** A new visitor whose conversation the AI still owns. */
  async function aiOwned(): Promise<{ id: string; visitor: string }> {
    const visitor = `vis_desk_${++visitors}`;
    const [m] = await t.hub.ingest([webInbound(visitor, "Hello, how long does shipping to Germany take?")]);
    await t.hub.settle();
    const c = await t.store.getConversation(m!.conversationId);
    expect(c?.owner).toBe("ai");
    return { id: c!.id, visitor };
  }
  const act = (conversationId: string, action: AgentAction, actor: AgentActor = AGENTS.mia, externalId = `ev-${++actions}`): Promise<AgentResult> =>
    t.hub.desk.handle({ conversationId, actor, externalId, ...action });
  const sentTo = (a: RecordingAdapter, visitor: string) => a.sent.filter((s) => s.address.visitorId === visitor).map((s) => s.message.text);
  const events = async (conversationId: string, type: string) => t.store.listEvents({ conversationId, type });
  async function passUndoWindow(): Promise<void> {
    clock.advance(UNDO_MS + 1_000);
    await t.hub.settle();
  }

  it("a note is an internal message the outbox never sends, even in a replies_by_default target and after the undo window", async () => {
    const { id, visitor } = await escalated();
    const before = sentTo(web, visitor).length;
    const r = await act(id, { kind: "note", text: "Checked Stripe: payment 1042 captured twice" });
    expect(r.ok).toBe(true);
    await t.hub.settle();
    await passUndoWindow();
    await passUndoWindow();
    const notes = (await t.store.listMessages(id)).filter((m) => m.text === "Checked Stripe: payment 1042 captured twice");
    expect(notes).toHaveLength(1);
    expect(notes[0]!.direction).toBe("internal");
    expect(notes[0]!.authorId).toBe("mia");
    expect(sentTo(web, visitor)).toHaveLength(before);
    expect(web.sent.some((s) => s.message.text.includes("Stripe"))).toBe(false);
    expect(await events(id, "note.added")).toHaveLength(1);
    expect(await act(id, { kind: "note", text: "   " })).toMatchObject({ ok: false, error: "invalid" });
  });

  it("a reply waits in the outbox for the undo window (nextAttemptAt = now + undo_window) and is delivered after it", async () => {
    const { id, visitor } = await escalated();
    const queuedAt = clock.now();
    const r = await act(id, { kind: "reply", text: "We are refunding order 1042 now." });
    expect(r).toMatchObject({ ok: true, data: { channel: "web", undoUntil: new Date(queuedAt.getTime() + UNDO_MS).toISOString() } });
    expect((await t.store.nextOutboxDue())?.getTime()).toBe(queuedAt.getTime() + UNDO_MS);
    await t.hub.settle();
    clock.advance(UNDO_MS - 1_000);
    await t.hub.settle();
    expect(sentTo(web, visitor)).not.toContain("We are refunding order 1042 now.");
    clock.advance(1_001);
    await t.hub.settle();
    expect(sentTo(web, visitor)).toContain("We are refunding order 1042 now.");
    const msg = await t.store.getMessage(String(r.ok && r.data?.messageId));
    expect(msg).toMatchObject({ direction: "outbound", authorKind: "agent", authorId: "mia" });
    expect(["sent", "delivered"]).toContain(msg!.deliveryState);
    const queued = await events(id, "reply.queued");
    expect(queued).toHaveLength(1);
    expect(queued[0]!.actor).toBe("agent:mia");
  });

  it("undo_reply inside the window withdraws the reply: the customer never gets it", async () => {
    const { id, visitor } = await escalated();
    const r = await act(id, { kind: "reply", text: "Oops, wrong customer" });
    const messageId = String(r.ok && r.data?.messageId);
    clock.advance(3_000);
    const undo = await act(id, { kind: "undo_reply", messageId });
    expect(undo.ok).toBe(true);
    await passUndoWindow();
    await passUndoWindow();
    expect(sentTo(web, visitor)).not.toContain("Oops, wrong customer");
    expect(await t.store.getMessage(messageId)).toMatchObject({ deliveryState: "failed", error: "cancelled" });
    const undone = await events(id, "reply.undone");
    expect(undone).toHaveLength(1);
    expect(undone[0]).toMatchObject({ actor: "agent:mia", data: { messageId } });
    // Undoing something that is not a reply of this conversation is refused.
    const note = (await t.store.listMessages(id)).find((m) => m.direction === "inbound")!;
    expect(await act(id, { kind: "undo_reply", messageId: note.id })).toMatchObject({ ok: false, error: "invalid" });
  });

  it("undo after the reply was sent is too_late", async () => {
    const { id, visitor } = await escalated();
    const r = await act(id, { kind: "reply", text: "Refund confirmed." });
    const messageId = String(r.ok && r.data?.messageId);
    await passUndoWindow();
    expect(sentTo(web, visitor)).toContain("Refund confirmed.");
    expect(await act(id, { kind: "undo_reply", messageId })).toMatchObject({ ok: false, error: "too_late" });
    expect(await events(id, "reply.undone")).toHaveLength(0);
  });

  it("a reply on another channel goes there; a channel without an address is a clear error", async () => {
    const { id, visitor } = await escalated();
    const c = (await t.store.getConversation(id))!;
    await t.store.updateConversation(id, {}, { addresses: { ...c.addresses, telegram: { chatId: 4242 } } }, []);
    const r = await act(id, { kind: "reply", text: "Writing you on Telegram", channel: "telegram" });
    expect(r).toMatchObject({ ok: true, data: { channel: "telegram" } });
    await passUndoWindow();
    expect(telegram.sent.filter((s) => s.address.chatId === 4242).map((s) => s.message.text)).toEqual(["Writing you on Telegram"]);
    expect(sentTo(web, visitor)).not.toContain("Writing you on Telegram");

    const noAddress = await act(id, { kind: "reply", text: "Writing you by email", channel: "email" });
    expect(noAddress).toMatchObject({ ok: false, error: "invalid" });
    expect(noAddress.ok || noAddress.message).toMatch(/no address on email/);
    const unknown = await act(id, { kind: "reply", text: "x", channel: "fax" });
    expect(unknown).toMatchObject({ ok: false, error: "invalid" });
    expect((await t.store.listMessages(id)).some((m) => m.text === "Writing you by email")).toBe(false);
  });

  it("claim makes the agent the owner and assignee, recorded with the agent as actor", async () => {
    const escalatedOne = await escalated();
    expect(await act(escalatedOne.id, { kind: "claim" })).toMatchObject({ ok: true });
    expect(await t.store.getConversation(escalatedOne.id)).toMatchObject({ owner: "human", assignee: "mia" });
    expect((await events(escalatedOne.id, "conversation.assigned")).map((e) => [e.actor, e.data.to])).toEqual([["agent:mia", "mia"]]);

    const { id } = await aiOwned();
    expect(await act(id, { kind: "claim" }, AGENTS.ben)).toMatchObject({ ok: true });
    expect(await t.store.getConversation(id)).toMatchObject({ owner: "human", assignee: "ben" });
    const owner = await events(id, "owner.changed");
    expect(owner.map((e) => [e.actor, e.data.from, e.data.to])).toEqual([["agent:ben", "ai", "human"]]);
    expect((await events(id, "conversation.assigned"))[0]).toMatchObject({ actor: "agent:ben", data: { to: "ben" } });
  });

  it("two concurrent claims: one wins, the other gets conflict", async () => {
    const { id } = await escalated();
    const [a, b] = await Promise.all([act(id, { kind: "claim" }, AGENTS.mia), act(id, { kind: "claim" }, AGENTS.ben)]);
    const results = [a, b];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ ok: false, error: "conflict" })]);
    const winner = a.ok ? "mia" : "ben";
    expect((await t.store.getConversation(id))!.assignee).toBe(winner);
    expect(await events(id, "conversation.assigned")).toHaveLength(1);
  });

  it("two agents resolving at once with notes: one resolution, one note (the loser writes nothing)", async () => {
    const { id } = await escalated();
    const [a, b] = await Promise.all([
      act(id, { kind: "resolve", note: "Refund confirmed" }, AGENTS.mia),
      act(id, { kind: "resolve", note: "Closing this" }, AGENTS.ben),
    ]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect(await events(id, "note.added")).toHaveLength(1);
    expect((await t.store.listMessages(id)).filter((m) => m.direction === "internal")).toHaveLength(1);
  });

  it("assign by agent id, by name and by Slack user id; an unknown agent is refused", async () => {
    const { id } = await escalated();
    expect(await act(id, { kind: "assign", agent: "ben" })).toMatchObject({ ok: true });
    expect((await t.store.getConversation(id))!.assignee).toBe("ben");
    expect(await act(id, { kind: "assign", agent: "mia" })).toMatchObject({ ok: true });
    expect(await act(id, { kind: "assign", agent: "Ben Ortiz" })).toMatchObject({ ok: true });
    expect((await t.store.getConversation(id))!.assignee).toBe("ben");
    expect(await act(id, { kind: "assign", agent: "@U0MIA" })).toMatchObject({ ok: true });
    expect((await t.store.getConversation(id))!.assignee).toBe("mia");
    expect(await act(id, { kind: "assign", agent: "U0BEN" })).toMatchObject({ ok: true });
    expect((await t.store.getConversation(id))!.assignee).toBe("ben");
    expect(await act(id, { kind: "assign", agent: "nobody" })).toMatchObject({ ok: false, error: "invalid" });
    expect((await events(id, "conversation.assigned")).map((e) => e.data.to)).toEqual(["ben", "mia", "ben", "mia", "ben"]);
  });

  it("resolve with a note writes the internal note, resolves, and records ONE agent.action marker", async () => {
    const { id, visitor } = await escalated();
    const before = sentTo(web, visitor).length;
    const r = await act(id, { kind: "resolve", note: "Refunded via Stripe" }, AGENTS.mia, "resolve-1");
    expect(r.ok).toBe(true);
    expect((await t.store.getConversation(id))!.status).toBe("resolved");
    const note = (await t.store.listMessages(id)).find((m) => m.text === "Refunded via Stripe");
    expect(note?.direction).toBe("internal");
    expect((await events(id, "agent.action")).filter((e) => e.data.externalId === "resolve-1")).toHaveLength(1);
    expect((await events(id, "conversation.status_changed")).at(-1)).toMatchObject({ actor: "agent:mia", data: { to: "resolved" } });
    await passUndoWindow();
    // The note never reaches the customer; what does is the satisfaction survey the resolution triggers.
    // The survey is scheduled right after the resolution: settle until it went out.
    for (let i = 0; i < 100 && sentTo(web, visitor).length === before; i++) {
      await new Promise((r) => setTimeout(r, 20));
      await t.hub.settle();
    }
    expect(sentTo(web, visitor).slice(before)).toEqual([expect.stringMatching(/^How would you rate the help you got\?/)]);

    expect(await act(id, { kind: "reopen" })).toMatchObject({ ok: true });
    expect((await t.store.getConversation(id))!.status).toBe("open");
  });

  it("snooze until a future time; a past time is invalid", async () => {
    const { id } = await escalated();
    const until = new Date(clock.now().getTime() + 3_600_000);
    expect(await act(id, { kind: "snooze", until })).toMatchObject({ ok: true });
    expect(await t.store.getConversation(id)).toMatchObject({ status: "snoozed", snoozedUntil: until });
    expect(await act(id, { kind: "snooze", until: new Date(clock.now().getTime() - 1) })).toMatchObject({ ok: false, error: "invalid" });
  });

  it("priority and (deduplicated, normalised) tags", async () => {
    const { id } = await escalated();
    expect(await act(id, { kind: "priority", priority: "urgent" })).toMatchObject({ ok: true });
    expect((await t.store.getConversation(id))!.priority).toBe("urgent");
    expect((await events(id, "conversation.priority_changed"))[0]).toMatchObject({ actor: "agent:mia", data: { to: "urgent" } });
    expect(await act(id, { kind: "tag", tag: "Refund " })).toMatchObject({ ok: true });
    expect(await act(id, { kind: "tag", tag: "refund" })).toMatchObject({ ok: true });
    expect((await t.store.getConversation(id))!.tags.filter((x) => x === "refund")).toEqual(["refund"]);
    expect(await events(id, "conversation.tagged")).toHaveLength(1);
  });

  it("canned queues the configured text as a reply; an unknown name lists the configured ones", async () => {
    const { id, visitor } = await escalated();
    expect(await act(id, { kind: "canned", name: "photo_request" })).toMatchObject({ ok: true });
    await t.hub.settle();
    expect(sentTo(web, visitor)).not.toContain("Could you send us a photo of the damage?");
    await passUndoWindow();
    expect(sentTo(web, visitor)).toContain("Could you send us a photo of the damage?");
    const unknown = await act(id, { kind: "canned", name: "nope" });
    expect(unknown).toMatchObject({ ok: false, error: "invalid" });
    expect(unknown.ok || unknown.message).toMatch(/photo_request, refund_started/);
  });

  it("handback gives the conversation back to the AI, which answers the next customer message", async () => {
    const { id, visitor } = await escalated();
    await act(id, { kind: "claim" });
    expect(await act(id, { kind: "handback" })).toMatchObject({ ok: true });
    expect(await t.store.getConversation(id)).toMatchObject({ owner: "ai", assignee: null });
    expect((await events(id, "owner.changed")).at(-1)).toMatchObject({ actor: "agent:mia", data: { to: "ai", reason: "handback" } });
    const aiBefore = (await t.store.listMessages(id)).filter((m) => m.direction === "outbound" && m.authorKind === "ai").length;
    const [next] = await t.hub.ingest([webInbound(visitor, "Thanks! Also, how long does shipping to Germany take?")]);
    await t.hub.settle();
    expect(next!.conversationId).toBe(id);
    const aiAfter = (await t.store.listMessages(id)).filter((m) => m.direction === "outbound" && m.authorKind === "ai");
    expect(aiAfter.length).toBeGreaterThan(aiBefore);
    expect(sentTo(web, visitor)).toContain(aiAfter.at(-1)!.text);
  });

  it("call sends the invitation with the meeting link to the customer; end_call ends it", async () => {
    const { id, visitor } = await escalated();
    const r = await act(id, { kind: "call" });
    expect(r.ok).toBe(true);
    const url = String(r.ok && r.data?.url);
    expect(url).toMatch(/^https:\/\/meet\.example\/northwind-[A-Za-z0-9_-]+$/);
    await t.hub.settle();
    expect(sentTo(web, visitor)).toContain(`Mia invites you to a call: ${url}`);
    expect((await events(id, "call.started"))[0]).toMatchObject({ actor: "agent:mia", data: { url } });
    expect(await act(id, { kind: "end_call" })).toMatchObject({ ok: true });
    expect(await events(id, "call.ended")).toHaveLength(1);
  });

  it("loop_in posts to the other target through its bot, linked to the main thread, and records the side thread", async () => {
    const { id } = await escalated();
    const main = (await t.store.getConversation(id))!.escalation!;
    const before = slack.of("notify").length;
    const r = await act(id, { kind: "loop_in", target: "security", text: "Is this card on the fraud list?" });
    expect(r).toMatchObject({ ok: true });
    const notify = slack.of("notify").slice(before);
    expect(notify).toHaveLength(1);
    expect(notify[0]!.target).toMatchObject({ name: "security", channel: "C0SECURITY" });
    expect(notify[0]!.text).toContain("Is this card on the fraud list?");
    expect(notify[0]!.options?.linkTo).toMatchObject({ threadId: main.threadId });
    const opened = (await events(id, "thread.opened")).filter((e) => e.data.kind === "side");
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ actor: "agent:mia", data: { targetName: "security", platform: "slack" } });
    expect(await t.hub.desk.conversationForThread("slack", String(opened[0]!.data.threadId))).toBe(id);
    expect(await events(id, "conversation.looped_in")).toHaveLength(1);

    // The looped-in team answers in its side thread: an internal note, shown in the main thread too, never sent to the customer.
    const sideThreadId = String(opened[0]!.data.threadId);
    const mirroredBefore = slack.of("mirror").length;
    const answer = await t.hub.desk.handle({
      conversationId: id,
      actor: AGENTS.mia,
      externalId: "side-1",
      kind: "note",
      text: "Yes, blocked since Monday",
      thread: { platform: "slack", threadId: sideThreadId },
    });
    expect(answer.ok).toBe(true);
    await t.hub.settle();
    const mirrored = slack.of("mirror").slice(mirroredBefore);
    expect(mirrored.map((m) => [m.ref?.threadId, m.entry?.message.text])).toEqual([
      [main.threadId, expect.stringContaining("(security): Yes, blocked since Monday")],
    ]);
    expect((await events(id, "note.added")).at(-1)?.data.fromTarget).toBe("security");

    const unknown = await act(id, { kind: "loop_in", target: "legal" });
    expect(unknown).toMatchObject({ ok: false, error: "invalid" });
    expect(unknown.ok || unknown.message).toMatch(/legal/);
  });

  it("a retried platform event (same externalId) is applied once", async () => {
    const { id } = await escalated();
    const first = await act(id, { kind: "reply", text: "Only once please" }, AGENTS.mia, "slack-evt-1");
    const again = await act(id, { kind: "reply", text: "Only once please" }, AGENTS.mia, "slack-evt-1");
    expect(first.ok).toBe(true);
    expect(again).toEqual({ ok: true, duplicate: true });
    expect((await t.store.listMessages(id)).filter((m) => m.text === "Only once please")).toHaveLength(1);
    // A platform retry racing the original (both in flight at once) is still applied once.
    const raced = await Promise.all([1, 2, 3].map(() => act(id, { kind: "reply", text: "Raced reply" }, AGENTS.mia, "slack-evt-race")));
    expect(raced.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
    expect(raced.filter((r) => r.ok && r.duplicate)).toHaveLength(2);
    expect((await t.store.listMessages(id)).filter((m) => m.text === "Raced reply")).toHaveLength(1);
    expect(await act(id, { kind: "tag", tag: "dup" }, AGENTS.mia, "slack-evt-2")).toMatchObject({ ok: true });
    expect(await act(id, { kind: "tag", tag: "other" }, AGENTS.mia, "slack-evt-2")).toEqual({ ok: true, duplicate: true });
    expect((await t.store.getConversation(id))!.tags).not.toContain("other");
    await passUndoWindow();
  });

  it("recognises a retry of a recent action however long the conversation's action log is", async () => {
    const { id } = await escalated();
    const conversation = (await t.store.getConversation(id))!;
    const scope = { conversationId: id, contactId: conversation.contactId };
    // More recorded actions than one list call returns by default (10,000); the retried one is the newest.
    await t.store.appendEvents(
      Array.from({ length: 10_050 }, (_, i) =>
        makeEvent("agent.action", "agent:mia", clock.now(), scope, { platform: "slack", externalId: `old-${i}`, kind: "tag" }),
      ),
    );
    expect(await act(id, { kind: "tag", tag: "fresh" }, AGENTS.mia, "slack-late")).toMatchObject({ ok: true });
    expect(await act(id, { kind: "tag", tag: "again" }, AGENTS.mia, "slack-late")).toEqual({ ok: true, duplicate: true });
    expect((await t.store.getConversation(id))!.tags).not.toContain("again");
  });

  it("compares a retry only with the last day's actions, so the check does not grow with the log", async () => {
    const { id } = await escalated();
    expect(await act(id, { kind: "tag", tag: "first" }, AGENTS.mia, "slack-day-old")).toMatchObject({ ok: true });
    clock.advance(23 * 3600_000);
    expect(await act(id, { kind: "tag", tag: "retry" }, AGENTS.mia, "slack-day-old")).toEqual({ ok: true, duplicate: true });
    clock.advance(2 * 3600_000); // 25 hours on: no platform retries that late; the id counts as new
    expect(await act(id, { kind: "tag", tag: "later" }, AGENTS.mia, "slack-day-old")).toMatchObject({ ok: true });
    expect((await t.store.getConversation(id))!.tags).toEqual(expect.arrayContaining(["first", "later"]));
  });

  it("refuses people who are not configured agents, and unknown conversations", async () => {
    const { id } = await escalated();
    const r = await act(id, { kind: "reply", text: "I am not an agent" }, AGENTS.stranger);
    expect(r).toMatchObject({ ok: false, error: "unknown_agent" });
    expect((await t.store.listMessages(id)).some((m) => m.text === "I am not an agent")).toBe(false);
    // Matched by e-mail when the platform id is not listed.
    expect(await act(id, { kind: "tag", tag: "by-email" }, { platform: "slack", userId: "U0OTHER", email: "MIA@example.com" })).toMatchObject({ ok: true });
    expect(await act("cv_does_not_exist", { kind: "claim" })).toMatchObject({ ok: false, error: "unknown_conversation" });
  });
});
