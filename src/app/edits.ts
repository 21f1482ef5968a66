import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { Conversation, HandoffCard, Message } from "../core/model/index.js";
import type { Store } from "../core/store/port.js";

/** Longest quote of either text in the card's step (the thread shows the full texts). */
const STEP_QUOTE_MAX = 200;

export interface EditWiringDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Queues the durable "edited: old → new" post into each of the conversation's threads (TimerWiring.mirror). */
  mirror(conversation: Conversation, message: Message, edit: { eventId: string }): Promise<void>;
  /** Re-renders the conversation's handoff cards in Slack/Discord. */
  refreshCards(conversationId: string): Promise<void>;
  /** Tells open console inboxes the conversation changed. */
  changed(conversationId: string): void;
}

/**
 * What happens after a customer edited a stored message (Telegram's
 * `edited_message`): the stored text was already replaced by ingest (the old
 * one is on the `message.edited` event). Here the people see it:
 * - every Slack/Discord thread of the conversation gets "edited: old → new",
 *   as durable, ordered thread-mirror work (like customer messages);
 * - an escalated conversation's handoff card gains the step
 *   `Customer edited a message: “old” → “new”` and is re-rendered, so an agent
 *   reading only the card sees the corrected text;
 * - open console inboxes are told the conversation changed.
 * The AI never answers an edit: a message it already answered is not
 * re-answered; one not yet decided is decided on its new text.
 */
export function createEditHandler(deps: EditWiringDeps): (message: Message, edit: { previousText: string; eventId: string }) => void {
  const { store, clock, logger } = deps;
  async function handle(message: Message, edit: { previousText: string; eventId: string }): Promise<void> {
    const conversation = await store.getConversation(message.conversationId);
    if (!conversation) return;
    await deps.mirror(conversation, message, { eventId: edit.eventId });
    if (conversation.handoff && (await addCardStep(conversation, editStep(edit.previousText, message.text)))) {
      await deps.refreshCards(conversation.id);
    }
    deps.changed(conversation.id);
  }

  /** Appends the step with a compare-and-set on the version (an agent may be changing the card meanwhile). */
  async function addCardStep(first: Conversation, step: string): Promise<boolean> {
    let conversation: Conversation | null = first;
    for (let attempt = 0; attempt < 3 && conversation?.handoff; attempt++) {
      const card: HandoffCard = { ...conversation.handoff, stepsTried: [...conversation.handoff.stepsTried, step] };
      if (await store.updateConversation(conversation.id, { version: conversation.version }, { handoff: card, updatedAt: clock.now() }, [])) return true;
      conversation = await store.getConversation(first.id);
    }
    return false;
  }

  return (message, edit) => {
    void handle(message, edit).catch((err: unknown) =>
      logger.error({ err, conversationId: message.conversationId }, "showing a customer's edit to the agents failed"),
    );
  };
}

/** The card's step for an edit: both texts quoted, each cut at 200 characters. */
export function editStep(previousText: string, text: string): string {
  const q = (t: string) => {
    const one = t.replace(/\s+/g, " ").trim();
    return `“${one.length > STEP_QUOTE_MAX ? `${one.slice(0, STEP_QUOTE_MAX - 1)}…` : one}”`;
  };
  return `Customer edited a message: ${q(previousText)} → ${q(text)}`;
}
