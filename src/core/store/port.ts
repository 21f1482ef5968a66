import type {
  ArticleVersion,
  ChannelId,
  Contact,
  Conversation,
  DeliveryState,
  DomainEvent,
  Identity,
  Message,
  MergeRecord,
  NewArticleVersion,
  OutboxEntry,
  NewTimer,
  OutboxStatus,
  Owner,
  Timer,
} from "../model/index.js";
import { ThreadlineError } from "../errors.js";
import type { ConsoleStore } from "./console-port.js";
import type { PrivacyStore } from "./privacy-port.js";

export type { EraseCounts, EraseEvents, EraseOutcome, PrivacyStore, RedactionCut, RedactionResult, RetentionPage, RetentionQuery } from "./privacy-port.js";
export { CONTACT_ERASED, EraseConflictError } from "./privacy-port.js";
export type { ConsoleInvite, ConsoleSession, ConsoleStore, InboxPage, InboxQuery } from "./console-port.js";

/** Fields of a conversation that `updateConversation` may change. */
export type ConversationPatch = Partial<
  Pick<
    Conversation,
    | "status"
    | "owner"
    | "queue"
    | "priority"
    | "tags"
    | "fields"
    | "escalation"
    | "handoff"
    | "assignee"
    | "snoozedUntil"
    | "lastChannel"
    | "addresses"
    | "updatedAt"
  >
>;

/**
 * Guards of a compare-and-set update: the update applies only when every given
 * guard still holds, otherwise nothing is written and `null` is returned. This
 * is how ownership moves safely between the AI, agents and several processes.
 */
export interface ConversationGuard {
  version?: number;
  owner?: Owner;
}

/**
 * `onlyIfOwner`: write the decision only while the conversation still has
 * this owner (otherwise write nothing and return false), so an AI reply
 * decided just before an agent claimed the conversation is never queued.
 * SQLite checks inside the transaction; MongoDB checks just before writing
 * (a window of one round trip).
 */
export interface RecordDecisionOptions {
  onlyIfOwner?: { conversationId: string; owner: Owner };
}

/** What the outbox worker decided after one delivery attempt. */
export type OutboxOutcome =
  /** `delivered`: the channel confirmed delivery in the same call (web chat to an open socket). */
  | { status: "sent"; externalId: string | null; at: Date; delivered?: boolean }
  /** `attempts` overrides the count (a paused channel gives the claim's attempt back: nothing was tried). */
  | { status: "retry"; nextAttemptAt: Date; error: string; attempts?: number }
  | { status: "dead"; error: string; at: Date };

/** Which dead outbox entries `Store.listDeadOutbox` lists. */
export interface DeadOutboxQuery {
  channel?: ChannelId;
  conversationId?: string;
  limit?: number;
}

/** A page of `Store.pageConversations`. */
export interface ConversationPageQuery {
  after?: string | null;
  limit: number;
  contactId?: string;
  createdFrom?: Date;
  createdTo?: Date;
}

/** Which events to list. All given conditions must hold. */
export interface EventQuery {
  conversationId?: string;
  contactId?: string;
  type?: string;
  /** Any of these types (with `type`, both must hold). */
  types?: readonly string[];
  since?: Date;
  /** At most this many (default 10,000), counted from the oldest, or from the newest with `newestFirst`. */
  limit?: number;
  /**
   * Newest first (by log order, not timestamp: events of one millisecond keep
   * their order). For "the latest X" lookups, which must not depend on how
   * long the conversation's log has grown.
   */
  newestFirst?: boolean;
}

/**
 * The storage port. Domain-shaped on purpose (not a generic ORM): each method
 * is one thing the hub needs, with its invariant stated, so both engines
 * (SQLite and MongoDB) can be held to one contract suite (tests/contract).
 *
 * Invariants every engine keeps:
 * - (identity.kind, identity.value) belongs to at most one contact.
 * - (message.channel, message.externalId) is unique when externalId is set;
 *   appending a duplicate writes nothing and returns the stored message.
 * - A message and the events passed with it are written together or not at all.
 * - Events are append-only; nothing updates or deletes them, except the
 *   privacy redactions (`eraseContact`, `redactConversation`), which only
 *   reduce an event's `data` to non-personal keys (see privacy-port.ts).
 * - Contacts are never deleted: a merged one stays, marked `mergedInto`, and
 *   owns no identities or conversations while the merge is in effect. A
 *   message's contactId is its conversation's contactId; merges and undos
 *   move both together.
 * - Dates go in and come out as `Date` with millisecond precision.
 * - Article versions are immutable; an article's version numbers run 1, 2, 3…
 *   without gaps, and a version is recorded only when the content differs from
 *   the article's latest one (however many processes record concurrently).
 */
export interface Store extends ConsoleStore, PrivacyStore {
  readonly engine: "sqlite" | "mongodb";
  close(): Promise<void>;

  /** Creates a contact. Throws `IdentityConflictError` when one of its identities already belongs to a contact. */
  createContact(contact: Contact, events: DomainEvent[]): Promise<Contact>;
  getContact(id: string): Promise<Contact | null>;
  findContactByIdentity(identity: Identity): Promise<Contact | null>;
  /** Adds an identity (no-op if the contact already has it). Throws `IdentityConflictError` if another contact has it. */
  addIdentity(contactId: string, identity: Identity, events: DomainEvent[]): Promise<Contact>;
  /**
   * Merges profile keys into the contact's profile: a string sets the key, `null`
   * removes it, keys not named are left as they are. `options.name` also sets the
   * contact's name. Profile, name and `events` are written together (one
   * transaction in SQLite). Throws `NotFoundError` for an unknown contact.
   */
  updateContactProfile(
    contactId: string,
    profile: Readonly<Record<string, string | null>>,
    events: DomainEvent[],
    options?: { name?: string },
  ): Promise<Contact>;

  createConversation(conversation: Conversation, events: DomainEvent[]): Promise<Conversation>;
  getConversation(id: string): Promise<Conversation | null>;
  /** The contact's most recent conversation whose status is open, pending or snoozed. */
  findActiveConversation(contactId: string): Promise<Conversation | null>;
  /** Most recent activity first; at most `limit` (default 100). All given conditions must hold. */
  listConversations(query: { contactId?: string; status?: Conversation["status"]; owner?: Conversation["owner"]; limit?: number }): Promise<Conversation[]>;
  /**
   * One page of conversations in id order (ids begin with their creation
   * time), those after the cursor `after` (the last id of the previous page;
   * omitted: from the first), at most `limit`. `contactId`, `createdFrom`
   * (inclusive) and `createdTo` (exclusive) filter. Walks every conversation
   * once with one page in memory (exports, analytics); conversations created
   * meanwhile appear in a later page or not at all, never twice.
   */
  pageConversations(query: ConversationPageQuery): Promise<Conversation[]>;
  /**
   * Compare-and-set update: applies `patch` and bumps `version` only when the
   * guard holds; writes `events` in the same transaction. Returns the updated
   * conversation, or null when the guard failed or the conversation is unknown.
   */
  updateConversation(id: string, guard: ConversationGuard, patch: ConversationPatch, events: DomainEvent[]): Promise<Conversation | null>;

  /**
   * Idempotent append keyed on (channel, externalId). On a new message it also
   * moves the conversation's `lastMessageAt` forward and, for inbound messages,
   * sets `lastChannel` and stores `replyAddress` as `addresses[channel]`
   * (without bumping `version`: a customer writing must not make an agent's
   * compare-and-set fail). On a duplicate nothing is written.
   */
  appendMessage(message: Message, events: DomainEvent[], replyAddress?: Record<string, unknown>): Promise<{ message: Message; duplicate: boolean }>;
  getMessage(id: string): Promise<Message | null>;
  findMessageByExternalId(channel: ChannelId, externalId: string): Promise<Message | null>;
  /** Messages of a conversation, oldest first. */
  listMessages(conversationId: string, options?: { limit?: number; direction?: Message["direction"] }): Promise<Message[]>;
  /**
   * Moves a message's delivery state forward (see `deliveryStatesBefore`);
   * a report that would move it backwards changes nothing. `externalId`, when
   * given, is recorded either way. Returns whether the state moved; `events`
   * are written only then.
   */
  setDeliveryState(
    messageId: string,
    state: DeliveryState,
    extra: { externalId?: string | null; error?: string | null },
    events: DomainEvent[],
  ): Promise<boolean>;
  /**
   * Records that the customer edited a message: replaces its text when it
   * differs and writes `events` (which carry the previous text) in the same
   * step. Returns false, writing nothing, when the text is unchanged (a
   * platform retry of the same edit) or the message is unknown.
   */
  editMessage(messageId: string, text: string, events: DomainEvent[]): Promise<boolean>;
  /** Inbound messages the decision step has not handled yet, oldest first (crash recovery). */
  listUndecided(limit: number): Promise<Message[]>;
  markDecided(messageId: string, at: Date): Promise<void>;

  appendEvents(events: DomainEvent[]): Promise<void>;
  listEvents(query: EventQuery): Promise<DomainEvent[]>;

  /**
   * Records the decision about one inbound message in a single step: queues
   * its replies (each outbound message with its outbox entry), writes the
   * events and marks the message decided. All or nothing, so after a crash a
   * message is either fully decided or still undecided (and decided again).
   * A message is decided once: when it is already decided (by another
   * process) nothing is written and the result is false, as it is when the
   * `onlyIfOwner` guard fails.
   */
  recordDecision(
    messageId: string,
    outbound: { message: Message; entry: OutboxEntry }[],
    events: DomainEvent[],
    decidedAt: Date,
    options?: RecordDecisionOptions,
  ): Promise<boolean>;
  /** Writes an outbound message and its outbox entry together. */
  enqueueOutbound(message: Message, entry: OutboxEntry, events: DomainEvent[]): Promise<void>;
  /**
   * Claims up to `limit` entries due at `now` (pending with nextAttemptAt ≤ now,
   * or sending with an expired lease), marks them `sending` with a lease until
   * `now + leaseMs` and counts the attempt. Two concurrent callers never get
   * the same entry.
   */
  claimOutbox(now: Date, limit: number, leaseMs: number): Promise<OutboxEntry[]>;
  /**
   * Records the outcome of an attempt, updating the message's delivery state in
   * the same transaction. A sent entry is removed: the outbox holds only work
   * not yet done.
   */
  completeOutbox(entryId: string, outcome: OutboxOutcome, events: DomainEvent[]): Promise<void>;
  /**
   * Withdraws a queued message that no sender has claimed yet (an agent's
   * undo within the undo window): deletes its pending outbox entry, marks the
   * message `failed` with error "cancelled" and writes `events`, all at once.
   * Returns false (writing nothing) when the entry is gone or already being
   * sent, i.e. when it is too late to undo.
   */
  cancelOutbound(messageId: string, events: DomainEvent[]): Promise<boolean>;
  countOutbox(status: OutboxStatus): Promise<number>;
  /**
   * Dead entries (replies that failed for good), oldest first, at most
   * `limit` (default 100); `channel` and `conversationId` filter.
   */
  listDeadOutbox(query?: DeadOutboxQuery): Promise<OutboxEntry[]>;
  /**
   * Resends a dead reply, all at once: removes the dead entry of
   * `deadMessageId` and queues `message` (a new outbound message, the same
   * text) with `entry`, writing `events`. Returns false, writing nothing,
   * when that message has no dead entry (it never failed, or it was resent
   * already): of two resends of one reply exactly one queues. SQLite decides
   * inside the transaction; MongoDB by the atomic delete of the dead entry.
   */
  resendDeadOutbound(deadMessageId: string, message: Message, entry: OutboxEntry, events: DomainEvent[]): Promise<boolean>;
  /** Earliest nextAttemptAt among pending entries (for the worker's timer), or null. */
  nextOutboxDue(): Promise<Date | null>;

  /**
   * Durable timers (issue 14). `scheduleTimer` upserts by key: the same key again replaces due
   * time, kind and data and ends any claim on it. `claimDueTimers` leases up to `limit` timers due
   * at `now` (or whose lease ran out, e.g. their process died) with a fresh token each, so one
   * timer is fired by one process at a time. `completeTimer` removes it only while that claim
   * still holds (false otherwise: rescheduled meanwhile, or re-claimed after the lease ran out) and
   * writes the events with it. `releaseTimer` gives a claimed timer back for a later retry.
   */
  scheduleTimer(timer: NewTimer, events: DomainEvent[]): Promise<void>;
  cancelTimer(key: string, events: DomainEvent[]): Promise<boolean>;
  claimDueTimers(now: Date, limit: number, leaseMs: number): Promise<Timer[]>;
  completeTimer(id: string, token: string, events: DomainEvent[]): Promise<boolean>;
  releaseTimer(id: string, token: string, retryAt: Date): Promise<boolean>;
  getTimer(key: string): Promise<Timer | null>;
  nextTimerDue(): Promise<Date | null>;

  /**
   * Records a knowledge-base article version unless the article's latest
   * version already has `contentHash` (then nothing is written and the latest
   * is returned with `created: false`). The new version is the latest + 1.
   * Comparing with the latest (not with every older version) means a revert
   * to an earlier text is a change, recorded as a new version.
   *
   * `diff` is called with the version that is actually previous at write time
   * (null for the first), so the stored diff is right even when another
   * process recorded a version in between.
   */
  recordArticleVersion(version: NewArticleVersion, diff: (previous: ArticleVersion | null) => string): Promise<{ version: ArticleVersion; created: boolean }>;
  /** Every version of an article, oldest first; [] for an unknown article. */
  listArticleVersions(articleId: string): Promise<ArticleVersion[]>;
  getArticleVersion(articleId: string, version: number): Promise<ArticleVersion | null>;
  /** The latest version of every article ever recorded, ordered by article id. */
  latestArticleVersions(): Promise<ArticleVersion[]>;

  /** One event by id, or null. */
  getEvent(id: string): Promise<DomainEvent | null>;

  /**
   * Merges contact `sourceId` into `targetId`, all or nothing:
   * - every identity of the source moves to the target;
   * - every conversation of the source, and every message in those
   *   conversations, moves to the target (`contactId`);
   * - the target's profile gains the keys only the source had; on a conflict
   *   the target's value is kept and the key recorded; a target without a
   *   name takes the source's. The source's own profile is left untouched;
   * - the source is kept, marked `mergedInto: targetId`, so stale ids resolve;
   * - `events(record)` is called with the MergeRecord of what moved and its
   *   events are written in the same write (the caller puts the record into
   *   its `contact.merged` event so the merge can be undone from the log).
   *
   * Idempotent: merging a source that is already merged into the same target
   * writes nothing and returns the stored record with `created: false`.
   * Throws NotFoundError for an unknown contact and MergeConflictError when
   * source and target are the same, the source is merged into another
   * contact, or the target is itself merged (merge into the live contact).
   */
  mergeContacts(sourceId: string, targetId: string, events: (record: MergeRecord) => DomainEvent[], at?: Date): Promise<MergeOutcome>;
  /**
   * Reverses exactly what the merge named by `record.id` moved, all or
   * nothing: the recorded identities go back to the source, the recorded
   * conversations (with every message in them, also those that arrived after
   * the merge, so a message always belongs to its conversation's contact),
   * the profile keys the merge added are removed from the target (unless
   * changed since) and an adopted name is given back; the source is live
   * again. The record stored at merge time is what gets reversed; the given
   * record only names it.
   *
   * Throws MergeAlreadyUndoneError (writing nothing) when that merge is not
   * in effect any more (undone already, or never happened), and
   * MergeConflictError when the target was merged into a third contact since
   * (undo that merge first).
   */
  unmergeContacts(record: MergeRecord, events: DomainEvent[], at?: Date): Promise<MergeRecord>;
}

/** What `mergeContacts` did: the record of what moved, and whether it moved now (false: an earlier identical merge). */
export interface MergeOutcome {
  record: MergeRecord;
  created: boolean;
}

/** A merge (or its undo) that cannot happen as asked; `message` says why. */
export class MergeConflictError extends ThreadlineError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("merge_conflict", message, details);
  }
}

/** The merge a record names is not in effect: it was already undone (or never happened). */
export class MergeAlreadyUndoneError extends ThreadlineError {
  constructor(readonly mergeId: string) {
    super("merge_already_undone", `merge ${mergeId} is not in effect (already undone)`, { mergeId });
  }
}
