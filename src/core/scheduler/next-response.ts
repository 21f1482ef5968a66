import { addBusinessTime } from "../calendar/business-time.js";
import type { BusinessHours } from "../config/business-hours.js";
import { makeEvent, PRIORITIES, type DomainEvent, type NewTimer, type Timer } from "../model/index.js";
import type { Store } from "../store/port.js";
import type { ConversationTimerDeps } from "./conversation-timers.js";
import type { TimerHandler } from "./scheduler.js";

export const SLA_NEXT_RESPONSE = "sla_next_response";
export const nextResponseKey = (conversationId: string) => `sla:next_response:${conversationId}`;

/**
 * The next-response SLA of a conversation a human owns: once an agent has
 * answered, a customer message that then waits longer than the queue's
 * `next_response` (business time, from the first unanswered customer
 * message) is a breach: `sla.breached` with `policy: next_response`, the
 * priority one step up, the threads told. Nothing happens when an agent
 * answered in time, the conversation went back to the AI, is pending (the
 * customer owes the answer) or snoozed, or was resolved; before the first
 * agent reply the first-response SLA applies instead.
 */
export function slaNextResponseHandler(deps: ConversationTimerDeps): TimerHandler {
  return async (timer: Timer): Promise<DomainEvent[]> => {
    const conversation = timer.conversationId ? await deps.store.getConversation(timer.conversationId) : null;
    if (!conversation || conversation.owner !== "human" || conversation.status !== "open" || !conversation.handoff) return [];
    const since = Date.parse(String(timer.data.since ?? ""));
    const handoffAt = conversation.handoff.createdAt.getTime();
    const agentReplies = (await deps.store.listMessages(conversation.id, { direction: "outbound" })).filter(
      (m) => m.authorKind === "agent" && m.createdAt.getTime() >= handoffAt,
    );
    if (agentReplies.length === 0) return []; // still the first response's clock
    if (agentReplies.some((m) => m.createdAt.getTime() >= since)) return []; // answered in time
    const now = deps.clock.now();
    const scope = { conversationId: conversation.id, contactId: conversation.contactId };
    const raised = PRIORITIES[Math.min(PRIORITIES.length - 1, PRIORITIES.indexOf(conversation.priority) + 1)]!;
    const dueAt = String(timer.data.dueAt ?? timer.dueAt.toISOString());
    const breach = makeEvent("sla.breached", "system", now, scope, {
      policy: "next_response",
      queue: conversation.queue,
      dueAt,
      since: new Date(since).toISOString(),
      priority: { from: conversation.priority, to: raised },
    });
    if (raised !== conversation.priority) {
      const updated = await deps.store.updateConversation(conversation.id, { version: conversation.version }, { priority: raised }, [
        makeEvent("conversation.priority_changed", "system", now, scope, { from: conversation.priority, to: raised, reason: "sla_breached" }),
      ]);
      if (!updated) throw new Error("the conversation changed while its next-response breach was recorded; trying again");
    }
    await deps.notify(
      conversation,
      `⏱ Next-response SLA breached: the customer has waited since ${new Date(since).toISOString()} (due ${dueAt}). Priority ${conversation.priority} → ${raised}.`,
    );
    return [breach];
  };
}

/**
 * The next-response timer a human-owned conversation needs now, or null: due
 * `next_response` (business time when `hours` is set) after the first
 * customer message that came after the latest agent reply. Null before the
 * first agent reply (the first-response SLA applies), when nothing waits, or
 * when the stored timer already counts from that message (so later messages
 * do not restart the clock).
 */
export async function planNextResponse(
  deps: { store: Store; hours?: BusinessHours | undefined },
  conversationId: string,
  nextResponseMs: number,
): Promise<Omit<NewTimer, "createdAt"> | null> {
  const c = await deps.store.getConversation(conversationId);
  if (!c || c.owner !== "human" || !c.handoff) return null;
  const handoffAt = c.handoff.createdAt.getTime();
  const visible = (await deps.store.listMessages(c.id)).filter((m) => m.direction !== "internal" && m.createdAt.getTime() >= handoffAt);
  const lastAgent = visible.findLastIndex((m) => m.direction === "outbound" && m.authorKind === "agent");
  if (lastAgent < 0) return null;
  const waiting = visible.slice(lastAgent + 1).find((m) => m.direction === "inbound");
  if (!waiting) return null;
  const since = waiting.createdAt.toISOString();
  const key = nextResponseKey(c.id);
  if ((await deps.store.getTimer(key))?.data.since === since) return null;
  const due = deps.hours ? addBusinessTime(deps.hours, waiting.createdAt, nextResponseMs) : new Date(waiting.createdAt.getTime() + nextResponseMs);
  if (!due) return null;
  return { key, kind: SLA_NEXT_RESPONSE, conversationId: c.id, dueAt: due, data: { since, dueAt: due.toISOString() } };
}
