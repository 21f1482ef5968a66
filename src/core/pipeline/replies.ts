import type { Clock } from "../clock.js";
import {
  makeEvent,
  makeOutboundMessage,
  newId,
  type ChannelId,
  type QuickReply,
  type Conversation,
  type DomainEvent,
  type Message,
  type OutboxEntry,
} from "../model/index.js";
import type { Store } from "../store/port.js";

export interface ReplyInput {
  text: string;
  authorKind: Message["authorKind"];
  authorId: string | null;
  /** Defaults to the channel the customer last wrote on. */
  channel?: ChannelId;
  /** Quick replies (shown by channels with buttons). */
  buttons?: QuickReply[];
}

/** A reply ready to be written: the outbound message, its outbox entry and its event. */
export type BuiltReply = { ok: true; message: Message; entry: OutboxEntry; event: DomainEvent } | { ok: false; event: DomainEvent };

/**
 * Builds a customer-visible reply addressed to the conversation's reply
 * address on the channel (the customer's last channel by default). When the
 * conversation has no address there (an agent picked a channel the customer
 * never used) the result is only a `reply.unaddressable` event to record.
 * Pure: writing is the caller's, so a decision's replies land in one transaction.
 */
export function buildReply(conversation: Conversation, input: ReplyInput, now: Date): BuiltReply {
  const channel = input.channel ?? conversation.lastChannel;
  const address = conversation.addresses[channel];
  const scope = { conversationId: conversation.id, contactId: conversation.contactId };
  const actor = input.authorKind === "agent" ? `agent:${input.authorId ?? "unknown"}` : input.authorKind;
  if (!address) return { ok: false, event: makeEvent("reply.unaddressable", actor, now, scope, { channel }) };
  const message = makeOutboundMessage({
    conversationId: conversation.id,
    contactId: conversation.contactId,
    channel,
    text: input.text,
    ...(input.buttons ? { buttons: input.buttons } : {}),
    authorKind: input.authorKind,
    authorId: input.authorId,
    at: now,
  });
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
  return { ok: true, message, entry, event: makeEvent("message.queued", actor, now, scope, { messageId: message.id, channel, authorKind: input.authorKind }) };
}

/** Queues one reply through the outbox (outside a decision: agents, notices). Returns null when unaddressable (recorded as an event). */
export async function enqueueReply(store: Store, clock: Clock, conversation: Conversation, input: ReplyInput): Promise<Message | null> {
  const built = buildReply(conversation, input, clock.now());
  if (!built.ok) {
    await store.appendEvents([built.event]);
    return null;
  }
  await store.enqueueOutbound(built.message, built.entry, [built.event]);
  return built.message;
}
