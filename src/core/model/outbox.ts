import type { ChannelId } from "./channel.js";

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * A pending delivery of one outbound message. Entries are claimed with a
 * lease (`leaseUntil`) so that two hub processes never send the same entry at
 * once, and a crashed sender's entry becomes claimable again when its lease ends.
 */
export interface OutboxEntry {
  id: string;
  messageId: string;
  conversationId: string;
  channel: ChannelId;
  /** Channel-typed recipient address, validated by the adapter that sends it. */
  address: Record<string, unknown>;
  attempts: number;
  status: OutboxStatus;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
}
