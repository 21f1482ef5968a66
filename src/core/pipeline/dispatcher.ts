import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import { makeEvent, type Contact, type Conversation, type Message, type OutboxEntry } from "../model/index.js";
import type { Store } from "../store/port.js";
import { keyedMutex } from "../util/keyed-mutex.js";
import { applyDecisionChanges } from "./decision-changes.js";
import type { Decider, Decision } from "./decision.js";
import { buildReply } from "./replies.js";

export interface DispatcherDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  decide: Decider;
  /** Wakes the outbox after replies were queued. */
  onQueued(): void;
  /** Typing indicator towards the customer while deciding (best effort). */
  typing?(conversation: Conversation, on: boolean): Promise<void>;
  /**
   * Told after each message's decision is recorded, with the conversation as
   * it is now (escalation relay: open the thread, mirror into it). Must not throw.
   */
  onDecided?(message: Message, conversation: Conversation, decision: Decision): void;
}

export interface Dispatcher {
  /** Schedules the decision for a persisted inbound message (in order per conversation). */
  submit(message: Message, isNewConversation: boolean): void;
  /** Decides every persisted inbound message that has no decision yet (after a crash). Returns how many. */
  recover(): Promise<number>;
  /** Resolves when every submitted decision has finished. */
  idle(): Promise<void>;
}

/**
 * Runs the decision step for each stored inbound message, one at a time per
 * conversation. The replies, the events and the "decided" mark are written in
 * one store call (`recordDecision`), so after a crash a message is either
 * fully decided or decided again on restart, never lost.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { store, clock, logger } = deps;
  const perConversation = keyedMutex();
  const inFlight = new Set<Promise<void>>();

  async function decideOne(messageId: string, isNewHint: boolean | null): Promise<void> {
    const message = await store.getMessage(messageId);
    if (!message || message.decidedAt) return;
    const conversation = await store.getConversation(message.conversationId);
    const contact = await store.getContact(message.contactId);
    if (!conversation || !contact) return;
    const isNew = isNewHint ?? (await store.listMessages(conversation.id, { direction: "inbound" }))[0]?.id === message.id;
    const now = clock.now();
    const scope = { conversationId: conversation.id, contactId: contact.id };
    // Only the AI "types": when a human owns the conversation the AI stays silent, and so does its indicator.
    const showTyping = conversation.owner === "ai";
    try {
      if (showTyping) await deps.typing?.(conversation, true).catch(() => undefined);
      // Conversation changes (fields, queue, escalation) are compare-and-set: when an agent or another
      // process changed the conversation meanwhile, the decision is made again on the fresh state.
      let current: Conversation = conversation;
      let currentContact: Contact = contact;
      let decision: Decision | null = null;
      let queued: { message: Message; entry: OutboxEntry }[] = [];
      for (let attempt = 0; attempt < 3 && decision === null; attempt++) {
        const candidate = await deps.decide({ message, conversation: current, contact: currentContact, isNewConversation: isNew, now });
        const applied = await applyDecisionChanges(store, clock.now(), current, currentContact, message, candidate);
        const decidedAt = clock.now();
        const built = applied
          ? candidate.replies.map((r) =>
              buildReply(applied, { text: r.text, authorKind: r.authorKind, authorId: r.authorKind, ...(r.buttons ? { buttons: r.buttons } : {}) }, decidedAt),
            )
          : [];
        const replies = built.flatMap((b) => (b.ok ? [{ message: b.message, entry: b.entry }] : []));
        // The replies are written only while the owner is still the one this decision was made for:
        // an agent's claim landing meanwhile makes the AI decide again (and stay silent).
        const recorded =
          applied !== null &&
          (await store.recordDecision(
            messageId,
            replies,
            [
              ...built.map((b) => b.event),
              makeEvent("decision.made", "ai", decidedAt, scope, { messageId, replies: candidate.replies.map((r) => r.kind), ...candidate.notes }),
            ],
            decidedAt,
            replies.length > 0 ? { onlyIfOwner: { conversationId: applied.id, owner: applied.owner } } : undefined,
          ));
        if (recorded) {
          decision = candidate;
          current = applied;
          queued = replies;
        } else {
          // Decided meanwhile by another process (e.g. its crash recovery): that decision stands.
          if ((await store.getMessage(messageId))?.decidedAt) return;
          current = (await store.getConversation(conversation.id)) ?? current;
          currentContact = (await store.getContact(contact.id)) ?? currentContact;
        }
      }
      if (decision === null) throw new Error("the conversation kept changing while deciding");
      if (queued.length > 0) deps.onQueued();
      else if (showTyping) await deps.typing?.(current, false).catch(() => undefined);
      deps.onDecided?.(message, current, decision);
    } catch (e) {
      // A decision that throws is recorded and not retried forever: a poison message must not block the conversation.
      logger.error({ err: e, messageId, conversationId: conversation.id }, "decision failed");
      await store.recordDecision(
        messageId,
        [],
        [makeEvent("decision.failed", "system", clock.now(), scope, { messageId, error: (e as Error).message })],
        clock.now(),
      );
      if (showTyping) await deps.typing?.(conversation, false).catch(() => undefined);
    }
  }

  function track(conversationId: string, messageId: string, isNew: boolean | null): Promise<void> {
    const p = perConversation(conversationId, () => decideOne(messageId, isNew)).catch((e: unknown) => {
      logger.error({ err: e, messageId }, "decision step crashed");
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  }

  return {
    submit(message, isNewConversation) {
      void track(message.conversationId, message.id, isNewConversation);
    },
    async recover() {
      const seen = new Set<string>();
      for (;;) {
        // Messages that cannot be decided (e.g. their conversation is gone) stay undecided; `seen` stops us looping on them.
        const batch = (await store.listUndecided(100)).filter((m) => !seen.has(m.id));
        if (batch.length === 0) return seen.size;
        for (const m of batch) seen.add(m.id);
        await Promise.all(batch.map((m) => track(m.conversationId, m.id, null)));
      }
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
