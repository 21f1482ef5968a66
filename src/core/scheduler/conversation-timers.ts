import type { Clock } from "../clock.js";
import { makeEvent, PRIORITIES, type Conversation, type DomainEvent, type Timer } from "../model/index.js";
import type { Store } from "../store/port.js";
import type { TimerHandler } from "./scheduler.js";

/** Timer kinds about conversations, and the keys that make each unique per conversation. */
export const SNOOZE_WAKE = "snooze_wake";
export const SLA_FIRST_RESPONSE = "sla_first_response";
export const snoozeKey = (conversationId: string) => `snooze:${conversationId}`;
export const firstResponseKey = (conversationId: string) => `sla:first_response:${conversationId}`;

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
      makeEvent("conversation.status_changed", "system", now, scope, { from: "snoozed", to: "open", reason: "snooze_ended", until: conversation.snoozedUntil.toISOString() }),
    ]);
    if (!updated) throw new Error("the conversation changed while its snooze was ending; trying again");
    await deps.notify(updated, "⏰ Snooze ended: this conversation is open again.");
    return [];
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
    const since = conversation.handoff.createdAt.getTime();
    const replies = await deps.store.listMessages(conversation.id, { direction: "outbound" });
    if (replies.some((m) => m.authorKind === "agent" && m.createdAt.getTime() >= since)) return [];
    const now = deps.clock.now();
    const scope = { conversationId: conversation.id, contactId: conversation.contactId };
    const raised = PRIORITIES[Math.min(PRIORITIES.length - 1, PRIORITIES.indexOf(conversation.priority) + 1)]!;
    const breach = makeEvent("sla.breached", "system", now, scope, {
      policy: "first_response", queue: conversation.queue, dueAt: String(timer.data.dueAt ?? timer.dueAt.toISOString()), priority: { from: conversation.priority, to: raised },
    });
    if (raised !== conversation.priority) {
      const updated = await deps.store.updateConversation(conversation.id, { version: conversation.version }, { priority: raised }, [
        makeEvent("conversation.priority_changed", "system", now, scope, { from: conversation.priority, to: raised, reason: "sla_breached" }),
      ]);
      if (!updated) throw new Error("the conversation changed while its SLA breach was recorded; trying again");
    }
    await deps.notify(conversation, `⏱ First-response SLA breached: no reply to the customer since the hand-off (due ${timer.dueAt.toISOString()}). Priority ${conversation.priority} → ${raised}.`);
    return [breach];
  };
}
