import type { Contact, Conversation, Message } from "../model/index.js";

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
}

/** The decision step. Later the AI core implements it; until then, the configured greeting / after-hours texts. */
export type Decider = (input: DecisionInput) => Promise<Decision>;
