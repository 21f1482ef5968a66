import type { Contact, Conversation, HandoffCard, Message, QuickReply } from "../model/index.js";

/** What the decision step sees for one inbound message. */
export interface DecisionInput {
  message: Message;
  conversation: Conversation;
  contact: Contact;
  /** True when this message opened the conversation. */
  isNewConversation: boolean;
  now: Date;
}

/** One customer-visible reply the decision step wants sent. `kind` names why (greeting, after_hours, answer…). */
export interface DecisionReply {
  kind: string;
  text: string;
  authorKind: "ai" | "system";
  /** Quick replies for channels with buttons (Telegram, WhatsApp); the text must make sense without them. */
  buttons?: QuickReply[];
}

/**
 * What to do about a message. The decision step never sends anything itself:
 * it returns replies and the dispatcher queues them through the outbox, so
 * decisions are testable as plain functions and every reply is delivered
 * with retries.
 */
export interface Decision {
  replies: DecisionReply[];
  /** Free-form facts recorded on the `decision.made` event (for audit and analytics). */
  notes?: Record<string, unknown>;
  /** Validated ticket fields learned from this message, merged into the conversation's fields. */
  fields?: Record<string, string>;
  /** Values to remember on the contact's profile (fields marked `remember`), so later conversations need not ask again. */
  profile?: Record<string, string>;
  /** The queue the conversation now belongs to (from the intent). */
  queue?: string;
  /**
   * The AI's last reply asks the customer something (a field, a clarifying
   * question, a yes/no): the conversation becomes `pending` (the customer owes
   * the answer) until their next message opens it again.
   */
  awaitingCustomer?: boolean;
  /**
   * Hands the conversation to humans: owner becomes `human`, the card is
   * stored on the conversation, queue and priority are set from it. Applied
   * with compare-and-set on `owner: "ai"`, so an agent who claimed the
   * conversation meanwhile wins and this decision is made again.
   */
  escalation?: HandoffCard;
  /**
   * A mandatory rule fired while a human owns the conversation: the updated
   * card (higher risk/priority, maybe another queue) and a line for the
   * agents' threads. Applied with compare-and-set on `owner: "human"`; the
   * relay then re-routes (opens threads the new card routes to) and posts `note`.
   */
  raise?: { card: HandoffCard; note: string };
}

/** The decision step. Later the AI core implements it; until then, the configured greeting / after-hours texts. */
export type Decider = (input: DecisionInput) => Promise<Decision>;
