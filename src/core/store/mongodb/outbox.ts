import { NotFoundError } from "../../errors.js";
import type { DomainEvent, Message, OutboxEntry, OutboxStatus } from "../../model/index.js";
import type { DeadOutboxQuery, OutboxOutcome, RecordDecisionOptions } from "../port.js";
import type { MongoContext } from "./context.js";
import { toOutbox, toOutboxDoc } from "./mappers.js";
import { insertMessage, markDecided, updateDelivery } from "./messages.js";
import type { OutboxDoc } from "./schemas.js";

/**
 * The outbox. Claiming is one `findOneAndUpdate` per entry: the server applies
 * filter and lease to a single document atomically, so an entry leased by one
 * claimer no longer matches the filter of any other.
 */

/** Writes the outbound message, then its entry; if the entry cannot be written the message is removed again. */
export async function enqueueOutbound(ctx: MongoContext, message: Message, entry: OutboxEntry, events: DomainEvent[]): Promise<void> {
  await insertOutbound(ctx, message, entry);
  await ctx.writeEvents(events);
}

/**
 * Queues the decision's replies, writes its events, and only then marks the
 * inbound message decided. Without transactions a crash in between means the
 * message is decided again on restart: replies are at least once, never lost.
 */
export async function recordDecision(
  ctx: MongoContext,
  messageId: string,
  outbound: { message: Message; entry: OutboxEntry }[],
  events: DomainEvent[],
  decidedAt: Date,
  options?: RecordDecisionOptions,
): Promise<boolean> {
  const guard = options?.onlyIfOwner;
  if (guard) {
    const current = await ctx.models.conversations.findById(guard.conversationId).select({ owner: 1 }).lean<{ owner: string }>().exec();
    if (current?.owner !== guard.owner) return false;
  }
  const target = await ctx.models.messages.findById(messageId).select({ decidedAt: 1 }).lean<{ decidedAt: Date | null }>().exec();
  if (target?.decidedAt) return false;
  for (const o of outbound) await insertOutbound(ctx, o.message, o.entry);
  await ctx.writeEvents(events);
  await markDecided(ctx, messageId, decidedAt);
  return true;
}

async function insertOutbound(ctx: MongoContext, message: Message, entry: OutboxEntry): Promise<void> {
  await insertMessage(ctx, message);
  try {
    const seq = await ctx.nextSeq("outbox");
    await ctx.models.outbox.create(toOutboxDoc(entry, seq));
  } catch (err) {
    await ctx.models.messages
      .deleteOne({ _id: message.id })
      .exec()
      .catch(() => undefined);
    throw err;
  }
}

export async function claimOutbox(ctx: MongoContext, now: Date, limit: number, leaseMs: number): Promise<OutboxEntry[]> {
  const max = limit < 0 ? Number.POSITIVE_INFINITY : Math.floor(limit);
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const claimed: OutboxEntry[] = [];
  // Replies of one conversation go out in order: an entry is claimable only when no earlier live entry
  // (pending or sending; dead ones no longer hold the line) of its conversation exists.
  const blocked = new Set<string>();
  while (claimed.length < max) {
    const candidate = await ctx.models.outbox
      .findOne({
        $or: [
          { status: "pending", nextAttemptAt: { $lte: now } },
          { status: "sending", leaseUntil: { $lt: now } },
        ],
        _id: { $nin: [...claimed.map((e) => e.id), ...blocked] },
      })
      .sort({ nextAttemptAt: 1, seq: 1 })
      .lean<OutboxDoc>()
      .exec();
    if (!candidate) break;
    const earlier = await ctx.models.outbox.exists({ conversationId: candidate.conversationId, seq: { $lt: candidate.seq }, status: { $ne: "dead" } }).exec();
    if (earlier) {
      blocked.add(candidate._id);
      continue;
    }
    const doc = await ctx.models.outbox
      .findOneAndUpdate(
        {
          _id: candidate._id,
          // Still claimable: another claimer may have taken it between the read and this update.
          $or: [
            { status: "pending", nextAttemptAt: { $lte: now } },
            { status: "sending", leaseUntil: { $lt: now } },
          ],
        },
        { $set: { status: "sending", leaseUntil }, $inc: { attempts: 1 } },
        { sort: { nextAttemptAt: 1, seq: 1 }, returnDocument: "after" },
      )
      .lean<OutboxDoc>()
      .exec();
    if (!doc) {
      blocked.add(candidate._id); // another claimer won it
      continue;
    }
    claimed.push(toOutbox(doc));
  }
  return claimed;
}

/**
 * Records the outcome on the entry first, then on the message. A crash in
 * between leaves the message's delivery state behind, never the entry: an
 * entry still `sending` would be re-claimed after its lease and sent twice.
 */
export async function completeOutbox(ctx: MongoContext, entryId: string, outcome: OutboxOutcome, events: DomainEvent[]): Promise<void> {
  const { outbox } = ctx.models;
  const entry = await outbox.findById(entryId).lean<OutboxDoc>().exec();
  if (!entry) throw new NotFoundError("outbox entry", entryId);
  if (outcome.status === "sent") {
    await outbox.deleteOne({ _id: entryId }).exec();
    await updateDelivery(ctx, entry.messageId, outcome.delivered ? "delivered" : "sent", outcome.externalId, null);
  } else if (outcome.status === "retry") {
    await outbox
      .updateOne(
        { _id: entryId },
        {
          $set: {
            status: "pending",
            leaseUntil: null,
            nextAttemptAt: outcome.nextAttemptAt,
            lastError: outcome.error,
            ...(outcome.attempts !== undefined ? { attempts: outcome.attempts } : {}),
          },
        },
      )
      .exec();
  } else {
    await outbox.updateOne({ _id: entryId }, { $set: { status: "dead", leaseUntil: null, lastError: outcome.error } }).exec();
    await updateDelivery(ctx, entry.messageId, "failed", null, outcome.error);
  }
  await ctx.writeEvents(events);
}

/** Deletes the pending entry first (the atomic step deciding "not too late"), then marks the message. */
export async function cancelOutbound(ctx: MongoContext, messageId: string, events: DomainEvent[]): Promise<boolean> {
  const removed = await ctx.models.outbox.deleteOne({ messageId, status: "pending" }).exec();
  if (removed.deletedCount === 0) return false;
  await updateDelivery(ctx, messageId, "failed", null, "cancelled");
  await ctx.writeEvents(events);
  return true;
}

export async function countOutbox(ctx: MongoContext, status: OutboxStatus): Promise<number> {
  return ctx.models.outbox.countDocuments({ status }).exec();
}

export async function nextOutboxDue(ctx: MongoContext): Promise<Date | null> {
  const doc = await ctx.models.outbox
    .findOne({ status: "pending" })
    .sort({ nextAttemptAt: 1 })
    .select({ nextAttemptAt: 1 })
    .lean<Pick<OutboxDoc, "_id" | "nextAttemptAt">>()
    .exec();
  return doc ? new Date(doc.nextAttemptAt.getTime()) : null;
}

/** Dead entries, oldest first (the outbox's sequence). */
export async function listDeadOutbox(ctx: MongoContext, query: DeadOutboxQuery = {}): Promise<OutboxEntry[]> {
  const filter: Record<string, unknown> = { status: "dead" };
  if (query.channel) filter.channel = query.channel;
  if (query.conversationId) filter.conversationId = query.conversationId;
  const docs = await ctx.models.outbox
    .find(filter)
    .sort({ seq: 1 })
    .limit(Math.max(0, query.limit ?? 100))
    .lean<OutboxDoc[]>()
    .exec();
  return docs.map(toOutbox);
}

/**
 * Deletes the dead entry first (the atomic step deciding which of two
 * resends queues), then queues the new message and writes the events. When
 * queueing fails the dead entry is put back, so the reply can be resent
 * again; a crash in between loses the resend, never doubles it (the reply
 * stays failed, no longer listed as dead).
 */
export async function resendDeadOutbound(
  ctx: MongoContext,
  deadMessageId: string,
  message: Message,
  entry: OutboxEntry,
  events: DomainEvent[],
): Promise<boolean> {
  const dead = await ctx.models.outbox.findOneAndDelete({ messageId: deadMessageId, status: "dead" }).lean<OutboxDoc>().exec();
  if (!dead) return false;
  try {
    await insertOutbound(ctx, message, entry);
  } catch (err) {
    await ctx.models.outbox.create(dead).catch(() => undefined);
    throw err;
  }
  await ctx.writeEvents(events);
  return true;
}
