import type { Clock } from "../clock.js";
import { makeEvent, PRIORITIES, type Conversation, type DomainEvent, type Timer } from "../model/index.js";
import type { Store } from "../store/port.js";
import type { TimerHandler } from "./scheduler.js";

/** Timer kinds about conversations, and the keys that make each unique per conversation. */
export const SNOOZE_WAKE = "snooze_wake";
export const SLA_FIRST_RESPONSE = "sla_first_response";
export const snoozeKey = (conversationId: string) => `snooze:${conversationId}`;
export const firstResponseKey = (conversationId: string) => `sla:first_response:${conversationId}`;
export const SLA_FIRST_RESPONSE_WARNING = "sla_first_response_warning";
export const firstResponseWarningKey = (conversationId: string) => `sla:first_response_warning:${conversationId}`;

export interface ConversationTimerDeps {
  store: Store;
  clock: Clock;
  /** Tells the agents in the conversation's threads (Slack, Discord, inbox). Must not throw. */
  notify(conversation: Conversation, text: string): Promise<void>;
}

/**
 * A snooze ends on its own: the conversation is open again (an Event with the
 * system as actor) and the threads are told. Nothing happens when an agent or
 * the customer already ended the snooze, or snoozed it again for later (then
 * that later snooze has its own timer).
 */
export function snoozeWakeHandler(deps: ConversationTimerDeps): TimerHandler {
  return async (timer: Timer): Promise<DomainEvent[]> => {
    const conversation = timer.conversationId ? await deps.store.getConversation(timer.conversationId) : null;
    const now = deps.clock.now();
    if (!conversation || conversation.status !== "snoozed" || !conversation.snoozedUntil || conversation.snoozedUntil.getTime() > now.getTime()) return [];
    const scope = { conversationId: conversation.id, contactId: conversation.contactId };
    const updated = await deps.store.updateConversation(conversation.id, { version: conversation.version }, { status: "open", snoozedUntil: null }, [
      makeEvent("conversation.status_changed", "system", now, scope, {
        from: "snoozed",
        to: "open",
        reason: "snooze_ended",
        until: conversation.snoozedUntil.toISOString(),
      }),
    ]);
    if (!updated) throw new Error("the conversation changed while its snooze was ending; trying again");
    await deps.notify(updated, "⏰ Snooze ended: this conversation is open again.");
    return [];
  };
}

/** Whether an agent answered the customer since the conversation was handed over (the first-response SLA is met). */
export async function answeredSinceHandoff(store: Store, conversation: Conversation): Promise<boolean> {
  const since = conversation.handoff!.createdAt.getTime();
  const replies = await store.listMessages(conversation.id, { direction: "outbound" });
  return replies.some((m) => m.authorKind === "agent" && m.createdAt.getTime() >= since);
}

/**
 * The first rung of the breach ladder: at `sla_warning` of the first-response
 * SLA, while nobody has answered since the hand-off, the threads are told the
 * SLA is at risk and when it is due (`sla.warning` event). Answered, handed
 * back or resolved meanwhile: nothing happens.
 */
export function slaFirstResponseWarningHandler(deps: ConversationTimerDeps): TimerHandler {
  return async (timer: Timer): Promise<DomainEvent[]> => {
    const conversation = timer.conversationId ? await deps.store.getConversation(timer.conversationId) : null;
    if (!conversation || conversation.owner !== "human" || conversation.status === "resolved" || conversation.status === "closed" || !conversation.handoff)
      return [];
    if (await answeredSinceHandoff(deps.store, conversation)) return [];
    const now = deps.clock.now();
    const dueAt = String(timer.data.dueAt ?? "");
    const left = Math.max(0, Math.round((Date.parse(dueAt) - now.getTime()) / 60_000));
    await deps.notify(conversation, `⚠️ First-response SLA at risk: no reply to the customer yet; due ${dueAt} (${left} min of wall-clock time left).`);
    return [
      makeEvent(
        "sla.warning",
        "system",
        now,
        { conversationId: conversation.id, contactId: conversation.contactId },
        { policy: "first_response", queue: conversation.queue, dueAt },
      ),
    ];
  };
}

/**
 * The first-response SLA of an escalated conversation: when its due time
 * passes and no agent has answered the customer since the hand-off, the breach
 * is recorded (`sla.breached`), the priority goes up one step and the threads
 * are told. Answered, handed back or resolved in time: nothing happens.
 */
export function slaFirstResponseHandler(deps: ConversationTimerDeps): TimerHandler {
  return async (timer: Timer): Promise<DomainEvent[]> => {
    const conversation = timer.conversationId ? await deps.store.getConversation(timer.conversationId) : null;
    if (!conversation || conversation.owner !== "human" || conversation.status === "resolved" || !conversation.handoff) return [];
    if (await answeredSinceHandoff(deps.store, conversation)) return [];
    const now = deps.clock.now();
    const scope = { conversationId: conversation.id, contactId: conversation.contactId };
    const raised = PRIORITIES[Math.min(PRIORITIES.length - 1, PRIORITIES.indexOf(conversation.priority) + 1)]!;
    const breach = makeEvent("sla.breached", "system", now, scope, {
      policy: "first_response",
      queue: conversation.queue,
      dueAt: String(timer.data.dueAt ?? timer.dueAt.toISOString()),
      priority: { from: conversation.priority, to: raised },
    });
    if (raised !== conversation.priority) {
      const updated = await deps.store.updateConversation(conversation.id, { version: conversation.version }, { priority: raised }, [
        makeEvent("conversation.priority_changed", "system", now, scope, { from: conversation.priority, to: raised, reason: "sla_breached" }),
      ]);
      if (!updated) throw new Error("the conversation changed while its SLA breach was recorded; trying again");
    }
    await deps.notify(
      conversation,
      `⏱ First-response SLA breached: no reply to the customer since the hand-off (due ${timer.dueAt.toISOString()}). Priority ${conversation.priority} → ${raised}.`,
    );
    return [breach];
  };
}
