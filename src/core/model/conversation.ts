import type { ChannelId } from "./channel.js";
import type { HandoffCard } from "./handoff.js";

export const CONVERSATION_STATUSES = ["open", "pending", "snoozed", "resolved", "closed"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** Statuses in which a new customer message joins the conversation instead of starting a new one. */
export const ACTIVE_STATUSES: readonly ConversationStatus[] = ["open", "pending", "snoozed"];

export const OWNERS = ["ai", "human"] as const;
export type Owner = (typeof OWNERS)[number];

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Where an escalated conversation lives on the internal side (a Slack or Discord thread). */
export interface EscalationRef {
  platform: string;
  target: string;
  threadId: string;
  url?: string;
}

/**
 * One customer conversation, possibly spanning several channels. `version`
 * increases on every update and is what compare-and-set transitions check, so
 * two processes (or an agent and the AI) cannot both take ownership.
 */
export interface Conversation {
  id: string;
  contactId: string;
  status: ConversationStatus;
  owner: Owner;
  queue: string | null;
  priority: Priority;
  tags: string[];
  fields: Record<string, string>;
  escalation: EscalationRef | null;
  /** The handoff card written when the conversation was escalated (kept after hand-back, as history); null before. */
  handoff: HandoffCard | null;
  /** The agent working the conversation (an agent id from config), or null when unassigned. */
  assignee: string | null;
  /** Channel the customer last wrote on; replies go there unless an agent picks another. */
  lastChannel: ChannelId;
  /** Latest reply address per channel, as the channel's adapter decoded it from the customer's message. */
  addresses: Partial<Record<ChannelId, Record<string, unknown>>>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  lastMessageAt: Date;
  /** Hidden until this time while `snoozed`. */
  snoozedUntil: Date | null;
}
