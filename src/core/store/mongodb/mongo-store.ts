/**
 * The MongoDB engine of the Store port (mongoose 8, one dedicated connection
 * per store). It passes the same contract suite as the SQLite engine
 * (tests/contract) and works on a standalone server: it uses NO
 * multi-document transactions. Each invariant rests on a single-document
 * atomic operation instead:
 *
 * - identity uniqueness: the unique `_id` (`${kind}:${value}`) of the
 *   `identities` collection. Identities are claimed before the contact is
 *   written and released again if anything fails before the contact insert;
 * - message idempotency: the unique partial index on (channel, externalId),
 *   decided by the insert itself (E11000 → return the stored message);
 * - compare-and-set: one `findOneAndUpdate` whose filter carries the guard;
 * - outbox claims: one `findOneAndUpdate` per entry that sets the lease;
 * - order: `seq` numbers from the `counters` collection (`$inc`), so listings
 *   follow insertion order even for equal timestamps;
 * - contact merges: one `findOneAndUpdate` that marks the source merged only
 *   while it is live, then idempotent moves (see contact-merge.ts).
 *
 * What is weaker than SQLite, and why it is acceptable:
 *
 * - "A message and its events are written together or not at all" holds only
 *   up to a crash (or lost connection) between the writes: the message is
 *   inserted first, then the conversation's `lastMessageAt`/`lastChannel`/`addresses`,
 *   then the events. A crash in between leaves a stored message without its
 *   events (or a conversation not yet moved forward). The message is the
 *   source of truth: an inbound message stays undecided until the decision
 *   step marks it, so crash recovery (`listUndecided`) reprocesses it, and a
 *   redelivered webhook is answered as a duplicate instead of being stored twice.
 *   Missing audit events can under-count analytics; they never lose a message.
 * - The same holds for every other "write + events" method (contact,
 *   conversation, delivery state, outbox outcome): the state change is written
 *   first and the events after it, never events for a change that did not happen.
 * - createContact: a crash after claiming identities but before inserting the
 *   contact leaves identities without a contact. They block nothing for long:
 *   a claim older than five minutes whose contact does not exist is released
 *   by the next writer that runs into it. Until then the identity reports a
 *   conflict naming a contact id that `getContact` does not find.
 * - enqueueOutbound: message, then entry. If the entry cannot be written the
 *   message is deleted again; a crash in between leaves a `queued` message
 *   without an entry (never an entry without its message, so nothing is sent
 *   for a message that does not exist).
 * - completeOutbox: the entry is updated before the message's delivery state,
 *   so a crash can leave a message `queued` although it was sent, but never an
 *   entry re-sent after its message was marked sent.
 * - Readers can briefly observe an intermediate state that SQLite readers
 *   never see: a message whose conversation's `lastMessageAt` has not moved
 *   yet, identities claimed for a contact not inserted yet, a state change
 *   whose events are not written yet.
 * - No foreign keys: a message or outbox entry for an unknown conversation is
 *   removed again and NotFoundError thrown (SQLite throws its foreign-key
 *   error instead); `lastMessageAt` moved by such a failed write stays moved.
 *
 * Other server errors (unreachable, E11000 on a message id that is not an
 * idempotent retry, …) propagate unchanged, as SQLite's do.
 */
import type { Store } from "../port.js";
import * as articleVersions from "./article-versions.js";
import { connectMongo, type MongoConnectOptions } from "./connect.js";
import * as contactMerge from "./contact-merge.js";
import * as contacts from "./contacts.js";
import { createMongoContext, mongoLimit } from "./context.js";
import * as conversations from "./conversations.js";
import { toEvent } from "./mappers.js";
import * as messages from "./messages.js";
import * as outbox from "./outbox.js";
import { defineMongoModels, ensureMongoIndexes, type EventDoc } from "./schemas.js";
import { createMongoTimers } from "./timers.js";
import { createMongoConsole } from "./console.js";
import { createMongoPrivacy } from "./privacy.js";

export type MongoStoreOptions = MongoConnectOptions;

/**
 * Connects, creates the indexes the invariants depend on (before the first
 * write), and returns the store. Rejects with a `store_unavailable` error
 * naming the host (never the password) when no server answers within
 * `serverSelectionTimeoutMS` (default 2000 ms).
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const conn = await connectMongo(options);
  const models = defineMongoModels(conn);
  try {
    await ensureMongoIndexes(models);
  } catch (err) {
    await conn.close(true).catch(() => undefined);
    throw err;
  }
  const ctx = createMongoContext(models);
  const timers = await createMongoTimers(conn, ctx);
  const consoleCollections = await createMongoConsole(conn, ctx);

  return {
    ...consoleCollections,
    ...createMongoPrivacy(conn, ctx),
    engine: "mongodb",
    async close() {
      await conn.close();
    },

    createContact: (contact, events) => contacts.createContact(ctx, contact, events),
    getContact: (id) => contacts.loadContact(ctx, id),
    findContactByIdentity: (identity) => contacts.findContactByIdentity(ctx, identity),
    addIdentity: (contactId, identity, events) => contacts.addIdentity(ctx, contactId, identity, events),
    updateContactProfile: (contactId, profile, events, options) => contacts.updateContactProfile(ctx, contactId, profile, events, options),

    createConversation: (conversation, events) => conversations.createConversation(ctx, conversation, events),
    getConversation: (id) => conversations.getConversation(ctx, id),
    findActiveConversation: (contactId) => conversations.findActiveConversation(ctx, contactId),
    listConversations: (query) => conversations.listConversations(ctx, query),
    pageConversations: (query) => conversations.pageConversations(ctx, query),
    updateConversation: (id, guard, patch, events) => conversations.updateConversation(ctx, id, guard, patch, events),

    appendMessage: (message, events, replyAddress) => messages.appendMessage(ctx, message, events, replyAddress),
    getMessage: (id) => messages.getMessage(ctx, id),
    findMessageByExternalId: (channel, externalId) => messages.findMessageByExternalId(ctx, channel, externalId),
    listMessages: (conversationId, options) => messages.listMessages(ctx, conversationId, options),
    setDeliveryState: (messageId, state, extra, events) => messages.setDeliveryState(ctx, messageId, state, extra, events),
    editMessage: (messageId, text, events) => messages.editMessage(ctx, messageId, text, events),
    listUndecided: (limit) => messages.listUndecided(ctx, limit),
    markDecided: (messageId, at) => messages.markDecided(ctx, messageId, at),

    appendEvents: (events) => ctx.writeEvents(events),
    async listEvents(query) {
      const limit = mongoLimit(query.limit ?? 10_000);
      if (limit === null) return [];
      const filter: Record<string, unknown> = {};
      if (query.conversationId) filter.conversationId = query.conversationId;
      if (query.contactId) filter.contactId = query.contactId;
      if (query.types && query.types.length === 0) return [];
      if (query.type && query.types) filter.$and = [{ type: query.type }, { type: { $in: [...query.types] } }];
      else if (query.type) filter.type = query.type;
      else if (query.types) filter.type = { $in: [...query.types] };
      if (query.since) filter.at = { $gte: query.since };
      const docs = await models.events
        .find(filter)
        .sort({ seq: query.newestFirst ? -1 : 1 })
        .limit(limit)
        .lean<EventDoc[]>()
        .exec();
      return docs.map(toEvent);
    },

    enqueueOutbound: (message, entry, events) => outbox.enqueueOutbound(ctx, message, entry, events),
    recordDecision: (messageId, outbound, events, decidedAt, options) => outbox.recordDecision(ctx, messageId, outbound, events, decidedAt, options),
    claimOutbox: (now, limit, leaseMs) => outbox.claimOutbox(ctx, now, limit, leaseMs),
    completeOutbox: (entryId, outcome, events) => outbox.completeOutbox(ctx, entryId, outcome, events),
    cancelOutbound: (messageId, events) => outbox.cancelOutbound(ctx, messageId, events),
    countOutbox: (status) => outbox.countOutbox(ctx, status),
    listDeadOutbox: (query) => outbox.listDeadOutbox(ctx, query),
    resendDeadOutbound: (deadMessageId, message, entry, events) => outbox.resendDeadOutbound(ctx, deadMessageId, message, entry, events),
    nextOutboxDue: () => outbox.nextOutboxDue(ctx),

    scheduleTimer: (timer, events) => timers.schedule(timer, events),
    cancelTimer: (key, events) => timers.cancel(key, events),
    claimDueTimers: (now, limit, leaseMs) => timers.claim(now, limit, leaseMs),
    completeTimer: (id, token, events) => timers.complete(id, token, events),
    releaseTimer: (id, token, retryAt) => timers.release(id, token, retryAt),
    getTimer: (key) => timers.get(key),
    nextTimerDue: () => timers.nextDue(),

    recordArticleVersion: (version, diff) => articleVersions.recordArticleVersion(ctx, version, diff),
    listArticleVersions: (articleId) => articleVersions.listArticleVersions(ctx, articleId),
    getArticleVersion: (articleId, version) => articleVersions.getArticleVersion(ctx, articleId, version),
    latestArticleVersions: () => articleVersions.latestArticleVersions(ctx),

    async getEvent(id) {
      const doc = await models.events.findById(id).lean<EventDoc>().exec();
      return doc ? toEvent(doc) : null;
    },
    mergeContacts: (sourceId, targetId, events, at) => contactMerge.mergeContacts(ctx, sourceId, targetId, events, at ?? new Date()),
    unmergeContacts: (record, events, at) => contactMerge.unmergeContacts(ctx, record, events, at ?? events[0]?.at ?? new Date()),
  };
}
