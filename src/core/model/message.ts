import type { ChannelId } from "./channel.js";

export const DIRECTIONS = ["inbound", "outbound", "internal"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const AUTHOR_KINDS = ["customer", "ai", "agent", "system"] as const;
export type AuthorKind = (typeof AUTHOR_KINDS)[number];

/**
 * Delivery state of a message. Inbound messages are `received` once stored.
 * Outbound ones move queued → sent → delivered → read, or to `failed` when the
 * outbox gives up (the reason is on the message's `error` and in an Event).
 */
export const DELIVERY_STATES = ["received", "queued", "sent", "delivered", "read", "failed"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

const BEFORE: Record<DeliveryState, readonly DeliveryState[]> = {
  received: [],
  queued: [],
  sent: ["received", "queued", "failed"],
  delivered: ["received", "queued", "failed", "sent"],
  read: ["received", "queued", "failed", "sent", "delivered"],
  failed: ["received", "queued", "sent", "delivered"],
};

/**
 * The states a message may move to `state` from. Delivery state only moves
 * forward, because platforms and browsers report out of order (a "read" can
 * arrive before the send call returns); `failed` ends anything short of read.
 * The one place this rule lives: both store engines apply it in
 * `setDeliveryState` and `completeOutbox`.
 */
export function deliveryStatesBefore(state: DeliveryState): readonly DeliveryState[] {
  return BEFORE[state];
}

/** Metadata of an attachment; the bytes stay with the platform or a blob store. */
export interface Attachment {
  kind: "image" | "audio" | "video" | "file" | "location" | "sticker";
  name?: string;
  mimeType?: string;
  size?: number;
  /** Where to fetch the bytes (a platform file id or URL), channel-specific. */
  ref?: string;
}

export interface Message {
  id: string;
  conversationId: string;
  contactId: string;
  direction: Direction;
  authorKind: AuthorKind;
  /** Agent id, `ai`, or `system`; null for the customer. */
  authorId: string | null;
  channel: ChannelId;
  /** The platform's id for this message; (channel, externalId) is unique when set. */
  externalId: string | null;
  text: string;
  attachments: Attachment[];
  deliveryState: DeliveryState;
  error: string | null;
  createdAt: Date;
  /** Set once the decision step has handled an inbound message; null means "still to decide". */
  decidedAt: Date | null;
  /**
   * Quick replies offered with an outbound message (the AI's clarifying
   * question). Channels with buttons show them (Telegram inline keyboard,
   * WhatsApp reply buttons); a press comes back as the label's text. The
   * text must make sense without them.
   */
  buttons?: QuickReply[];
}

export interface QuickReply {
  id: string;
  label: string;
}
