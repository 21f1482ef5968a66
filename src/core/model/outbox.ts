import type { ChannelId } from "./channel.js";

/**
 * The outbox holds only work not yet done: an entry is removed once delivered
 * (the message's delivery state and its `message.sent` event record that), so
 * the table stays small however long the hub runs. Dead entries stay for
 * inspection.
 */
export const OUTBOX_STATUSES = ["pending", "sending", "dead"] as const;
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
