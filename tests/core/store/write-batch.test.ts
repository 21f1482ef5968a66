import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createWriteBatcher } from "../../../src/core/store/sqlite/write-batch.js";

function setup() {
  const file = join(mkdtempSync(join(tmpdir(), "tl-batch-")), "b.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (x INTEGER PRIMARY KEY)");
  const ins = db.prepare("INSERT INTO t VALUES (?)");
  const insertPair = db.transaction((a: number, b: number) => {
    ins.run(a);
    ins.run(b);
    return a + b;
  });
  const reader = new Database(file, { readonly: true });
  const visible = () => (reader.prepare("SELECT x FROM t ORDER BY x").all() as { x: number }[]).map((r) => r.x);
  return { db, insertPair, visible };
}

describe("SQLite group commit", () => {
  it("runs concurrent writes in one transaction, in order, each isolated in its own savepoint", async () => {
    const { db, insertPair, visible } = setup();
    const batch = createWriteBatcher(db);
    const results = await Promise.allSettled([
      batch.run(() => insertPair(1, 2)),
      batch.run(() => insertPair(3, 1)), // duplicate key: only this op fails, and its insert of 3 is undone
      batch.run(() => insertPair(4, 5)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[0] as PromiseFulfilledResult<number>).value).toBe(3);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE|PRIMARY KEY/);
    expect(visible()).toEqual([1, 2, 4, 5]);
  });

  it("resolves a write only once it is committed and visible to other connections", async () => {
    const { db, insertPair, visible } = setup();
    const batch = createWriteBatcher(db);
    const pending = batch.run(() => insertPair(7, 8));
    expect(visible()).toEqual([]); // queued, not yet committed
    await pending;
    expect(visible()).toEqual([7, 8]);
  });

  it("flushes at once when the batch is full, and on demand", async () => {
    const { db, insertPair, visible } = setup();
    const batch = createWriteBatcher(db, { maxBatch: 2 });
    void batch.run(() => insertPair(1, 2));
    void batch.run(() => insertPair(3, 4)); // fills the batch: committed synchronously
    expect(visible()).toEqual([1, 2, 3, 4]);
    void batch.run(() => insertPair(5, 6));
    batch.flush();
    expect(visible()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("rejects every queued write when the transaction itself cannot start", async () => {
    const { db, insertPair } = setup();
    const batch = createWriteBatcher(db);
    const a = batch.run(() => insertPair(1, 2));
    db.close();
    await expect(a).rejects.toThrow();
  });
});
