import type { Clock } from "../clock.js";
import { makeEvent, makeOutboundMessage, newId, type ChannelId, type Conversation, type DomainEvent, type OutboxEntry } from "../model/index.js";
import type { Store } from "../store/port.js";

/** The event a resend writes (actor: who resent it; data: the failed message, the new one, the channels). */
export const REPLY_RESENT = "reply.resent";

export interface ResendInput {
  /** The failed (dead) outbound message. */
  messageId: string;
  /** Another channel the customer has written on (e.g. email when WhatsApp's 24-hour window closed); default: the failed message's channel. */
  via?: ChannelId;
  /** Who resends, recorded as the events' actor (`agent:ada`, `operator:cli`). */
  actor: string;
  /** When given, the message must belong to this conversation (else `not_found`). */
  conversationId?: string;
}

export type ResendResult =
  /** `duplicate`: the reply had been resent already (by this or an earlier request); `messageId` is the message that resend queued. */
  | { ok: true; duplicate: boolean; conversationId: string; messageId: string; channel: ChannelId }
  | { ok: false; error: "not_found" | "not_dead" | "no_address"; message: string };

/**
 * Resends a reply that failed for good (its outbox entry is `dead`): queues
 * a new outbound message with the same text, author, attachments and buttons,
 * to the same channel or to `via`, and records `reply.resent` with the actor.
 * The dead entry is removed in the same store step, so two resends of one
 * reply queue once; the second answers `duplicate` with the first's message.
 * A reply that is not dead (queued, sent, withdrawn) is `not_dead`.
 *
 * The address on `via` is the one this conversation has for that channel,
 * else the latest one among the contact's other conversations: the customer
 * must have written on that channel before (an identity alone gives no
 * channel address).
 */
export async function resendDeadReply(deps: { store: Store; clock: Clock }, input: ResendInput): Promise<ResendResult> {
  const { store, clock } = deps;
  const failed = await store.getMessage(input.messageId);
  if (!failed || failed.direction !== "outbound" || (input.conversationId !== undefined && failed.conversationId !== input.conversationId))
    return { ok: false, error: "not_found", message: `no reply ${input.messageId}` };
  const conversation = await store.getConversation(failed.conversationId);
  if (!conversation) return { ok: false, error: "not_found", message: `the conversation of ${input.messageId} no longer exists` };
  const [dead] = await store.listDeadOutbox({ conversationId: conversation.id, limit: 1000 }).then((list) => list.filter((e) => e.messageId === failed.id));
  if (!dead) return (await earlierResend(store, failed.id, conversation.id)) ?? notDead(failed.deliveryState, failed.error);
  const channel = input.via ?? dead.channel;
  const address = channel === dead.channel && !input.via ? dead.address : await addressOn(store, conversation, channel);
  if (!address)
    return {
      ok: false,
      error: "no_address",
      message: `the customer has never written on ${channel}, so there is no address to send to there; pick another channel`,
    };

  const now = clock.now();
  const message = {
    ...makeOutboundMessage({
      conversationId: conversation.id,
      contactId: conversation.contactId,
      channel,
      text: failed.text,
      authorKind: failed.authorKind,
      authorId: failed.authorId,
      at: now,
      ...(failed.buttons ? { buttons: failed.buttons } : {}),
    }),
    attachments: failed.attachments,
  };
  const entry: OutboxEntry = {
    id: newId("ob"),
    messageId: message.id,
    conversationId: conversation.id,
    channel,
    address,
    attempts: 0,
    status: "pending",
    nextAttemptAt: now,
    leaseUntil: null,
    lastError: null,
    createdAt: now,
  };
  const scope = { conversationId: conversation.id, contactId: conversation.contactId };
  const events: DomainEvent[] = [
    makeEvent(REPLY_RESENT, input.actor, now, scope, {
      messageId: failed.id,
      newMessageId: message.id,
      channel,
      fromChannel: dead.channel,
      error: dead.lastError,
    }),
    makeEvent("message.queued", input.actor, now, scope, { messageId: message.id, channel, authorKind: message.authorKind, resendOf: failed.id }),
  ];
  if (await store.resendDeadOutbound(failed.id, message, entry, events)) {
    return { ok: true, duplicate: false, conversationId: conversation.id, messageId: message.id, channel };
  }
  // Another resend removed the dead entry first: its message is the answer.
  return (await earlierResend(store, failed.id, conversation.id)) ?? notDead(failed.deliveryState, failed.error);
}

async function earlierResend(store: Store, messageId: string, conversationId: string): Promise<ResendResult | null> {
  const resent = await store.listEvents({ conversationId, type: REPLY_RESENT, newestFirst: true, limit: 1000 });
  const hit = resent.find((e) => e.data.messageId === messageId);
  if (!hit || typeof hit.data.newMessageId !== "string") return null;
  return { ok: true, duplicate: true, conversationId, messageId: hit.data.newMessageId, channel: hit.data.channel as ChannelId };
}

function notDead(state: string, error: string | null): ResendResult {
  const why = error === "cancelled" ? "it was withdrawn (undo)" : `its delivery state is ${state}`;
  return { ok: false, error: "not_dead", message: `only a reply that failed for good can be resent; ${why}` };
}

async function addressOn(store: Store, conversation: Conversation, channel: ChannelId): Promise<Record<string, unknown> | null> {
  const own = conversation.addresses[channel];
  if (own) return own;
  const others = await store.listConversations({ contactId: conversation.contactId, limit: 50 });
  return others.find((c) => c.addresses[channel])?.addresses[channel] ?? null;
}
