import Database from "better-sqlite3";

/** What the store holds right now, counted for `/metrics`. */
export interface StateCounts {
  conversations: { status: string; owner: string; count: number }[];
  /** Outbox entries (work not yet done) by channel and status. */
  outbox: { channel: string; status: string; count: number }[];
  /** Durable timers by kind: scheduled, and due (their time has come but no scheduler fired them yet). */
  timers: { kind: string; scheduled: number; due: number }[];
}

/**
 * Counts the conversations, outbox and timers of an SQLite store in a few
 * aggregate queries on its indexes (the conversations' owner/status index is
 * read without touching the table; outbox and timers hold only pending work),
 * through a read-only connection of its own, opened per call so nothing needs
 * closing. The Store port has no counting queries yet; these belong there (and
 * in the MongoDB engine) once the store's owners take them. Until then another
 * engine reports no state counts (absent, not zero).
 */
export function sqliteStateCounts(path: string): (now: Date) => StateCounts {
  return (now) => {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      db.pragma("busy_timeout = 1000");
      return {
        conversations: db
          .prepare<[], { status: string; owner: string; count: number }>("SELECT status, owner, COUNT(*) AS count FROM conversations GROUP BY owner, status")
          .all(),
        outbox: db
          .prepare<[], { channel: string; status: string; count: number }>("SELECT channel, status, COUNT(*) AS count FROM outbox GROUP BY channel, status")
          .all(),
        timers: db
          .prepare<[number], { kind: string; scheduled: number; due: number }>(
            "SELECT kind, COUNT(*) AS scheduled, SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END) AS due FROM timers GROUP BY kind",
          )
          .all(now.getTime()),
      };
    } finally {
      db.close();
    }
  };
}
