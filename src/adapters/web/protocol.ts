import { z } from "zod";
import type { AuthorKind, DeliveryState, Message } from "../../core/model/index.js";

/**
 * The web chat's wire format: HTTP bodies and websocket frames. Everything
 * that arrives from a browser is parsed with these schemas before use; the
 * widget imports only the types (nothing of zod reaches the bundle).
 */

export const CLIENT_MESSAGE_ID = /^[A-Za-z0-9_-]{1,100}$/;

export const clientMessageIdSchema = z.string().regex(CLIENT_MESSAGE_ID, "expected 1-100 characters of A-Z, a-z, 0-9, _ or -");

/** Body of POST /api/web/messages (text length is checked separately: too long is 413, empty is 422). */
export const postMessageBodySchema = z.strictObject({
  text: z.string(),
  clientMessageId: clientMessageIdSchema,
});

const MAX_SEEN_IDS = 100;

export const clientFrameSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("message"), clientMessageId: clientMessageIdSchema, text: z.string() }),
  z.strictObject({ type: z.literal("typing"), on: z.boolean() }),
  z.strictObject({ type: z.literal("seen"), messageIds: z.array(z.string().min(1).max(100)).min(1).max(MAX_SEEN_IDS) }),
  z.strictObject({ type: z.literal("ping") }),
]);
export type ClientFrame = z.output<typeof clientFrameSchema>;

/** A message as a visitor may see it: no contact ids, no internal notes, no error details. */
export interface PublicMessage {
  id: string;
  direction: "inbound" | "outbound";
  authorKind: AuthorKind;
  text: string;
  /** ISO 8601. */
  createdAt: string;
  deliveryState: DeliveryState;
}

export type ServerFrame =
  | { type: "ready"; visitorId: string; messages: PublicMessage[] }
  | { type: "message"; message: PublicMessage }
  | { type: "ack"; clientMessageId: string; messageId: string; state: "received" }
  | { type: "typing"; on: boolean; author: "ai" | "agent" }
  | { type: "delivery"; messageId: string; state: DeliveryState }
  | { type: "pong" }
  /** A refused frame; `clientMessageId` names the message it concerns, when it concerns one. The socket stays open. */
  | { type: "error"; code: string; message: string; clientMessageId?: string };

export interface SessionResponse {
  token: string;
  visitorId: string;
}
export interface HistoryResponse {
  messages: PublicMessage[];
}
export interface PostMessageResponse {
  messageId: string;
  conversationId: string;
  state: "received";
}
export interface ErrorResponse {
  error: { code: string; message: string };
}
/** Answer of POST /api/web/identify: the visitor is now the signed-in shopper's contact. */
export interface IdentifyResponse {
  identified: true;
}

/** Websocket close code for a missing, forged or expired token (4000-4999 are the application's). */
export const CLOSE_INVALID_TOKEN = 4401;

/** Maps a stored message to what the visitor sees; internal messages map to null and must never be sent. */
export function toPublicMessage(m: Message): PublicMessage | null {
  if (m.direction === "internal") return null;
  return {
    id: m.id,
    direction: m.direction,
    authorKind: m.authorKind,
    text: m.text,
    createdAt: m.createdAt.toISOString(),
    deliveryState: m.deliveryState,
  };
}

/** Customer-visible history, oldest first, at most `limit` messages. */
export function toPublicHistory(messages: readonly Message[], limit: number): PublicMessage[] {
  const visible = messages
    .map(toPublicMessage)
    .filter((m): m is PublicMessage => m !== null)
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  return visible.slice(Math.max(0, visible.length - limit));
}
