import type { Connection } from "mongoose";
import { NotFoundError } from "../../errors.js";
import {
  ERASED,
  attachmentRefs,
  isConversationRedacted,
  isMessageRedacted,
  redactConversation,
  redactEventData,
  redactMessage,
} from "../../privacy/redaction.js";
import { ACTIVE_STATUSES, type ConversationStatus } from "../../model/index.js";
import {
  CONTACT_ERASED,
  EraseConflictError,
  emptyRedaction,
  type EraseCounts,
  type EraseOutcome,
  type PrivacyStore,
  type RedactionCut,
  type RedactionResult,
} from "../privacy-port.js";
import type { MongoContext } from "./context.js";
import { plain, toConversation, toEvent, toMessage } from "./mappers.js";
import type { ContactDoc, ConversationDoc, EventDoc, MessageDoc } from "./schemas.js";

/**
 * Erasure and retention in MongoDB, without multi-document transactions (as
 * the rest of this engine). An erasure is an idempotent sequence: redact each
 * conversation (messages, then the conversation, outbox entries, timers and
 * event data), then delete the identities, clear the contacts and reduce
 * their events, and write the audit event LAST. A crash part-way leaves no
 * audit event, so the erasure is not "done": running it again redoes the
 * idempotent steps (skipping what is already redacted) and finishes. Until
 * then readers may see a half-erased person, which SQLite readers never see;
 * the counts of a resumed erasure cover only what that run changed.
 */
const pendingAttachments = { attachments: { $elemMatch: { $or: [{ name: { $ne: ERASED } }, { ref: { $exists: true } }] } } };

export function createMongoPrivacy(conn: Connection, ctx: MongoContext): PrivacyStore {
  const { contacts, identities, conversations, messages, events, outbox } = ctx.models;
  const timers = () => conn.collection("timers");

  async function redactEvents(filter: Record<string, unknown>): Promise<number> {
    let n = 0;
    for await (const doc of events.find(filter).sort({ seq: 1 }).lean<EventDoc>().cursor()) {
      const data = doc.data ?? {};
      const reduced = plain(redactEventData(data));
      if (JSON.stringify(reduced) === JSON.stringify(data)) continue;
      await events.updateOne({ _id: doc._id }, { $set: { data: reduced } }).exec();
      n++;
    }
    return n;
  }

  async function redact(conversationId: string, cut: RedactionCut): Promise<RedactionResult & { closedFrom: ConversationStatus | null }> {
    const out = { ...emptyRedaction(), closedFrom: null as ConversationStatus | null };
    const doc = await conversations.findById(conversationId).lean<ConversationDoc>().exec();
    if (!doc) return out;
    const textsBefore = cut.textsBefore ?? null;
    const attachmentsBefore = cut.attachmentsBefore ?? null;
    const oldest = cut.whole ? null : Math.max(textsBefore?.getTime() ?? -Infinity, attachmentsBefore?.getTime() ?? -Infinity);
    if (oldest === -Infinity) return out;
    const filter: Record<string, unknown> = { conversationId, ...(oldest === null ? {} : { createdAt: { $lt: new Date(oldest) } }) };
    const refs = new Set<string>();
    for await (const m of messages.find(filter).sort({ seq: 1 }).lean<MessageDoc>().cursor()) {
      const message = toMessage(m);
      const t = message.createdAt.getTime();
      const what = {
        text: cut.whole === true || (textsBefore !== null && t < textsBefore.getTime()),
        attachments: attachmentsBefore !== null && t < attachmentsBefore.getTime(),
      };
      if ((!what.text && !what.attachments) || isMessageRedacted(message, what)) continue;
      for (const ref of attachmentRefs([message])) refs.add(ref);
      out.attachments += message.attachments.filter((a) => a.name !== ERASED || a.ref !== undefined).length;
      const r = redactMessage(message, what);
      await messages
        .updateOne(
          { _id: message.id },
          {
            $set: { text: r.text, attachments: plain(r.attachments), error: r.error, externalId: r.externalId },
            ...(r.buttons ? {} : { $unset: { buttons: 1 } }),
          },
        )
        .exec();
      out.messages++;
    }
    if (cut.whole) {
      const current = toConversation(doc);
      const active = ACTIVE_STATUSES.includes(current.status);
      if (!isConversationRedacted(current)) {
        const next = redactConversation(current);
        await conversations
          .updateOne(
            { _id: conversationId },
            {
              $set: { fields: {}, addresses: {}, tags: [], handoff: next.handoff === null ? null : plain(next.handoff) },
              $inc: { version: 1 },
            },
          )
          .exec();
        out.conversations = 1;
      }
      if (active) {
        const closed = await conversations
          .updateOne(
            { _id: conversationId, status: { $in: [...ACTIVE_STATUSES] } },
            {
              $set: { status: "closed", snoozedUntil: null },
              $inc: { version: 1 },
            },
          )
          .exec();
        if (closed.modifiedCount > 0) {
          out.closedFrom = current.status;
          out.conversations = 1;
        }
      }
      const entries = await outbox.find({ conversationId }).select({ messageId: 1 }).lean<{ messageId: string }[]>().exec();
      if (entries.length > 0) {
        await messages
          .updateMany({ _id: { $in: entries.map((e) => e.messageId) }, deliveryState: "queued" }, { $set: { deliveryState: "failed", error: ERASED } })
          .exec();
      }
      out.outbox = (await outbox.deleteMany({ conversationId }).exec()).deletedCount;
      out.timers = (await timers().deleteMany({ conversationId })).deletedCount;
      out.events = await redactEvents({ conversationId });
    } else if (textsBefore !== null) {
      out.events = await redactEvents({ conversationId, at: { $lt: textsBefore } });
    }
    out.refs = [...refs];
    return out;
  }

  return {
    async eraseContact(contactId, makeEvents, at): Promise<EraseOutcome> {
      const contact = await contacts.findById(contactId).lean<ContactDoc>().exec();
      if (!contact) throw new NotFoundError("contact", contactId);
      if (contact.mergedInto) {
        throw new EraseConflictError(`contact ${contactId} is merged into ${contact.mergedInto}; erase ${contact.mergedInto} (which erases ${contactId} too)`, {
          contactId,
          mergedInto: contact.mergedInto,
        });
      }
      const done = await events.findOne({ type: CONTACT_ERASED, contactId }).sort({ seq: 1 }).lean<EventDoc>().exec();
      if (done) return { status: "already_erased", event: toEvent(done) };
      const contactIds: string[] = [];
      const pending = [contactId];
      while (pending.length > 0) {
        const id = pending.shift()!;
        if (contactIds.includes(id)) continue;
        contactIds.push(id);
        const sources = await contacts.find({ mergedInto: id }).select({ _id: 1 }).lean<{ _id: string }[]>().exec();
        pending.push(...sources.map((s) => s._id));
      }
      const counts: EraseCounts = { contacts: 0, identities: 0, conversations: 0, messages: 0, attachments: 0, events: 0, outbox: 0, timers: 0 };
      const conversationIds: string[] = [];
      const closed: Array<{ conversationId: string; from: ConversationStatus }> = [];
      const refs = new Set<string>();
      const convs = await conversations
        .find({ contactId: { $in: contactIds } })
        .sort({ seq: 1 })
        .select({ _id: 1 })
        .lean<{ _id: string }[]>()
        .exec();
      for (const { _id } of convs) {
        const r = await redact(_id, { whole: true });
        conversationIds.push(_id);
        counts.conversations += r.conversations;
        counts.messages += r.messages;
        counts.attachments += r.attachments;
        counts.events += r.events;
        counts.outbox += r.outbox;
        counts.timers += r.timers;
        for (const ref of r.refs) refs.add(ref);
        if (r.closedFrom) closed.push({ conversationId: _id, from: r.closedFrom });
      }
      counts.identities = (await identities.deleteMany({ contactId: { $in: contactIds } }).exec()).deletedCount;
      for (const id of contactIds) {
        await contacts
          .updateOne({ _id: id }, [
            {
              $set: {
                name: null,
                profile: { $literal: {} },
                updatedAt: { $literal: at },
                // A merged source keeps its merge record (the merge stays idempotent) without the identities it names.
                mergeRecord: {
                  $cond: [{ $eq: [{ $ifNull: ["$mergeRecord", null] }, null] }, null, { $mergeObjects: ["$mergeRecord", { identities: { $literal: [] } }] }],
                },
              },
            },
          ])
          .exec();
        counts.contacts++;
      }
      counts.events += await redactEvents({ contactId: { $in: contactIds } });
      const outcome = { contactIds, conversationIds, closed, counts, refs: [...refs] };
      await ctx.writeEvents(makeEvents(outcome));
      return { status: "erased", ...outcome };
    },

    async redactConversation(conversationId, cut) {
      const { closedFrom: _closed, ...result } = await redact(conversationId, cut);
      return result;
    },

    async listRetentionCandidates(query) {
      const limit = Math.max(1, query.limit);
      // Keyset walk on _id (unique index; ids start with their creation time).
      const page = await conversations
        .find(query.after ? { _id: { $gt: query.after } } : {})
        .sort({ _id: 1 })
        .limit(limit)
        .lean<ConversationDoc[]>()
        .exec();
      const candidates: Array<{ conversationId: string; whole: boolean }> = [];
      for (const doc of page) {
        const c = toConversation(doc);
        const closedLongAgo = query.resolvedBefore != null && (c.status === "resolved" || c.status === "closed") && c.updatedAt < query.resolvedBefore;
        const unredacted = { conversationId: c.id, $or: [{ text: { $ne: ERASED } }, pendingAttachments] };
        if (closedLongAgo && (!isConversationRedacted(c) || (await messages.exists(unredacted).exec()))) {
          candidates.push({ conversationId: c.id, whole: true });
          continue;
        }
        const oldText = query.messagesBefore != null && (await messages.exists({ ...unredacted, createdAt: { $lt: query.messagesBefore } }).exec()) !== null;
        const oldAttachments =
          !oldText &&
          query.attachmentsBefore != null &&
          (await messages.exists({ conversationId: c.id, createdAt: { $lt: query.attachmentsBefore }, ...pendingAttachments }).exec()) !== null;
        if (oldText || oldAttachments) candidates.push({ conversationId: c.id, whole: false });
      }
      return { candidates, next: page.length < limit ? null : page.at(-1)!._id };
    },
  };
}
