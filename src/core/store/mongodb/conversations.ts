import { NotFoundError } from "../../errors.js";
import { ACTIVE_STATUSES, type Conversation, type DomainEvent } from "../../model/index.js";
import type { ConversationGuard, ConversationPageQuery, ConversationPatch } from "../port.js";
import { mongoLimit, type MongoContext } from "./context.js";
import { conversationPatchSet, plain, toConversation, toConversationDoc } from "./mappers.js";
import type { ConversationDoc } from "./schemas.js";

/**
 * Conversations. Ownership changes are compare-and-set: the guard is part of
 * the filter of one `findOneAndUpdate`, which MongoDB applies atomically to
 * the single document, so of two updates from the same state only one matches.
 */

/** Most recent first; `seq` breaks ties the way SQLite's rowid does. */
const RECENT_FIRST = { lastMessageAt: -1, seq: -1 } as const;

export async function createConversation(ctx: MongoContext, conversation: Conversation, events: DomainEvent[]): Promise<Conversation> {
  const { contacts, conversations } = ctx.models;
  // SQLite enforces this with a foreign key; contacts are never deleted, so checking first is race-free.
  if ((await contacts.exists({ _id: conversation.contactId }).exec()) === null) {
    throw new NotFoundError("contact", conversation.contactId);
  }
  const seq = await ctx.nextSeq("conversations");
  await conversations.create(toConversationDoc(conversation, seq));
  await ctx.writeEvents(events);
  const stored = await getConversation(ctx, conversation.id);
  if (!stored) throw new NotFoundError("conversation", conversation.id);
  return stored;
}

export async function getConversation(ctx: MongoContext, id: string): Promise<Conversation | null> {
  const doc = await ctx.models.conversations.findById(id).lean<ConversationDoc>().exec();
  return doc ? toConversation(doc) : null;
}

export async function findActiveConversation(ctx: MongoContext, contactId: string): Promise<Conversation | null> {
  const doc = await ctx.models.conversations
    .findOne({ contactId, status: { $in: [...ACTIVE_STATUSES] } })
    .sort(RECENT_FIRST)
    .lean<ConversationDoc>()
    .exec();
  return doc ? toConversation(doc) : null;
}

export async function listConversations(
  ctx: MongoContext,
  query: { contactId?: string; status?: Conversation["status"]; owner?: Conversation["owner"]; limit?: number },
): Promise<Conversation[]> {
  const limit = mongoLimit(query.limit ?? 100);
  if (limit === null) return [];
  const filter: Record<string, unknown> = {};
  if (query.contactId) filter.contactId = query.contactId;
  if (query.status) filter.status = query.status;
  if (query.owner) filter.owner = query.owner;
  const docs = await ctx.models.conversations.find(filter).sort(RECENT_FIRST).limit(limit).lean<ConversationDoc[]>().exec();
  return docs.map(toConversation);
}

/** A page in `_id` order after the cursor (the default `_id` index gives the order). */
export async function pageConversations(ctx: MongoContext, query: ConversationPageQuery): Promise<Conversation[]> {
  const limit = mongoLimit(query.limit);
  if (limit === null) return [];
  const filter: Record<string, unknown> = {};
  if (query.after) filter._id = { $gt: query.after };
  if (query.contactId) filter.contactId = query.contactId;
  if (query.createdFrom || query.createdTo) {
    filter.createdAt = { ...(query.createdFrom ? { $gte: query.createdFrom } : {}), ...(query.createdTo ? { $lt: query.createdTo } : {}) };
  }
  const docs = await ctx.models.conversations.find(filter).sort({ _id: 1 }).limit(limit).lean<ConversationDoc[]>().exec();
  return docs.map(toConversation);
}

/** One atomic `findOneAndUpdate` guarded by version/owner; events are written only after it matched. */
export async function updateConversation(
  ctx: MongoContext,
  id: string,
  guard: ConversationGuard,
  patch: ConversationPatch,
  events: DomainEvent[],
): Promise<Conversation | null> {
  const filter: Record<string, unknown> = { _id: id };
  if (guard.version !== undefined) filter.version = guard.version;
  if (guard.owner !== undefined) filter.owner = guard.owner;
  const updatedAt = patch.updatedAt ?? events[0]?.at ?? new Date();
  const doc = await ctx.models.conversations
    .findOneAndUpdate(filter, { $set: conversationPatchSet(patch, updatedAt), $inc: { version: 1 } }, { returnDocument: "after" })
    .lean<ConversationDoc>()
    .exec();
  if (!doc) return null;
  await ctx.writeEvents(events);
  return toConversation(doc);
}

/**
 * Moves `lastMessageAt` forward only (`$max`) and, for inbound messages, sets
 * `lastChannel` and `addresses[channel]` (to `{}` when no reply address is
 * given, as SQLite does). The version is not bumped: a customer writing must
 * not make an agent's compare-and-set fail. False when the conversation does
 * not exist.
 */
export async function touchConversation(
  ctx: MongoContext,
  conversationId: string,
  at: Date,
  inbound: { channel: Conversation["lastChannel"]; replyAddress: Record<string, unknown> | undefined } | null,
): Promise<boolean> {
  const update =
    inbound === null
      ? { $max: { lastMessageAt: at } }
      : {
          $max: { lastMessageAt: at },
          // Channel ids contain no "." or "$", so the dotted path addresses exactly one key.
          // A message without a reply address leaves the stored one alone.
          $set: {
            lastChannel: inbound.channel,
            ...(inbound.replyAddress === undefined ? {} : { [`addresses.${inbound.channel}`]: plain(inbound.replyAddress) }),
          },
        };
  const result = await ctx.models.conversations.updateOne({ _id: conversationId }, update).exec();
  return result.matchedCount > 0;
}
