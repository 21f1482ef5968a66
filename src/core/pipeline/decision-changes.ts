import { makeEvent, type Contact, type Conversation, type DomainEvent, type Message } from "../model/index.js";
import type { ConversationPatch, Store } from "../store/port.js";
import type { Decision } from "./decision.js";

/**
 * Writes what a decision changes about the conversation (collected fields,
 * queue, escalation) and the contact (remembered fields), each with its
 * Event. The conversation update is compare-and-set on the version the
 * decision saw and on `owner: "ai"`, so a decision can never overwrite an
 * agent's claim made meanwhile.
 *
 * Returns the conversation as it is afterwards, or null when the guard
 * failed (the caller decides again on fresh state). A decision with no
 * conversation changes returns the conversation as re-read, or null when a
 * human took it over meanwhile (so an AI answer never follows an agent's claim).
 */
export async function applyDecisionChanges(
  store: Store,
  now: Date,
  conversation: Conversation,
  contact: Contact,
  message: Message,
  decision: Decision,
): Promise<Conversation | null> {
  const scope = { conversationId: conversation.id, contactId: contact.id };
  const patch: ConversationPatch = {};
  const events: DomainEvent[] = [];
  const newFields = Object.entries(decision.fields ?? {}).filter(([k, v]) => conversation.fields[k] !== v);
  if (newFields.length > 0) {
    patch.fields = { ...conversation.fields, ...Object.fromEntries(newFields) };
    events.push(makeEvent("fields.collected", "ai", now, scope, { messageId: message.id, fields: newFields.map(([k]) => k) }));
  }
  const queue = decision.escalation?.queue ?? decision.queue;
  if (queue !== undefined && queue !== conversation.queue) {
    patch.queue = queue;
    events.push(makeEvent("conversation.queue_changed", "ai", now, scope, { from: conversation.queue, to: queue }));
  }
  const card = decision.escalation;
  if (!card && decision.awaitingCustomer && conversation.owner === "ai" && conversation.status === "open") {
    patch.status = "pending";
    events.push(makeEvent("conversation.status_changed", "ai", now, scope, { from: "open", to: "pending", reason: "awaiting_customer" }));
  }
  if (card) {
    patch.owner = "human";
    patch.handoff = card;
    patch.priority = card.priority;
    if (conversation.status !== "open") patch.status = "open";
    events.push(
      makeEvent("conversation.escalated", "ai", now, scope, {
        messageId: message.id,
        rule: card.rule,
        risk: card.risk,
        reason: card.reason,
        queue: card.queue,
        priority: card.priority,
        intent: card.intent,
        // Field names only (never values): the report's card completeness.
        ...(card.requiredFields ? { requiredFields: card.requiredFields, missingFields: card.missingFields } : {}),
      }),
      makeEvent("owner.changed", "ai", now, scope, { from: "ai", to: "human", reason: card.rule ?? "ai_escalated" }),
    );
  }
  const raised = decision.raise?.card;
  if (raised && !card && conversation.owner === "human") {
    // A rule fired after hand-off: the card, queue and priority change, the owner stays human.
    patch.handoff = raised;
    patch.priority = raised.priority;
    if (raised.queue !== conversation.queue) {
      patch.queue = raised.queue;
      if (!events.some((e) => e.type === "conversation.queue_changed")) {
        events.push(makeEvent("conversation.queue_changed", "ai", now, scope, { from: conversation.queue, to: raised.queue }));
      }
    }
    events.push(
      makeEvent("conversation.risk_raised", "ai", now, scope, {
        messageId: message.id,
        rule: raised.rule,
        risk: raised.risk,
        priority: raised.priority,
        queue: raised.queue,
        from: { risk: conversation.handoff?.risk ?? null, priority: conversation.priority, queue: conversation.queue },
      }),
    );
  }
  let result = conversation;
  if (events.length > 0) {
    const owner = raised && !card && conversation.owner === "human" ? "human" : "ai";
    const updated = await store.updateConversation(conversation.id, { version: conversation.version, owner }, { ...patch, updatedAt: now }, events);
    if (!updated) return null;
    result = updated;
  } else if (conversation.owner === "ai") {
    // Nothing to write, but the AI's replies must still not go out when an agent took the conversation
    // while it was deciding (a read, not a write per decision; the window left is the read → recordDecision gap).
    const fresh = await store.getConversation(conversation.id);
    if (fresh && fresh.owner !== "ai") return null;
    result = fresh ?? conversation;
  }
  const profile = Object.entries(decision.profile ?? {}).filter(([k, v]) => contact.profile[k] !== v);
  if (profile.length > 0) {
    await store.updateContactProfile(contact.id, Object.fromEntries(profile), [
      makeEvent("contact.profile_updated", "ai", now, { contactId: contact.id, conversationId: conversation.id }, { keys: profile.map(([k]) => k) }),
    ]);
  }
  return result;
}
