import type Database from "better-sqlite3";
import { newId, type NewTimer, type Timer } from "../../model/index.js";

/**
 * Durable timers in SQLite (table `timers`, migration 16). Claims run in the
 * store's IMMEDIATE write transaction, so two processes sharing the file can
 * never lease the same timer: the second sees the first's lease.
 */
interface TimerRow {
  id: string;
  key: string;
  kind: string;
  conversation_id: string | null;
  due_at: number;
  data: string;
  attempts: number;
  token: string | null;
  lease_until: number | null;
  created_at: number;
}

const toTimer = (r: TimerRow): Timer => ({
  id: r.id,
  key: r.key,
  kind: r.kind,
  conversationId: r.conversation_id,
  dueAt: new Date(r.due_at),
  data: JSON.parse(r.data) as Record<string, unknown>,
  attempts: r.attempts,
  token: r.token,
  leaseUntil: r.lease_until === null ? null : new Date(r.lease_until),
  createdAt: new Date(r.created_at),
});

export interface SqliteTimers {
  schedule(timer: NewTimer): void;
  cancel(key: string): boolean;
  claim(now: Date, limit: number, leaseMs: number): Timer[];
  complete(id: string, token: string): boolean;
  release(id: string, token: string, retryAt: Date): boolean;
  get(key: string): Timer | null;
  nextDue(): Date | null;
}

export function createSqliteTimers(db: Database.Database): SqliteTimers {
  const q = {
    upsert: db.prepare(`INSERT INTO timers (id, key, kind, conversation_id, due_at, data, attempts, token, lease_until, created_at)
      VALUES (@id, @key, @kind, @conversationId, @dueAt, @data, 0, NULL, NULL, @createdAt)
      ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, conversation_id = excluded.conversation_id, due_at = excluded.due_at,
        data = excluded.data, attempts = 0, token = NULL, lease_until = NULL, created_at = excluded.created_at`),
    cancel: db.prepare("DELETE FROM timers WHERE key = ?"),
    due: db.prepare<[number, number, number], TimerRow>(
      `SELECT * FROM timers WHERE (token IS NULL AND due_at <= ?) OR (token IS NOT NULL AND lease_until < ?) ORDER BY due_at, rowid LIMIT ?`,
    ),
    lease: db.prepare("UPDATE timers SET token = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?"),
    complete: db.prepare("DELETE FROM timers WHERE id = ? AND token = ?"),
    release: db.prepare("UPDATE timers SET token = NULL, lease_until = NULL, due_at = ? WHERE id = ? AND token = ?"),
    byKey: db.prepare<[string], TimerRow>("SELECT * FROM timers WHERE key = ?"),
    nextDue: db.prepare<[], { t: number | null }>("SELECT MIN(CASE WHEN token IS NULL THEN due_at ELSE lease_until END) AS t FROM timers"),
  };
  return {
    schedule(timer) {
      q.upsert.run({
        id: newId("tm", timer.createdAt.getTime()),
        key: timer.key,
        kind: timer.kind,
        conversationId: timer.conversationId,
        dueAt: timer.dueAt.getTime(),
        data: JSON.stringify(timer.data),
        createdAt: timer.createdAt.getTime(),
      });
    },
    cancel: (key) => q.cancel.run(key).changes > 0,
    claim(now, limit, leaseMs) {
      const t = now.getTime();
      return q.due.all(t, t, limit).map((row) => {
        const token = newId("tk");
        q.lease.run(token, t + leaseMs, row.id);
        return toTimer({ ...row, token, lease_until: t + leaseMs, attempts: row.attempts + 1 });
      });
    },
    complete: (id, token) => q.complete.run(id, token).changes > 0,
    release: (id, token, retryAt) => q.release.run(retryAt.getTime(), id, token).changes > 0,
    get(key) {
      const row = q.byKey.get(key);
      return row ? toTimer(row) : null;
    },
    nextDue() {
      const t = q.nextDue.get()!.t;
      return t === null ? null : new Date(t);
    },
  };
}
