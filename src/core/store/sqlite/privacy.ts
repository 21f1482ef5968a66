import type Database from "better-sqlite3";
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
import { ACTIVE_STATUSES, type ConversationStatus, type DomainEvent, type MergeRecord } from "../../model/index.js";
import {
  CONTACT_ERASED,
  EraseConflictError,
  emptyRedaction,
  type EraseCounts,
  type EraseEvents,
  type EraseOutcome,
  type PrivacyStore,
  type RedactionCut,
  type RedactionResult,
  type RetentionPage,
  type RetentionQuery,
} from "../privacy-port.js";
import {
  conversationParams,
  messageParams,
  toConversation,
  toEvent,
  toMessage,
  type ContactRow,
  type ConversationRow,
  type EventRow,
  type MessageRow,
} from "./rows.js";

/**
 * Erasure and retention in SQLite (PrivacyStore). Each erasure and each
 * conversation's redaction is one IMMEDIATE transaction (a savepoint inside
 * a group commit), so a reader never sees half an erasure and a crash leaves
 * all of it or none. No migration: an erasure is recognised by its
 * `contact.erased` event, redacted content by the marker. Both run with
 * `secure_delete` on (replaced content is zeroed in the file, not left in
 * free pages), and an erasure ends with a WAL checkpoint.
 */
export function createSqlitePrivacy(db: Database.Database, writeEvents: (events: DomainEvent[]) => void, write: <T>(op: () => T) => Promise<T>): PrivacyStore {
  // Attachments still holding personal metadata: any element without the marker name, or with a reference to bytes.
  const pendingAttachments = `EXISTS (SELECT 1 FROM json_each(m.attachments) a
    WHERE json_extract(a.value, '$.name') IS NOT '${ERASED}' OR json_extract(a.value, '$.ref') IS NOT NULL)`;
  const q = {
    contact: db.prepare<[string], ContactRow>("SELECT * FROM contacts WHERE id = ?"),
    mergedInto: db.prepare<[string], { id: string }>("SELECT id FROM contacts WHERE merged_into = ? ORDER BY rowid"),
    erasedEvent: db.prepare<[string, string], EventRow>("SELECT * FROM events WHERE type = ? AND contact_id = ? ORDER BY seq LIMIT 1"),
    deleteIdentities: db.prepare<[string]>("DELETE FROM identities WHERE contact_id = ?"),
    clearContact: db.prepare<[string | null, number, string]>("UPDATE contacts SET name = NULL, profile = '{}', merge_record = ?, updated_at = ? WHERE id = ?"),
    conversationsOf: db.prepare<[string], ConversationRow>("SELECT * FROM conversations WHERE contact_id = ? ORDER BY rowid"),
    conversation: db.prepare<[string], ConversationRow>("SELECT * FROM conversations WHERE id = ?"),
    messagesOf: db.prepare<[string], MessageRow>("SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq"),
    messagesBefore: db.prepare<[string, number], MessageRow>("SELECT * FROM messages WHERE conversation_id = ? AND created_at < ? ORDER BY seq"),
    updateMessage: db.prepare(`UPDATE messages SET text = @text, attachments = @attachments, buttons = @buttons, error = @error,
      external_id = @externalId WHERE id = @id`),
    updateConversation: db.prepare(`UPDATE conversations SET status=@status, tags=@tags, fields=@fields, addresses=@addresses, version=@version,
      snoozed_until=@snoozedUntil, handoff=@handoff WHERE id=@id`),
    failQueued: db.prepare<[string]>(
      `UPDATE messages SET delivery_state = 'failed', error = '${ERASED}' WHERE delivery_state = 'queued' AND id IN (SELECT message_id FROM outbox WHERE conversation_id = ?)`,
    ),
    deleteOutbox: db.prepare<[string]>("DELETE FROM outbox WHERE conversation_id = ?"),
    deleteTimers: db.prepare<[string]>("DELETE FROM timers WHERE conversation_id = ?"),
    eventsOfConversation: db.prepare<[string], { id: string; data: string }>("SELECT id, data FROM events WHERE conversation_id = ? ORDER BY seq"),
    eventsOfConversationBefore: db.prepare<[string, number], { id: string; data: string }>(
      "SELECT id, data FROM events WHERE conversation_id = ? AND at < ? ORDER BY seq",
    ),
    eventsOfContact: db.prepare<[string], { id: string; data: string }>("SELECT id, data FROM events WHERE contact_id = ? ORDER BY seq"),
    setEventData: db.prepare<[string, string]>("UPDATE events SET data = ? WHERE id = ?"),
    page: db.prepare<[number, number], ConversationRow & { r: number }>("SELECT rowid AS r, * FROM conversations WHERE rowid > ? ORDER BY rowid LIMIT ?"),
    oldText: db.prepare<[string, number], { x: number }>(
      `SELECT 1 AS x FROM messages m WHERE m.conversation_id = ? AND m.created_at < ? AND (m.text IS NOT '${ERASED}' OR ${pendingAttachments}) LIMIT 1`,
    ),
    oldAttachments: db.prepare<[string, number], { x: number }>(
      `SELECT 1 AS x FROM messages m WHERE m.conversation_id = ? AND m.created_at < ? AND ${pendingAttachments} LIMIT 1`,
    ),
    anyText: db.prepare<[string], { x: number }>(
      `SELECT 1 AS x FROM messages m WHERE m.conversation_id = ? AND (m.text IS NOT '${ERASED}' OR ${pendingAttachments}) LIMIT 1`,
    ),
  };

  /** Reduces the `data` of the given events; returns how many changed. */
  const redactEvents = (rows: { id: string; data: string }[]): number => {
    let n = 0;
    for (const row of rows) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const reduced = JSON.stringify(redactEventData(data));
      if (reduced !== JSON.stringify(data)) {
        q.setEventData.run(reduced, row.id);
        n++;
      }
    }
    return n;
  };

  /** One conversation's redaction, inside the caller's transaction. */
  const redactRows = (conversationId: string, cut: RedactionCut): RedactionResult & { closedFrom: ConversationStatus | null } => {
    const out = { ...emptyRedaction(), closedFrom: null as ConversationStatus | null };
    const row = q.conversation.get(conversationId);
    if (!row) return out;
    const textsBefore = cut.textsBefore?.getTime() ?? null;
    const attachmentsBefore = cut.attachmentsBefore?.getTime() ?? null;
    const oldest = cut.whole ? null : Math.max(textsBefore ?? -Infinity, attachmentsBefore ?? -Infinity);
    if (oldest === -Infinity) return out;
    const rows = oldest === null ? q.messagesOf.all(conversationId) : q.messagesBefore.all(conversationId, oldest);
    const refs = new Set<string>();
    for (const r of rows) {
      const m = toMessage(r);
      const t = m.createdAt.getTime();
      const what = { text: cut.whole === true || (textsBefore !== null && t < textsBefore), attachments: attachmentsBefore !== null && t < attachmentsBefore };
      if (!what.text && !what.attachments) continue;
      if (isMessageRedacted(m, what)) continue;
      for (const ref of attachmentRefs([m])) refs.add(ref);
      out.attachments += m.attachments.filter((a) => a.name !== ERASED || a.ref !== undefined).length;
      const p = messageParams(redactMessage(m, what));
      q.updateMessage.run({ id: p.id, text: p.text, attachments: p.attachments, buttons: p.buttons, error: p.error, externalId: p.externalId });
      out.messages++;
    }
    if (cut.whole) {
      const current = toConversation(row);
      const active = ACTIVE_STATUSES.includes(current.status);
      if (!isConversationRedacted(current) || active) {
        const next = redactConversation(current);
        if (active) {
          next.status = "closed";
          next.snoozedUntil = null;
          out.closedFrom = current.status;
        }
        const p = conversationParams(next);
        q.updateConversation.run({
          id: p.id,
          status: p.status,
          tags: p.tags,
          fields: p.fields,
          addresses: p.addresses,
          version: p.version,
          snoozedUntil: p.snoozedUntil,
          handoff: p.handoff,
        });
        out.conversations = 1;
      }
      q.failQueued.run(conversationId);
      out.outbox = q.deleteOutbox.run(conversationId).changes;
      out.timers = q.deleteTimers.run(conversationId).changes;
      out.events = redactEvents(q.eventsOfConversation.all(conversationId));
    } else if (textsBefore !== null) {
      out.events = redactEvents(q.eventsOfConversationBefore.all(conversationId, textsBefore));
    }
    out.refs = [...refs];
    return out;
  };

  const erase = db.transaction((contactId: string, events: EraseEvents, at: Date): EraseOutcome => {
    const contact = q.contact.get(contactId);
    if (!contact) throw new NotFoundError("contact", contactId);
    if (contact.merged_into !== null) {
      throw new EraseConflictError(`contact ${contactId} is merged into ${contact.merged_into}; erase ${contact.merged_into} (which erases ${contactId} too)`, {
        contactId,
        mergedInto: contact.merged_into,
      });
    }
    const done = q.erasedEvent.get(CONTACT_ERASED, contactId);
    if (done) return { status: "already_erased", event: toEvent(done) };
    // The contact and, transitively, every contact merged into it (A→B→C: erasing C finds B and A).
    const contactIds: string[] = [];
    const pending = [contactId];
    while (pending.length > 0) {
      const id = pending.shift()!;
      if (contactIds.includes(id)) continue;
      contactIds.push(id);
      for (const source of q.mergedInto.all(id)) pending.push(source.id);
    }
    const counts: EraseCounts = { contacts: 0, identities: 0, conversations: 0, messages: 0, attachments: 0, events: 0, outbox: 0, timers: 0 };
    const conversationIds: string[] = [];
    const closed: Array<{ conversationId: string; from: ConversationStatus }> = [];
    const refs = new Set<string>();
    for (const id of contactIds) {
      for (const conv of q.conversationsOf.all(id)) {
        const r = redactRows(conv.id, { whole: true });
        conversationIds.push(conv.id);
        counts.conversations += r.conversations;
        counts.messages += r.messages;
        counts.attachments += r.attachments;
        counts.events += r.events;
        counts.outbox += r.outbox;
        counts.timers += r.timers;
        for (const ref of r.refs) refs.add(ref);
        if (r.closedFrom) closed.push({ conversationId: conv.id, from: r.closedFrom });
      }
    }
    for (const id of contactIds) {
      counts.identities += q.deleteIdentities.run(id).changes;
      const row = q.contact.get(id)!;
      // A merged source keeps its merge record (so the merge stays idempotent) without the identities it names.
      const record = row.merge_record === null ? null : JSON.stringify({ ...(JSON.parse(row.merge_record) as MergeRecord), identities: [] });
      q.clearContact.run(record, at.getTime(), id);
      counts.contacts++;
      counts.events += redactEvents(q.eventsOfContact.all(id));
    }
    const outcome = { contactIds, conversationIds, closed, counts, refs: [...refs] };
    writeEvents(events(outcome));
    return { status: "erased", ...outcome };
  });

  const redactOne = db.transaction((conversationId: string, cut: RedactionCut): RedactionResult => {
    const { closedFrom: _closed, ...result } = redactRows(conversationId, cut);
    return result;
  });

  // Freed and overwritten cells are zeroed, so erased text does not linger in free pages of the file.
  const secure = <T>(fn: () => T): T => {
    db.pragma("secure_delete = ON");
    try {
      return fn();
    } finally {
      db.pragma("secure_delete = OFF");
    }
  };
  // Old page images may still be in the write-ahead log: checkpoint it into the file and truncate it (best effort: another process reading keeps it).
  const checkpoint = () => {
    try {
      db.pragma("wal_checkpoint(TRUNCATE)");
    } catch {
      // Busy or in-memory: the next automatic checkpoint overwrites it.
    }
  };

  return {
    async eraseContact(contactId, events, at) {
      const outcome = await write(() => secure(() => erase.immediate(contactId, events, at)));
      if (outcome.status === "erased") checkpoint();
      return outcome;
    },
    redactConversation: (conversationId, cut) => write(() => secure(() => redactOne.immediate(conversationId, cut))),
    async listRetentionCandidates(query: RetentionQuery): Promise<RetentionPage> {
      const after = query.after ? Number(query.after) : 0;
      const rows = q.page.all(Number.isFinite(after) ? after : 0, Math.max(1, query.limit));
      const candidates: RetentionPage["candidates"] = [];
      for (const row of rows) {
        const c = toConversation(row);
        const closedLongAgo = query.resolvedBefore != null && (c.status === "resolved" || c.status === "closed") && c.updatedAt < query.resolvedBefore;
        if (closedLongAgo && (!isConversationRedacted(c) || q.anyText.get(c.id))) {
          candidates.push({ conversationId: c.id, whole: true });
          continue;
        }
        const old =
          (query.messagesBefore != null && q.oldText.get(c.id, query.messagesBefore.getTime())) ||
          (query.attachmentsBefore != null && q.oldAttachments.get(c.id, query.attachmentsBefore.getTime()));
        if (old) candidates.push({ conversationId: c.id, whole: false });
      }
      return { candidates, next: rows.length < Math.max(1, query.limit) ? null : String(rows.at(-1)!.r) };
    },
  };
}
