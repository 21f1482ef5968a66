import { NotFoundError } from "../../errors.js";
import { deliveryStatesBefore, type ChannelId, type DeliveryState, type DomainEvent, type Message } from "../../model/index.js";
import { isDuplicateKeyError, mongoLimit, type MongoContext } from "./context.js";
import { touchConversation } from "./conversations.js";
import { toMessage, toMessageDoc } from "./mappers.js";
import type { MessageDoc } from "./schemas.js";

/**
 * Messages. Idempotency on (channel, externalId) is the unique partial index
 * `messages_external`: the insert itself decides, so two processes receiving
 * the same webhook cannot both store it. Order is the `seq` counter.
 */

export async function findMessageByExternalId(ctx: MongoContext, channel: ChannelId, externalId: string): Promise<Message | null> {
  const doc = await ctx.models.messages.findOne({ channel, externalId }).lean<MessageDoc>().exec();
  return doc ? toMessage(doc) : null;
}

export async function getMessage(ctx: MongoContext, id: string): Promise<Message | null> {
  const doc = await ctx.models.messages.findById(id).lean<MessageDoc>().exec();
  return doc ? toMessage(doc) : null;
}

/**
 * Inserts the message and moves its conversation forward. Throws
 * NotFoundError (after removing the message again) when the conversation does
 * not exist — SQLite refuses the same write with its foreign key.
 */
export async function insertMessage(ctx: MongoContext, message: Message, replyAddress?: Record<string, unknown>): Promise<void> {
  const seq = await ctx.nextSeq("messages");
  await ctx.models.messages.create(toMessageDoc(message, seq));
  const inbound = message.direction === "inbound" ? { channel: message.channel, replyAddress } : null;
  if (!(await touchConversation(ctx, message.conversationId, message.createdAt, inbound))) {
    await ctx.models.messages.deleteOne({ _id: message.id }).exec();
    throw new NotFoundError("conversation", message.conversationId);
  }
}

export async function appendMessage(
  ctx: MongoContext,
  message: Message,
  events: DomainEvent[],
  replyAddress?: Record<string, unknown>,
): Promise<{ message: Message; duplicate: boolean }> {
  try {
    await insertMessage(ctx, message, replyAddress);
  } catch (err) {
    if (!isDuplicateKeyError(err) || message.externalId === null) throw err;
    const stored = await findMessageByExternalId(ctx, message.channel, message.externalId);
    // No stored message with this key: the collision was on the message id itself, which is not idempotency.
    if (!stored) throw err;
    return { message: stored, duplicate: true };
  }
  await ctx.writeEvents(events);
  return { message, duplicate: false };
}

export async function listMessages(
  ctx: MongoContext,
  conversationId: string,
  options: { limit?: number; direction?: Message["direction"] } = {},
): Promise<Message[]> {
  const limit = mongoLimit(options.limit ?? 1000);
  if (limit === null) return [];
  const filter: Record<string, unknown> = { conversationId };
  if (options.direction) filter.direction = options.direction;
  // The newest `limit`, returned oldest first.
  const docs = await ctx.models.messages.find(filter).sort({ seq: -1 }).limit(limit).lean<MessageDoc[]>().exec();
  return docs.reverse().map(toMessage);
}

/**
 * Moves the delivery state forward only (`deliveryStatesBefore`: the filter
 * matches only messages still in an earlier state, so out-of-order reports
 * change nothing). The externalId, when given, is recorded either way.
 * Returns whether the state moved.
 */
export async function updateDelivery(
  ctx: MongoContext,
  messageId: string,
  state: DeliveryState,
  externalId: string | null | undefined,
  error: string | null | undefined,
): Promise<boolean> {
  const { messages } = ctx.models;
  if (externalId) await messages.updateOne({ _id: messageId }, { $set: { externalId } }).exec();
  const result = await messages
    .updateOne({ _id: messageId, deliveryState: { $in: [...deliveryStatesBefore(state)] } }, { $set: { deliveryState: state, error: error ?? null } })
    .exec();
  return result.modifiedCount > 0;
}

export async function setDeliveryState(
  ctx: MongoContext,
  messageId: string,
  state: DeliveryState,
  extra: { externalId?: string | null; error?: string | null },
  events: DomainEvent[],
): Promise<boolean> {
  const moved = await updateDelivery(ctx, messageId, state, extra.externalId, extra.error);
  if (moved) await ctx.writeEvents(events);
  return moved;
}

/** Updates only when the text differs (the filter makes a repeated edit a no-op), then writes the events. */
export async function editMessage(ctx: MongoContext, messageId: string, text: string, events: DomainEvent[]): Promise<boolean> {
  const result = await ctx.models.messages.updateOne({ _id: messageId, text: { $ne: text } }, { $set: { text } }).exec();
  if (result.modifiedCount === 0) return false;
  await ctx.writeEvents(events);
  return true;
}

export async function listUndecided(ctx: MongoContext, limit: number): Promise<Message[]> {
  const max = mongoLimit(limit);
  if (max === null) return [];
  const docs = await ctx.models.messages.find({ direction: "inbound", decidedAt: null }).sort({ seq: 1 }).limit(max).lean<MessageDoc[]>().exec();
  return docs.map(toMessage);
}

export async function markDecided(ctx: MongoContext, messageId: string, at: Date): Promise<void> {
  await ctx.models.messages.updateOne({ _id: messageId, decidedAt: null }, { $set: { decidedAt: at } }).exec();
}
