import type { ChannelId } from "./channel.js";
import type { Priority } from "./conversation.js";

export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
/** How much harm a wrong or late answer can do; set by the escalation rule that fired (or the AI's reason). */
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** A knowledge-base article the AI used before escalating. */
export interface HandoffArticle {
  articleId: string;
  version: number;
  title: string;
}

/** One lookup the AI made before the hand-over (an action call), so the agent sees what the shop's system said without asking again. */
export interface HandoffLookup {
  action: string;
  description: string;
  outcome: "found" | "not_found" | "failed";
  /** The value looked up (e.g. the order number), so a later write can tell which record was verified. */
  subject?: string;
  /** True when the customer proved the record is theirs (or no proof was required). */
  owner?: boolean;
  /** The looked-up values (found), as the system sent them. */
  values?: Record<string, unknown>;
  error?: string;
  /** How ownership was proven, or why details were withheld from the customer. */
  ownership?: string;
}

/**
 * The structured handoff card, written once when a conversation is escalated
 * and stored on the conversation as data (not only text), so the Slack and
 * Discord bots render it natively and analytics can count rules and risks.
 *
 * Invariant: an agent never has to ask the customer again for anything the
 * card holds. `fields` are validated values (the same as the conversation's
 * fields at escalation time); `missingFields` are what the intent still needs.
 * `stepsTried` lists, oldest first, what the AI and the customer already did.
 */
export interface HandoffCard {
  /** The customer's goal in one sentence. */
  goal: string;
  stepsTried: string[];
  risk: RiskLevel;
  /** The escalation rule that fired (its id from config), or null when the AI escalated for another reason. */
  rule: string | null;
  /** Why the conversation was escalated, in words an agent understands. */
  reason: string;
  intent: string | null;
  /** Calibrated (local) or self-reported (LLM) confidence of `intent`; null when no intent was classified. */
  confidence: number | null;
  fields: Record<string, string>;
  missingFields: string[];
  /** The intent's fields (present or missing) at escalation, for the card-completeness figure; absent on cards written before. */
  requiredFields?: string[];
  articles: HandoffArticle[];
  /** Lookups (actions) the AI made, oldest first; absent on cards written before actions existed. */
  lookups?: HandoffLookup[];
  /** What the agent should do next. */
  nextAction: string;
  queue: string;
  priority: Priority;
  /** The customer's channel when escalated, and the language detected in their messages. */
  channel: ChannelId;
  language: string;
  /** Set when the customer wrote in a language the replies could not use (the local provider answers in the default locale). */
  languageNote: string | null;
  /** Link to the conversation (the hub's conversation API). */
  conversationUrl: string;
  /** When a first human response is due (from the queue's SLA), or null. */
  slaDueAt: Date | null;
  createdAt: Date;
}

/** Restores a card read back from JSON (dates travel as ISO strings or epoch ms). */
export function reviveHandoffCard(raw: unknown): HandoffCard | null {
  if (raw === null || raw === undefined) return null;
  const card = raw as HandoffCard & { slaDueAt: unknown; createdAt: unknown };
  const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string | number | Date));
  return { ...card, slaDueAt: date(card.slaDueAt), createdAt: date(card.createdAt) ?? new Date(0) };
}
