/**
 * `threadline export conversations` benchmark (not a test): rows per second
 * and peak resident memory of the streaming export (src/core/analytics/export.ts)
 * on a generated SQLite store of `--conversations` conversations (default
 * 100,000: 10 events each, a million events) against `--baseline` (default
 * 10,000) of the same shape, generated through the Store port by the tests'
 * generator (tests/core/analytics/generate.ts). Each export runs in a child
 * process of its own, so its peak RSS is the export's, not the generation's.
 * Prints one JSON object; flat memory means an RSS ratio near 1 for 10× the rows.
 *
 *   npx tsx bench/export.ts [--conversations 100000] [--baseline 10000] [--format csv|jsonl]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { exportConversations, exportFormatSchema } from "../src/core/analytics/export.js";
import { openSqliteStore } from "../src/core/store/sqlite/sqlite-store.js";
import { generateStore } from "../tests/core/analytics/generate.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const FORMAT = exportFormatSchema.parse(arg("format", "csv"));

/** In the child: export the store at `path`, print rows, seconds, bytes and peak RSS. */
async function child(path: string): Promise<void> {
  const store = openSqliteStore({ path });
  let bytes = 0;
  const out = new Writable({
    write: (chunk: Buffer, _e, done) => {
      bytes += chunk.length;
      done();
    },
  });
  const t = performance.now();
  const rows = await exportConversations(store, out, { format: FORMAT, range: {}, recontactWindowMs: 7 * 86_400_000 });
  const seconds = (performance.now() - t) / 1000;
  await store.close();
  process.stdout.write(JSON.stringify({ rows, seconds, bytes, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

async function measure(n: number, dir: string) {
  const path = join(dir, `export-${n}.db`);
  const store = openSqliteStore({ path });
  const t = performance.now();
  await generateStore(store, n);
  const generateSeconds = (performance.now() - t) / 1000;
  await store.close();
  const self = fileURLToPath(import.meta.url);
  const run = JSON.parse(execFileSync(process.execPath, [...process.execArgv, self, "--child", path, "--format", FORMAT], { encoding: "utf8" })) as {
    rows: number;
    seconds: number;
    bytes: number;
    peakRssMb: number;
  };
  return {
    conversations: n,
    events: n * 10,
    generateSeconds: round(generateSeconds),
    ...run,
    seconds: round(run.seconds),
    rowsPerSecond: Math.round(run.rows / run.seconds),
    peakRssMb: round(run.peakRssMb),
  };
}

const round = (x: number) => Math.round(x * 10) / 10;

if (process.argv.includes("--child")) {
  await child(arg("child", ""));
} else {
  const dir = mkdtempSync(join(tmpdir(), "tl-bench-export-"));
  try {
    const baseline = await measure(Number(arg("baseline", "10000")), dir);
    const large = await measure(Number(arg("conversations", "100000")), dir);
    process.stdout.write(
      `${JSON.stringify(
        {
          format: FORMAT,
          baseline,
          large,
          rowsRatio: round(large.rows / baseline.rows),
          peakRssRatio: Math.round((large.peakRssMb / baseline.peakRssMb) * 100) / 100,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
