import type { Clock } from "../clock.js";
import { makeEvent, makeOutboundMessage, newId, type ChannelId, type Conversation, type Message, type OutboxEntry } from "../model/index.js";
import type { Store } from "../store/port.js";

export interface ReplyInput {
  text: string;
  authorKind: Message["authorKind"];
  authorId: string | null;
  /** Defaults to the channel the customer last wrote on. */
  channel?: ChannelId;
}

/**
 * Queues a customer-visible reply: writes the outbound message and its outbox
 * entry in one step, addressed to the conversation's reply address on that
 * channel. Delivery (retries, delivery state) is the outbox's job from here.
 * Returns null (and records why) when the conversation has no address on the
 * channel, e.g. an agent picked a channel the customer never used.
 */
export async function enqueueReply(store: Store, clock: Clock, conversation: Conversation, input: ReplyInput): Promise<Message | null> {
  const channel = input.channel ?? conversation.lastChannel;
  const address = conversation.addresses[channel];
  const now = clock.now();
  const scope = { conversationId: conversation.id, contactId: conversation.contactId };
  if (!address) {
    await store.appendEvents([makeEvent("reply.unaddressable", input.authorId ?? input.authorKind, now, scope, { channel })]);
    return null;
  }
  const message = makeOutboundMessage({
    conversationId: conversation.id, contactId: conversation.contactId, channel, text: input.text,
    authorKind: input.authorKind, authorId: input.authorId, at: now,
  });
  const entry: OutboxEntry = {
    id: newId("ob"), messageId: message.id, conversationId: conversation.id, channel, address, attempts: 0, status: "pending",
    nextAttemptAt: now, leaseUntil: null, lastError: null, createdAt: now,
  };
  await store.enqueueOutbound(message, entry, [
    makeEvent("message.queued", actorOf(input), now, scope, { messageId: message.id, channel, authorKind: input.authorKind }),
  ]);
  return message;
}

function actorOf(input: ReplyInput): string {
  if (input.authorKind === "agent") return `agent:${input.authorId ?? "unknown"}`;
  return input.authorKind;
}
