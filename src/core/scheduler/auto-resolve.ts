import type { Clock } from "../clock.js";
import { makeEvent, type Conversation, type DomainEvent, type Timer } from "../model/index.js";
import type { Store } from "../store/port.js";
import type { TimerHandler } from "./scheduler.js";

export const AUTO_RESOLVE = "auto_resolve";
export const autoResolveKey = (conversationId: string) => `auto_resolve:${conversationId}`;

export interface AutoResolveDeps {
  store: Store;
  clock: Clock;
  /** The closing message in the customer's language, or null for none. */
  closingText(conversation: Conversation): Promise<string | null>;
  /** Queues a reply to the customer on their channel. */
  reply(conversation: Conversation, text: string): Promise<void>;
  /** After the resolution is stored (e.g. the satisfaction survey is scheduled). Optional. */
  onResolved?(conversation: Conversation): Promise<void>;
}

/**
 * Resolves a conversation nobody wrote in since the timer was set: the AI's
 * answer was the last word (a soft resolution, as Intercom counts Fin's) or
 * the customer owes an agent the answer. Any customer message since, or a
 * status other than open/pending, means the silence was broken: nothing
 * happens (a later reply schedules a new timer under the same key).
 */
export function autoResolveHandler(deps: AutoResolveDeps): TimerHandler {
  return async (timer: Timer): Promise<DomainEvent[]> => {
    const conversation = timer.conversationId ? await deps.store.getConversation(timer.conversationId) : null;
    if (!conversation || (conversation.status !== "open" && conversation.status !== "pending")) return [];
    const since = timer.createdAt.getTime();
    const inbound = await deps.store.listMessages(conversation.id, { direction: "inbound" });
    if (inbound.some((m) => m.createdAt.getTime() > since)) return [];
    const now = deps.clock.now();
    const soft = conversation.owner === "ai";
    const scope = { conversationId: conversation.id, contactId: conversation.contactId };
    const silenceMs = now.getTime() - since;
    const updated = await deps.store.updateConversation(
      conversation.id,
      { version: conversation.version },
      { status: "resolved", snoozedUntil: null, updatedAt: now },
      [
        makeEvent("conversation.status_changed", "system", now, scope, { from: conversation.status, to: "resolved", reason: "auto_resolved" }),
        makeEvent("conversation.auto_resolved", "system", now, scope, { soft, owner: conversation.owner, silenceMs }),
      ],
    );
    if (!updated) throw new Error("the conversation changed while it was being auto-resolved; trying again");
    const text = await deps.closingText(updated);
    if (text) await deps.reply(updated, text);
    await deps.onResolved?.(updated);
    return [];
  };
}
