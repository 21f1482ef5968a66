import type Database from "better-sqlite3";

/**
 * Group commit for the SQLite engine. Writes requested in the same turn of
 * the event loop run together in ONE immediate transaction, each inside its
 * own savepoint (every write op is a better-sqlite3 transaction function, and
 * those nest as savepoints): an op that throws rolls back only itself and
 * rejects only its own promise. Every promise resolves only after COMMIT, so
 * "persisted before acknowledged" still holds; what changes is that fifty
 * concurrent messages cost one commit instead of fifty.
 *
 * Ops run in the order they were requested. Compare-and-set guards are still
 * evaluated inside the transaction, at the moment the op runs.
 */
export function createWriteBatcher(db: Database.Database, options: { maxBatch?: number } = {}) {
  const maxBatch = options.maxBatch ?? 256;
  type Op = { run: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  let queue: Op[] = [];
  let scheduled: NodeJS.Immediate | null = null;

  const runAll = db.transaction((ops: Op[]) =>
    ops.map((op) => {
      try {
        return { ok: true as const, value: op.run() };
      } catch (error) {
        return { ok: false as const, error };
      }
    }),
  );

  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    const ops = queue;
    queue = [];
    if (ops.length === 0) return;
    let results: ReturnType<typeof runAll>;
    try {
      results = runAll.immediate(ops);
    } catch (error) {
      // BEGIN or COMMIT failed (e.g. another process held the lock past the busy timeout): nothing was written.
      for (const op of ops) op.reject(error);
      return;
    }
    ops.forEach((op, i) => {
      const r = results[i]!;
      if (r.ok) op.resolve(r.value);
      else op.reject(r.error);
    });
  }

  return {
    /** Queues a write op (a better-sqlite3 transaction function call) and resolves with its result after commit. */
    run<T>(fn: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ run: fn, resolve: resolve as (v: unknown) => void, reject });
        if (queue.length >= maxBatch) flush();
        else scheduled ??= setImmediate(flush);
      });
    },
    /** Commits whatever is queued now (before close). */
    flush,
  };
}
