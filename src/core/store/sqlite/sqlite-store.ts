import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { IdentityConflictError, NotFoundError } from "../../errors.js";
import type { Contact, Conversation, DomainEvent, Identity, Message, OutboxEntry } from "../../model/index.js";
import { DELIVERY_STATES, deliveryStatesBefore } from "../../model/index.js";
import type { ConversationGuard, ConversationPatch, RecordDecisionOptions, Store } from "../port.js";
import { createSqliteArticleVersions } from "./article-versions.js";
import { createSqliteContactMerges } from "./contact-merge.js";
import { createSqliteTimers } from "./timers.js";
import { createSqliteConsole } from "./console.js";
import { createSqlitePrivacy } from "./privacy.js";
import { createSqliteDeadReplies } from "./dead-replies.js";
import { MIGRATIONS } from "./migrations.js";
import { eventQuerySql } from "./event-query.js";
import { createWriteBatcher } from "./write-batch.js";
import {
  conversationParams,
  messageParams,
  toContact,
  toConversation,
  toEvent,
  toMessage,
  toOutbox,
  type ContactRow,
  type ConversationRow,
  type EventRow,
  type MessageRow,
  type OutboxRow,
} from "./rows.js";

export interface SqliteStoreOptions {
  /** File path, or ":memory:". The parent directory is created when missing. */
  path: string;
  /** How long a writer waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
  /** Commit concurrent writes together (default true). */
  groupCommit?: boolean;
}

const ms = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

/**
 * The embedded default engine (better-sqlite3). WAL mode and a busy timeout let
 * several hub processes share one file; every multi-row write runs in one
 * IMMEDIATE transaction so readers never see half of it.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  migrate(db);

  const articles = createSqliteArticleVersions(db);
  const timers = createSqliteTimers(db);
  const tx = <A extends unknown[], R>(fn: (...args: A) => R) => db.transaction(fn).immediate;

  const q = {
    insertEvent: db.prepare(
      "INSERT INTO events (id, type, conversation_id, contact_id, actor, data, at) VALUES (@id, @type, @conversationId, @contactId, @actor, @data, @at)",
    ),
    insertContact: db.prepare("INSERT INTO contacts (id, name, profile, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"),
    insertIdentity: db.prepare("INSERT INTO identities (kind, value, contact_id) VALUES (?, ?, ?)"),
    identityOwner: db.prepare<[string, string], { contact_id: string }>("SELECT contact_id FROM identities WHERE kind = ? AND value = ?"),
    contactById: db.prepare<[string], ContactRow>("SELECT * FROM contacts WHERE id = ?"),
    identitiesOf: db.prepare<[string], Identity>("SELECT kind, value FROM identities WHERE contact_id = ? ORDER BY rowid"),
    setProfile: db.prepare("UPDATE contacts SET profile = ?, updated_at = ? WHERE id = ?"),
    setName: db.prepare("UPDATE contacts SET name = ?, updated_at = ? WHERE id = ?"),
    insertConversation: db.prepare(`INSERT INTO conversations (id, contact_id, status, owner, queue, priority, tags, fields, escalation,
      last_channel, addresses, version, created_at, updated_at, last_message_at, snoozed_until, handoff, assignee)
      VALUES (@id, @contactId, @status, @owner, @queue, @priority, @tags, @fields, @escalation, @lastChannel, @addresses, @version,
      @createdAt, @updatedAt, @lastMessageAt, @snoozedUntil, @handoff, @assignee)`),
    conversationById: db.prepare<[string], ConversationRow>("SELECT * FROM conversations WHERE id = ?"),
    activeConversation: db.prepare<[string], ConversationRow>(
      "SELECT * FROM conversations WHERE contact_id = ? AND status IN ('open','pending','snoozed') ORDER BY last_message_at DESC, rowid DESC LIMIT 1",
    ),
    insertMessage: db.prepare(`INSERT INTO messages (id, conversation_id, contact_id, direction, author_kind, author_id, channel,
      external_id, text, attachments, delivery_state, error, created_at, decided_at, buttons)
      VALUES (@id, @conversationId, @contactId, @direction, @authorKind, @authorId, @channel, @externalId, @text, @attachments,
      @deliveryState, @error, @createdAt, @decidedAt, @buttons)`),
    messageById: db.prepare<[string], MessageRow>("SELECT * FROM messages WHERE id = ?"),
    messageByExternal: db.prepare<[string, string], MessageRow>("SELECT * FROM messages WHERE channel = ? AND external_id = ?"),
    touchConversationInbound: db.prepare(
      "UPDATE conversations SET last_message_at = MAX(last_message_at, ?), last_channel = ?, addresses = CASE WHEN ? IS NULL THEN addresses ELSE json_set(addresses, '$.' || ?, json(?)) END WHERE id = ?",
    ),
    touchConversation: db.prepare("UPDATE conversations SET last_message_at = MAX(last_message_at, ?) WHERE id = ?"),
    setExternalId: db.prepare("UPDATE messages SET external_id = ? WHERE id = ?"),
    editText: db.prepare("UPDATE messages SET text = ? WHERE id = ? AND text <> ?"),
    // One statement per target state, each allowing only the states before it (forward-only, see deliveryStatesBefore).
    moveDelivery: Object.fromEntries(
      DELIVERY_STATES.map((state) => {
        const before =
          deliveryStatesBefore(state)
            .map((s) => `'${s}'`)
            .join(", ") || "NULL";
        return [state, db.prepare(`UPDATE messages SET delivery_state = '${state}', error = ? WHERE id = ? AND delivery_state IN (${before})`)];
      }),
    ) as Record<Message["deliveryState"], Database.Statement<[string | null, string]>>,
    undecided: db.prepare<[number], MessageRow>("SELECT * FROM messages WHERE decided_at IS NULL AND direction = 'inbound' ORDER BY seq LIMIT ?"),
    markDecided: db.prepare("UPDATE messages SET decided_at = ? WHERE id = ? AND decided_at IS NULL"),
    insertOutbox: db.prepare(`INSERT INTO outbox (id, message_id, conversation_id, channel, address, attempts, status,
      next_attempt_at, lease_until, last_error, created_at)
      VALUES (@id, @messageId, @conversationId, @channel, @address, @attempts, @status, @nextAttemptAt, @leaseUntil, @lastError, @createdAt)`),
    // Only the oldest live entry of a conversation is claimable: replies of one conversation go out in order,
    // and a later one waits while an earlier one is retried (dead entries no longer hold the line).
    dueOutbox: db.prepare<[number, number, number], OutboxRow>(
      `SELECT * FROM outbox o WHERE ((o.status = 'pending' AND o.next_attempt_at <= ?) OR (o.status = 'sending' AND o.lease_until < ?))
         AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.conversation_id = o.conversation_id AND e.rowid < o.rowid AND e.status <> 'dead')
       ORDER BY o.next_attempt_at, o.rowid LIMIT ?`,
    ),
    leaseOutbox: db.prepare("UPDATE outbox SET status = 'sending', lease_until = ?, attempts = attempts + 1 WHERE id = ?"),
    outboxById: db.prepare<[string], OutboxRow>("SELECT * FROM outbox WHERE id = ?"),
    countOutbox: db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE status = ?"),
    nextDue: db.prepare<[], { t: number | null }>("SELECT MIN(next_attempt_at) AS t FROM outbox WHERE status = 'pending'"),
    updateConversation: db.prepare(`UPDATE conversations SET status=@status, owner=@owner, queue=@queue, priority=@priority, tags=@tags,
      fields=@fields, escalation=@escalation, last_channel=@lastChannel, addresses=@addresses, version=@version, updated_at=@updatedAt,
      snoozed_until=@snoozedUntil, handoff=@handoff, assignee=@assignee WHERE id=@id AND version=@expectedVersion`),
    outboxDelete: db.prepare("DELETE FROM outbox WHERE id = ?"),
    outboxCancel: db.prepare("DELETE FROM outbox WHERE message_id = ? AND status = 'pending'"),
    outboxRetry: db.prepare(
      "UPDATE outbox SET status = 'pending', lease_until = NULL, next_attempt_at = ?, last_error = ?, attempts = COALESCE(?, attempts) WHERE id = ?",
    ),
    outboxDead: db.prepare("UPDATE outbox SET status = 'dead', lease_until = NULL, last_error = ? WHERE id = ?"),
  };

  const writeEvents = (events: DomainEvent[]) => {
    for (const e of events) {
      q.insertEvent.run({
        id: e.id,
        type: e.type,
        conversationId: e.conversationId,
        contactId: e.contactId,
        actor: e.actor,
        data: JSON.stringify(e.data),
        at: e.at.getTime(),
      });
    }
  };

  const merges = createSqliteContactMerges(db, writeEvents);
  const eventById = db.prepare<[string], EventRow>("SELECT * FROM events WHERE id = ?");

  const loadContact = (id: string): Contact | null => {
    const row = q.contactById.get(id);
    return row ? toContact(row, q.identitiesOf.all(id)) : null;
  };

  const claimIdentity = (contactId: string, identity: Identity) => {
    const owner = q.identityOwner.get(identity.kind, identity.value);
    if (owner && owner.contact_id !== contactId) throw new IdentityConflictError(identity.kind, owner.contact_id);
    if (!owner) q.insertIdentity.run(identity.kind, identity.value, contactId);
  };

  const createContact = tx((c: Contact, events: DomainEvent[]) => {
    q.insertContact.run(c.id, c.name, JSON.stringify(c.profile), c.createdAt.getTime(), c.updatedAt.getTime());
    for (const identity of c.identities) claimIdentity(c.id, identity);
    writeEvents(events);
  });

  const addIdentity = tx((contactId: string, identity: Identity, events: DomainEvent[]) => {
    if (!q.contactById.get(contactId)) throw new NotFoundError("contact", contactId);
    const before = q.identityOwner.get(identity.kind, identity.value);
    claimIdentity(contactId, identity);
    if (!before) writeEvents(events);
  });

  const updateProfile = tx((contactId: string, profile: Readonly<Record<string, string | null>>, events: DomainEvent[], name: string | undefined) => {
    const row = q.contactById.get(contactId);
    if (!row) throw new NotFoundError("contact", contactId);
    const merged = JSON.parse(row.profile) as Record<string, string>;
    for (const [key, value] of Object.entries(profile)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const at = (events[0]?.at ?? new Date()).getTime();
    q.setProfile.run(JSON.stringify(merged), at, contactId);
    if (name !== undefined) q.setName.run(name, at, contactId);
    writeEvents(events);
  });

  const createConversation = tx((c: Conversation, events: DomainEvent[]) => {
    q.insertConversation.run(conversationParams(c));
    writeEvents(events);
  });

  const updateConversation = tx((id: string, guard: ConversationGuard, patch: ConversationPatch, events: DomainEvent[]): Conversation | null => {
    const row = q.conversationById.get(id);
    if (!row) return null;
    const current = toConversation(row);
    if (guard.version !== undefined && current.version !== guard.version) return null;
    if (guard.owner !== undefined && current.owner !== guard.owner) return null;
    const next: Conversation = { ...current, ...patch, version: current.version + 1, updatedAt: patch.updatedAt ?? events[0]?.at ?? new Date() };
    q.updateConversation.run({ ...conversationParams(next), expectedVersion: current.version });
    writeEvents(events);
    return next;
  });

  const appendMessage = tx((m: Message, events: DomainEvent[], replyAddress?: Record<string, unknown>): { message: Message; duplicate: boolean } => {
    if (m.externalId !== null) {
      const existing = q.messageByExternal.get(m.channel, m.externalId);
      if (existing) return { message: toMessage(existing), duplicate: true };
    }
    q.insertMessage.run(messageParams(m));
    if (m.direction === "inbound") {
      const address = replyAddress === undefined ? null : JSON.stringify(replyAddress);
      q.touchConversationInbound.run(m.createdAt.getTime(), m.channel, address, JSON.stringify(m.channel), address, m.conversationId);
    } else q.touchConversation.run(m.createdAt.getTime(), m.conversationId);
    writeEvents(events);
    return { message: m, duplicate: false };
  });

  const setDeliveryState = tx(
    (id: string, state: Message["deliveryState"], extra: { externalId?: string | null; error?: string | null }, events: DomainEvent[]) => {
      if (extra.externalId) q.setExternalId.run(extra.externalId, id);
      const moved = q.moveDelivery[state].run(extra.error ?? null, id).changes > 0;
      if (moved) writeEvents(events);
      return moved;
    },
  );

  const insertOutbound = (m: Message, entry: OutboxEntry) => {
    q.insertMessage.run(messageParams(m));
    q.touchConversation.run(m.createdAt.getTime(), m.conversationId);
    q.insertOutbox.run({
      id: entry.id,
      messageId: entry.messageId,
      conversationId: entry.conversationId,
      channel: entry.channel,
      address: JSON.stringify(entry.address),
      attempts: entry.attempts,
      status: entry.status,
      nextAttemptAt: entry.nextAttemptAt.getTime(),
      leaseUntil: ms(entry.leaseUntil),
      lastError: entry.lastError,
      createdAt: entry.createdAt.getTime(),
    });
  };

  const enqueueOutbound = tx((m: Message, entry: OutboxEntry, events: DomainEvent[]) => {
    insertOutbound(m, entry);
    writeEvents(events);
  });

  const recordDecision = tx(
    (messageId: string, outbound: { message: Message; entry: OutboxEntry }[], events: DomainEvent[], at: Date, options?: RecordDecisionOptions): boolean => {
      const guard = options?.onlyIfOwner;
      if (guard && q.conversationById.get(guard.conversationId)?.owner !== guard.owner) return false;
      // Another process (its crash recovery, say) decided this message first: its decision stands, exactly once.
      if (q.messageById.get(messageId)?.decided_at != null) return false;
      for (const o of outbound) insertOutbound(o.message, o.entry);
      writeEvents(events);
      q.markDecided.run(at.getTime(), messageId);
      return true;
    },
  );

  const claimOutbox = tx((now: Date, limit: number, leaseMs: number): OutboxEntry[] => {
    const t = now.getTime();
    const rows = q.dueOutbox.all(t, t, limit);
    for (const r of rows) q.leaseOutbox.run(t + leaseMs, r.id);
    return rows.map((r) => toOutbox({ ...r, status: "sending", lease_until: t + leaseMs, attempts: r.attempts + 1 }));
  });

  const completeOutbox = tx((entryId: string, outcome: Parameters<Store["completeOutbox"]>[1], events: DomainEvent[]) => {
    const row = q.outboxById.get(entryId);
    if (!row) throw new NotFoundError("outbox entry", entryId);
    if (outcome.status === "sent") {
      q.outboxDelete.run(entryId);
      setDeliveryState(row.message_id, outcome.delivered ? "delivered" : "sent", { externalId: outcome.externalId }, []);
    } else if (outcome.status === "retry") {
      q.outboxRetry.run(outcome.nextAttemptAt.getTime(), outcome.error, outcome.attempts ?? null, entryId);
    } else {
      q.outboxDead.run(outcome.error, entryId);
      setDeliveryState(row.message_id, "failed", { error: outcome.error }, []);
    }
    writeEvents(events);
  });

  const cancelOutbound = tx((messageId: string, events: DomainEvent[]): boolean => {
    if (q.outboxCancel.run(messageId).changes === 0) return false;
    setDeliveryState(messageId, "failed", { error: "cancelled" }, []);
    writeEvents(events);
    return true;
  });

  const editMessage = tx((messageId: string, text: string, events: DomainEvent[]): boolean => {
    if (q.editText.run(text, messageId, text).changes === 0) return false;
    writeEvents(events);
    return true;
  });

  const appendEventsTx = tx(writeEvents);
  // Group commit: concurrent writes share one transaction (see write-batch.ts); off, each write commits alone.
  const batch = createWriteBatcher(db);
  const write = <T>(op: () => T): Promise<T> => (options.groupCommit === false ? Promise.resolve().then(op) : batch.run(op));
  const consoleTables = createSqliteConsole(db, tx, write);
  const privacy = createSqlitePrivacy(db, writeEvents, write);
  const deadReplies = createSqliteDeadReplies({ db, tx, write, insertOutbound, writeEvents });

  return {
    ...consoleTables,
    ...privacy,
    ...deadReplies,
    engine: "sqlite",
    async close() {
      batch.flush();
      if (db.open) db.close();
    },
    async createContact(contact, events) {
      await write(() => createContact(contact, events));
      return loadContact(contact.id)!;
    },
    async getContact(id) {
      return loadContact(id);
    },
    async findContactByIdentity(identity) {
      const owner = q.identityOwner.get(identity.kind, identity.value);
      return owner ? loadContact(owner.contact_id) : null;
    },
    async addIdentity(contactId, identity, events) {
      await write(() => addIdentity(contactId, identity, events));
      return loadContact(contactId)!;
    },
    async updateContactProfile(contactId, profile, events, options) {
      await write(() => updateProfile(contactId, profile, events, options?.name));
      return loadContact(contactId)!;
    },
    async createConversation(conversation, events) {
      await write(() => createConversation(conversation, events));
      return toConversation(q.conversationById.get(conversation.id)!);
    },
    async getConversation(id) {
      const row = q.conversationById.get(id);
      return row ? toConversation(row) : null;
    },
    async findActiveConversation(contactId) {
      const row = q.activeConversation.get(contactId);
      return row ? toConversation(row) : null;
    },
    async listConversations(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.contactId) {
        where.push("contact_id = ?");
        params.push(query.contactId);
      }
      if (query.status) {
        where.push("status = ?");
        params.push(query.status);
      }
      if (query.owner) {
        where.push("owner = ?");
        params.push(query.owner);
      }
      const sql = `SELECT * FROM conversations ${where.length ? "WHERE " + where.join(" AND ") : ""}
        ORDER BY last_message_at DESC, rowid DESC LIMIT ?`;
      return (db.prepare(sql).all(...params, query.limit ?? 100) as ConversationRow[]).map(toConversation);
    },
    async pageConversations(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.after) {
        where.push("id > ?");
        params.push(query.after);
      }
      if (query.contactId) {
        where.push("contact_id = ?");
        params.push(query.contactId);
      }
      if (query.createdFrom) {
        where.push("created_at >= ?");
        params.push(query.createdFrom.getTime());
      }
      if (query.createdTo) {
        where.push("created_at < ?");
        params.push(query.createdTo.getTime());
      }
      // The primary key's index gives the order: each page reads on from the cursor, never from the start.
      const sql = `SELECT * FROM conversations ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY id LIMIT ?`;
      return (db.prepare(sql).all(...params, Math.max(0, query.limit)) as ConversationRow[]).map(toConversation);
    },
    async updateConversation(id, guard, patch, events) {
      return write(() => updateConversation(id, guard, patch, events));
    },
    async appendMessage(message, events, replyAddress) {
      return write(() => appendMessage(message, events, replyAddress));
    },
    async getMessage(id) {
      const row = q.messageById.get(id);
      return row ? toMessage(row) : null;
    },
    async findMessageByExternalId(channel, externalId) {
      const row = q.messageByExternal.get(channel, externalId);
      return row ? toMessage(row) : null;
    },
    async listMessages(conversationId, options = {}) {
      const dir = options.direction ? "AND direction = ?" : "";
      const params: unknown[] = [conversationId, ...(options.direction ? [options.direction] : [])];
      const rows = db
        .prepare(`SELECT * FROM (SELECT * FROM messages WHERE conversation_id = ? ${dir} ORDER BY seq DESC LIMIT ?) ORDER BY seq`)
        .all(...params, options.limit ?? 1000) as MessageRow[];
      return rows.map(toMessage);
    },
    async setDeliveryState(messageId, state, extra, events) {
      return write(() => setDeliveryState(messageId, state, extra, events));
    },
    async listUndecided(limit) {
      return q.undecided.all(limit).map(toMessage);
    },
    async markDecided(messageId, at) {
      await write(() => q.markDecided.run(at.getTime(), messageId));
    },
    async appendEvents(events) {
      await write(() => appendEventsTx(events));
    },
    async listEvents(query) {
      const q = eventQuerySql(query);
      return q ? (db.prepare(q.sql).all(...q.params) as EventRow[]).map(toEvent) : [];
    },
    async recordDecision(messageId, outbound, events, decidedAt, options) {
      return write(() => recordDecision(messageId, outbound, events, decidedAt, options));
    },
    async enqueueOutbound(message, entry, events) {
      await write(() => enqueueOutbound(message, entry, events));
    },
    async claimOutbox(now, limit, leaseMs) {
      return write(() => claimOutbox(now, limit, leaseMs));
    },
    async completeOutbox(entryId, outcome, events) {
      await write(() => completeOutbox(entryId, outcome, events));
    },
    async editMessage(messageId, text, events) {
      return write(() => editMessage(messageId, text, events));
    },
    async cancelOutbound(messageId, events) {
      return write(() => cancelOutbound(messageId, events));
    },
    async countOutbox(status) {
      return q.countOutbox.get(status)!.n;
    },
    async nextOutboxDue() {
      const t = q.nextDue.get()!.t;
      return t === null ? null : new Date(t);
    },
    scheduleTimer: (timer, events) =>
      write(
        tx(() => {
          timers.schedule(timer);
          writeEvents(events);
        }),
      ),
    cancelTimer: (key, events) =>
      write(
        tx(() => {
          const cancelled = timers.cancel(key);
          if (cancelled) writeEvents(events);
          return cancelled;
        }),
      ),
    claimDueTimers: (now, limit, leaseMs) => write(tx(() => timers.claim(now, limit, leaseMs))),
    completeTimer: (id, token, events) =>
      write(
        tx(() => {
          const done = timers.complete(id, token);
          if (done) writeEvents(events);
          return done;
        }),
      ),
    releaseTimer: (id, token, retryAt) => write(() => timers.release(id, token, retryAt)),
    getTimer: async (key) => timers.get(key),
    nextTimerDue: async () => timers.nextDue(),
    recordArticleVersion: (version, diff) => write(() => articles.record(version, diff)),
    listArticleVersions: async (articleId) => articles.list(articleId),
    getArticleVersion: async (articleId, version) => articles.get(articleId, version),
    latestArticleVersions: async () => articles.latest(),
    async getEvent(id) {
      const row = eventById.get(id);
      return row ? toEvent(row) : null;
    },
    mergeContacts: (sourceId, targetId, events, at = new Date()) => write(() => merges.merge(sourceId, targetId, events, at)),
    unmergeContacts: (record, events, at) => write(() => merges.unmerge(record, events, at ?? events[0]?.at ?? new Date())),
  };
}

function migrate(db: Database.Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const apply = db.transaction(() => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const done = new Set(
      db
        .prepare("SELECT version FROM schema_migrations")
        .all()
        .map((r) => (r as { version: number }).version),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(m.version, m.name, Date.now());
    }
  });
  apply.immediate();
}
