import type { ThreadHint } from "../channel/adapter.js";
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
 * Every change writes an Event. Opening a conversation and storing its first
 * message are two writes: an active conversation without any message (a
 * crash came in between) is joined and reported as new, so the retried first
 * message fills it and still gets the greeting — never a second conversation.
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
      // Left empty by a crash between opening it and storing its first message: the retried message starts it.
      const isNew = await isEmpty(store, active);
      // A snoozed conversation wakes up; a pending one (the customer owed an answer) is open again.
      if (active.status !== "snoozed" && active.status !== "pending") return { conversation: active, isNew };
      const woken = await store.updateConversation(active.id, { version: active.version }, { status: "open", snoozedUntil: null, updatedAt: now }, [
        makeEvent(
          "conversation.status_changed",
          "customer",
          now,
          { conversationId: active.id, contactId: contact.id },
          { from: active.status, to: "open", reason: "customer_replied" },
        ),
      ]);
      return { conversation: woken ?? active, isNew };
    }
    await store.updateConversation(active.id, { version: active.version }, { status: "closed", updatedAt: now }, [
      makeEvent(
        "conversation.status_changed",
        "system",
        now,
        { conversationId: active.id, contactId: contact.id },
        { from: active.status, to: "closed", reason: "continuity_window_elapsed", idleMs },
      ),
    ]);
  }
  const [latest] = await store.listConversations({ contactId: contact.id, limit: 1 });
  if (latest && latest.status === "resolved" && now.getTime() - latest.updatedAt.getTime() <= policy.reopenWindowMs) {
    const reopened = await store.updateConversation(latest.id, { version: latest.version }, { status: "open", updatedAt: now }, [
      makeEvent(
        "conversation.status_changed",
        "customer",
        now,
        { conversationId: latest.id, contactId: contact.id },
        { from: "resolved", to: "open", reason: "customer_replied" },
      ),
    ]);
    if (reopened) return { conversation: reopened, isNew: false };
  }
  const fresh = makeConversation({ contactId: contact.id, channel, at: now });
  const created = await store.createConversation(fresh, [
    makeEvent("conversation.opened", "customer", now, { conversationId: fresh.id, contactId: contact.id }, { channel }),
  ]);
  return { conversation: created, isNew: true };
}

/** True for a conversation no message was ever stored in (only then is the message list read). */
async function isEmpty(store: Store, conversation: Conversation): Promise<boolean> {
  if (conversation.lastMessageAt.getTime() !== conversation.createdAt.getTime()) return false;
  return (await store.listMessages(conversation.id, { limit: 1 })).length === 0;
}

/**
 * The conversation a threading hint names (see `ThreadHint` for the order and
 * the same-contact rule), reopened when resolved or closed and woken when
 * snoozed; null when no hint matches and the normal continuity rules apply.
 * `actor` is who the status change is attributed to (the customer replying,
 * or `agent:…` for a reply an agent sent outside the hub).
 */
export async function findThreadConversation(
  store: Store,
  clock: Clock,
  contact: Contact,
  channel: ChannelId,
  hint: ThreadHint | undefined,
  actor = "customer",
): Promise<Conversation | null> {
  if (!hint) return null;
  const candidates: { id: () => Promise<string | null>; via: string }[] = [];
  for (const ref of hint.references ?? []) {
    candidates.push({ via: "references", id: async () => (await store.findMessageByExternalId(channel, ref))?.conversationId ?? null });
  }
  if (hint.conversationId) candidates.push({ via: "token", id: async () => hint.conversationId! });
  if (hint.fallbackConversationId) candidates.push({ via: "subject", id: async () => hint.fallbackConversationId! });
  for (const candidate of candidates) {
    const id = await candidate.id();
    if (!id) continue;
    const conversation = await store.getConversation(id);
    if (!conversation || conversation.contactId !== contact.id) continue;
    if (conversation.status === "open") return conversation;
    const now = clock.now();
    const woken = await store.updateConversation(conversation.id, { version: conversation.version }, { status: "open", snoozedUntil: null, updatedAt: now }, [
      makeEvent(
        "conversation.status_changed",
        actor,
        now,
        { conversationId: conversation.id, contactId: contact.id },
        {
          from: conversation.status,
          to: "open",
          reason: conversation.status === "snoozed" || conversation.status === "pending" ? "customer_replied" : "reply_in_thread",
          via: candidate.via,
        },
      ),
    ]);
    // Lost a compare-and-set race (an agent changed it meanwhile): the fresh row is still the thread.
    return woken ?? (await store.getConversation(conversation.id)) ?? conversation;
  }
  return null;
}
