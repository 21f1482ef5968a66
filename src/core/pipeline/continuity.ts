import type { Clock } from "../clock.js";
import { makeConversation, makeEvent, type ChannelId, type Contact, type Conversation } from "../model/index.js";
import type { Store } from "../store/port.js";

export interface ContinuityPolicy {
  /** An AI-owned active conversation idle longer than this is closed and a new one starts. */
  continuityWindowMs: number;
  /** A resolved conversation this recent is reopened instead. */
  reopenWindowMs: number;
}

export interface ConversationChoice {
  conversation: Conversation;
  /** True when this message started the conversation (greeting etc. apply). */
  isNew: boolean;
}

/**
 * Finds the conversation a new customer message belongs to:
 * 1. the contact's active conversation (open/pending/snoozed) — joined when it
 *    is human-owned (never fragment a case an agent is working) or its last
 *    message is within the continuity window; an idle AI-owned one is closed;
 * 2. otherwise their most recent conversation if it was resolved within the
 *    reopen window — reopened;
 * 3. otherwise a new conversation.
 * Every change writes an Event.
 */
export async function chooseConversation(
  store: Store,
  clock: Clock,
  policy: ContinuityPolicy,
  contact: Contact,
  channel: ChannelId,
): Promise<ConversationChoice> {
  const now = clock.now();
  const active = await store.findActiveConversation(contact.id);
  if (active) {
    const idleMs = now.getTime() - active.lastMessageAt.getTime();
    if (active.owner === "human" || idleMs <= policy.continuityWindowMs) {
      if (active.status !== "snoozed") return { conversation: active, isNew: false };
      const woken = await store.updateConversation(active.id, { version: active.version }, { status: "open", snoozedUntil: null, updatedAt: now }, [
        makeEvent("conversation.status_changed", "customer", now, { conversationId: active.id, contactId: contact.id }, { from: "snoozed", to: "open", reason: "customer_replied" }),
      ]);
      return { conversation: woken ?? active, isNew: false };
    }
    await store.updateConversation(active.id, { version: active.version }, { status: "closed", updatedAt: now }, [
      makeEvent("conversation.status_changed", "system", now, { conversationId: active.id, contactId: contact.id }, { from: active.status, to: "closed", reason: "continuity_window_elapsed", idleMs }),
    ]);
  }
  const [latest] = await store.listConversations({ contactId: contact.id, limit: 1 });
  if (latest && latest.status === "resolved" && now.getTime() - latest.updatedAt.getTime() <= policy.reopenWindowMs) {
    const reopened = await store.updateConversation(latest.id, { version: latest.version }, { status: "open", updatedAt: now }, [
      makeEvent("conversation.status_changed", "customer", now, { conversationId: latest.id, contactId: contact.id }, { from: "resolved", to: "open", reason: "customer_replied" }),
    ]);
    if (reopened) return { conversation: reopened, isNew: false };
  }
  const fresh = makeConversation({ contactId: contact.id, channel, at: now });
  const created = await store.createConversation(fresh, [
    makeEvent("conversation.opened", "customer", now, { conversationId: fresh.id, contactId: contact.id }, { channel }),
  ]);
  return { conversation: created, isNew: true };
}
