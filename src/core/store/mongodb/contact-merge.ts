import { NotFoundError } from "../../errors.js";
import { newMergeId, planProfileMerge, planProfileUnmerge } from "../../identity/merge-plan.js";
import type { DomainEvent, MergeRecord } from "../../model/index.js";
import { MergeAlreadyUndoneError, MergeConflictError, type MergeOutcome } from "../port.js";
import type { MongoContext } from "./context.js";
import { identityKey, plain } from "./mappers.js";
import type { ContactDoc, IdentityDoc } from "./schemas.js";

/**
 * Contact merges in MongoDB, without multi-document transactions.
 *
 * Order of writes (merge): (1) claim the source with one atomic
 * `findOneAndUpdate` that sets `mergedInto` and stores the MergeRecord only
 * while the source is live — of two concurrent merges of one source exactly
 * one wins; (2) check the target is still live (A→B racing B→A would
 * otherwise make a cycle: the claim is released and MergeConflictError
 * thrown); (3) move identities, conversations and their messages, and add
 * the source's profile keys to the target — each an idempotent update
 * derived from the stored record; (4) write the events (built by the
 * caller's callback before step 1, so a throwing callback writes nothing).
 *
 * A crash after (1) leaves the source marked merged with part of (3) done;
 * repeating the same merge (it is idempotent) re-applies (3) from the stored
 * record and completes it, but writes no events (as everywhere in this
 * engine, a crash can lose audit events, never state). Readers may briefly
 * see a half-moved merge that SQLite readers never see.
 *
 * Undo: check the stored record, move everything back (idempotent updates),
 * then release the mark with one atomic `findOneAndUpdate` conditioned on the
 * record id — of two concurrent undos only the one that releases it writes
 * events; the other gets MergeAlreadyUndoneError (their moves were identical).
 */

async function mustLoad(ctx: MongoContext, id: string): Promise<ContactDoc> {
  const doc = await ctx.models.contacts.findById(id).lean<ContactDoc>().exec();
  if (!doc) throw new NotFoundError("contact", id);
  return doc;
}

/** Step (3): moves what `record` names from source to target; safe to repeat. */
async function applyMerge(ctx: MongoContext, record: MergeRecord, source: ContactDoc, at: Date): Promise<void> {
  const { identities, conversations, messages, contacts } = ctx.models;
  const keys = record.identities.map(identityKey);
  if (keys.length > 0) {
    await identities.updateMany({ _id: { $in: keys }, contactId: record.sourceId }, { $set: { contactId: record.targetId } }).exec();
  }
  if (record.conversationIds.length > 0) {
    await conversations.updateMany({ _id: { $in: record.conversationIds }, contactId: record.sourceId }, { $set: { contactId: record.targetId } }).exec();
    await messages.updateMany({ conversationId: { $in: record.conversationIds } }, { $set: { contactId: record.targetId } }).exec();
  }
  const added: Record<string, string> = {};
  for (const key of record.profileKeysAdded) {
    const value = (source.profile ?? {})[key];
    if (value !== undefined) added[key] = value;
  }
  const adopted = record.nameAdopted ? (source.name ?? null) : null;
  await contacts
    .updateOne({ _id: record.targetId }, [
      {
        $set: {
          // Target wins: its own keys come last in $mergeObjects.
          profile: { $mergeObjects: [{ $literal: plain(added) }, { $ifNull: ["$profile", {}] }] },
          name: adopted === null ? { $ifNull: ["$name", null] } : { $ifNull: ["$name", { $literal: adopted }] },
          updatedAt: { $literal: at },
        },
      },
    ])
    .exec();
}

export async function mergeContacts(
  ctx: MongoContext,
  sourceId: string,
  targetId: string,
  events: (record: MergeRecord) => DomainEvent[],
  at: Date,
): Promise<MergeOutcome> {
  if (sourceId === targetId) throw new MergeConflictError(`cannot merge contact ${sourceId} into itself`, { sourceId });
  const { contacts, identities, conversations, messages } = ctx.models;
  const source = await mustLoad(ctx, sourceId);
  const target = await mustLoad(ctx, targetId);
  const repeat = async (doc: ContactDoc): Promise<MergeOutcome> => {
    if (doc.mergedInto === targetId && doc.mergeRecord) {
      await applyMerge(ctx, doc.mergeRecord, doc, at);
      return { record: doc.mergeRecord, created: false };
    }
    throw new MergeConflictError(`contact ${sourceId} is already merged into ${doc.mergedInto}`, { sourceId, mergedInto: doc.mergedInto });
  };
  if (source.mergedInto) return repeat(source);
  if (target.mergedInto) {
    throw new MergeConflictError(`contact ${targetId} is merged into ${target.mergedInto}; merge into the live contact`, {
      targetId,
      mergedInto: target.mergedInto,
    });
  }

  const ids = await identities.find({ contactId: sourceId }).sort({ seq: 1 }).lean<IdentityDoc[]>().exec();
  const convs = await conversations.find({ contactId: sourceId }).sort({ seq: 1 }).select({ _id: 1 }).lean<{ _id: string }[]>().exec();
  const conversationIds = convs.map((c) => c._id);
  const messageCount = conversationIds.length === 0 ? 0 : await messages.countDocuments({ conversationId: { $in: conversationIds } }).exec();
  const plan = planProfileMerge({ profile: source.profile ?? {}, name: source.name ?? null }, { profile: target.profile ?? {}, name: target.name ?? null });
  const record: MergeRecord = {
    id: newMergeId(at.getTime()),
    sourceId,
    targetId,
    at: at.toISOString(),
    identities: ids.map((i) => ({ kind: i.kind, value: i.value })),
    conversationIds,
    messageCount,
    profileKeysAdded: Object.keys(plan.added).sort(),
    profileConflicts: plan.conflicts,
    nameAdopted: plan.adoptName !== null,
  };
  // Built before anything is written, so a caller whose event builder throws leaves no half merge behind.
  const toWrite = events(record);

  const claimed = await contacts
    .findOneAndUpdate(
      { _id: sourceId, mergedInto: null },
      { $set: { mergedInto: targetId, mergeRecord: plain(record), updatedAt: at } },
      { returnDocument: "after" },
    )
    .lean<ContactDoc>()
    .exec();
  if (!claimed) return repeat(await mustLoad(ctx, sourceId));
  const targetNow = await mustLoad(ctx, targetId);
  if (targetNow.mergedInto) {
    await contacts.updateOne({ _id: sourceId, "mergeRecord.id": record.id }, { $set: { mergedInto: null, mergeRecord: null } }).exec();
    throw new MergeConflictError(`contact ${targetId} was merged into ${targetNow.mergedInto} meanwhile`, { targetId, mergedInto: targetNow.mergedInto });
  }
  await applyMerge(ctx, record, source, at);
  await ctx.writeEvents(toWrite);
  return { record, created: true };
}

export async function unmergeContacts(ctx: MongoContext, given: MergeRecord, events: DomainEvent[], at: Date): Promise<MergeRecord> {
  const { contacts, identities, conversations, messages } = ctx.models;
  const source = await mustLoad(ctx, given.sourceId);
  const stored = source.mergeRecord ?? null;
  if (!stored || stored.id !== given.id) throw new MergeAlreadyUndoneError(given.id);
  const target = await mustLoad(ctx, stored.targetId);
  if (target.mergedInto) {
    throw new MergeConflictError(`contact ${target._id} was merged into ${target.mergedInto} after merge ${stored.id}; undo that merge first`, {
      targetId: target._id,
      mergedInto: target.mergedInto,
    });
  }
  const keys = stored.identities.map(identityKey);
  if (keys.length > 0) {
    await identities.updateMany({ _id: { $in: keys }, contactId: target._id }, { $set: { contactId: source._id } }).exec();
  }
  if (stored.conversationIds.length > 0) {
    await conversations.updateMany({ _id: { $in: stored.conversationIds }, contactId: target._id }, { $set: { contactId: source._id } }).exec();
    await messages.updateMany({ conversationId: { $in: stored.conversationIds } }, { $set: { contactId: source._id } }).exec();
  }
  const { removed } = planProfileUnmerge({ profile: source.profile ?? {} }, { profile: target.profile ?? {} }, stored.profileKeysAdded);
  const giveBackName = stored.nameAdopted && (target.name ?? null) === (source.name ?? null);
  await contacts
    .updateOne({ _id: target._id }, [
      {
        $set: {
          profile: {
            $arrayToObject: {
              $filter: { input: { $objectToArray: { $ifNull: ["$profile", {}] } }, cond: { $not: [{ $in: ["$$this.k", { $literal: removed }] }] } },
            },
          },
          name: giveBackName ? { $literal: null } : { $ifNull: ["$name", null] },
          updatedAt: { $literal: at },
        },
      },
    ])
    .exec();
  const released = await contacts
    .findOneAndUpdate({ _id: source._id, "mergeRecord.id": stored.id }, { $set: { mergedInto: null, mergeRecord: null, updatedAt: at } })
    .lean<ContactDoc>()
    .exec();
  if (!released) throw new MergeAlreadyUndoneError(given.id);
  await ctx.writeEvents(events);
  return stored;
}
