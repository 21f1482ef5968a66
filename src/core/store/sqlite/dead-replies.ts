import type Database from "better-sqlite3";
import type { DomainEvent, Message, OutboxEntry } from "../../model/index.js";
import type { DeadOutboxQuery, Store } from "../port.js";
import { toOutbox, type OutboxRow } from "./rows.js";

/** What the dead-reply part of the SQLite store needs from the store itself (its transaction, write path and row writers). */
export interface SqliteDeadReplyDeps {
  db: Database.Database;
  tx: <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => R;
  write: <T>(op: () => T) => Promise<T>;
  /** Inserts an outbound message and its outbox entry (no transaction of its own). */
  insertOutbound(message: Message, entry: OutboxEntry): void;
  writeEvents(events: DomainEvent[]): void;
}

/**
 * Dead outbox entries in SQLite: listing them, and resending one (the dead
 * entry is deleted and the new message queued in one IMMEDIATE transaction,
 * so the delete decides which of two concurrent resends queues).
 */
export function createSqliteDeadReplies(deps: SqliteDeadReplyDeps): Pick<Store, "listDeadOutbox" | "resendDeadOutbound"> {
  const { db, tx, write } = deps;
  const deleteDead = db.prepare("DELETE FROM outbox WHERE message_id = ? AND status = 'dead'");
  const resend = tx((deadMessageId: string, message: Message, entry: OutboxEntry, events: DomainEvent[]): boolean => {
    if (deleteDead.run(deadMessageId).changes === 0) return false;
    deps.insertOutbound(message, entry);
    deps.writeEvents(events);
    return true;
  });
  return {
    async listDeadOutbox(query: DeadOutboxQuery = {}) {
      const where = ["status = 'dead'"];
      const params: unknown[] = [];
      if (query.channel) {
        where.push("channel = ?");
        params.push(query.channel);
      }
      if (query.conversationId) {
        where.push("conversation_id = ?");
        params.push(query.conversationId);
      }
      const rows = db
        .prepare(`SELECT * FROM outbox WHERE ${where.join(" AND ")} ORDER BY rowid LIMIT ?`)
        .all(...params, Math.max(0, query.limit ?? 100)) as OutboxRow[];
      return rows.map(toOutbox);
    },
    resendDeadOutbound: (deadMessageId, message, entry, events) => write(() => resend(deadMessageId, message, entry, events)),
  };
}
