import { Writable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportConversations } from "../../../src/core/analytics/export.js";
import { readOutcomes } from "../../../src/core/analytics/read.js";
import type { Store } from "../../../src/core/store/port.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { generateStore } from "./generate.js";

const N = 20_000;
const START = Date.parse("2026-01-05T08:00:00Z");
const WEEK_MS = 7 * 86_400_000;
const MB = 1024 * 1024;

/** A forced full garbage collection, also without `--expose-gc` (the flag set at run time, `gc` taken from a fresh context). */
function exposeGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** Live heap growth over the baseline while `run` goes on, sampled after a forced GC every `every` calls of the returned probe. */
async function heapGrowth(gc: () => void, run: (probe: (n: number) => void) => Promise<unknown>): Promise<number> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const probe = (n: number) => {
    if (n % 1000 !== 0) return;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  await run(probe);
  return peak - base;
}

/** Counts bytes, keeps nothing. */
function discard(): { out: Writable; bytes: () => number } {
  let bytes = 0;
  return {
    out: new Writable({
      write: (chunk: Buffer, _e, done) => {
        bytes += chunk.length;
        done();
      },
    }),
    bytes: () => bytes,
  };
}

describe("export conversations on a large generated store", () => {
  let store: Store;
  beforeAll(async () => {
    store = openSqliteStore({ path: ":memory:" });
    await generateStore(store, N, START);
  }, 120_000);
  afterAll(async () => store.close());

  it("keeps memory flat: streaming 20,000 rows (200,000 events) holds no more than streaming 2,000", { timeout: 120_000 }, async () => {
    const gc = exposeGc();
    const exportGrowth = async (to?: Date) => {
      const sink = discard();
      let rows = 0;
      const growth = await heapGrowth(gc, async (probe) => {
        rows = await exportConversations(store, sink.out, {
          format: "csv",
          range: to ? { to } : {},
          recontactWindowMs: WEEK_MS,
          onRow: probe,
        });
      });
      return { rows, growth, bytes: sink.bytes() };
    };
    const few = await exportGrowth(new Date(START + 2000 * 60_000));
    const many = await exportGrowth();
    expect(few.rows).toBe(2000);
    expect(many.rows).toBe(N);
    expect(many.bytes).toBeGreaterThan(8 * few.bytes);
    // Control: holding every outcome (what a non-streaming export would do) grows with the store.
    const held: unknown[] = [];
    const holding = await heapGrowth(gc, async (probe) => {
      for (const o of await readOutcomes(store, {}, { recontactWindowMs: WEEK_MS })) {
        held.push(o);
        probe(held.length);
      }
    });
    expect(many.growth).toBeLessThan(2 * few.growth + 4 * MB);
    expect(holding).toBeGreaterThan(3 * many.growth);
    expect(holding).toBeGreaterThan(5 * MB);
  });
});
