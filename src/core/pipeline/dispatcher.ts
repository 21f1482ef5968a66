import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import { makeEvent, type Conversation, type Message } from "../model/index.js";
import type { Store } from "../store/port.js";
import { keyedMutex } from "../util/keyed-mutex.js";
import type { Decider } from "./decision.js";
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
      const decision = await deps.decide({ message, conversation, contact, isNewConversation: isNew, now });
      const decidedAt = clock.now();
      const built = decision.replies.map((r) => buildReply(conversation, { text: r.text, authorKind: r.authorKind, authorId: r.authorKind }, decidedAt));
      const queued = built.flatMap((b) => (b.ok ? [{ message: b.message, entry: b.entry }] : []));
      await store.recordDecision(messageId, queued, [
        ...built.map((b) => b.event),
        makeEvent("decision.made", "ai", decidedAt, scope, { messageId, replies: decision.replies.map((r) => r.kind), ...decision.notes }),
      ], decidedAt);
      if (queued.length > 0) deps.onQueued();
      else if (showTyping) await deps.typing?.(conversation, false).catch(() => undefined);
    } catch (e) {
      // A decision that throws is recorded and not retried forever: a poison message must not block the conversation.
      logger.error({ err: e, messageId, conversationId: conversation.id }, "decision failed");
      await store.recordDecision(messageId, [], [makeEvent("decision.failed", "system", clock.now(), scope, { messageId, error: (e as Error).message })], clock.now());
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
