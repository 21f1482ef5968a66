/**
 * `/metrics` scrape benchmark (not a test): the cost of one scrape of the
 * hub's registry (src/app/metrics.ts) on a store of `--conversations`
 * conversations (default 50,000) with `--exchanges` customer/AI exchanges each
 * (default 10: 20 messages a conversation, 30 events, so 1,000,000 messages'
 * worth of events at the default), 15 % escalated (half of them answered by an
 * agent), an action call in every fifth. Measured in the same run against a
 * baseline store of `--baseline` conversations (default 500) of the same
 * shape, so the ratio says how the scrape grows with the store.
 *
 *   npx tsx bench/metrics.ts [--conversations 50000] [--exchanges 10] [--baseline 500] [--scrapes 20] [--report]
 *
 * Every measured scrape refreshes the store figures (refreshMs 0; the hub
 * refreshes at most every 15 s). Figures: the first scrape (reads the whole
 * history of the few event types the totals need, once per process), steady
 * scrapes with nothing new, and steady scrapes after 20 new conversations.
 * `--report` also times what deriving the figures from every conversation's
 * log would cost (the `threadline report` path, readOutcomes). The events are
 * written through the Store port; message rows are not (no metric reads them).
 * Prints one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createHubMetrics } from "../src/app/metrics.js";
import { readOutcomes } from "../src/core/analytics/read.js";
import { manualClock } from "../src/core/clock.js";
import { silentLogger } from "../src/core/logger.js";
import { makeContact, makeConversation, makeEvent, newId, type DomainEvent } from "../src/core/model/index.js";
import type { Store } from "../src/core/store/port.js";
import { openSqliteStore } from "../src/core/store/sqlite/sqlite-store.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const CONVERSATIONS = Number(arg("conversations", "50000"));
const EXCHANGES = Number(arg("exchanges", "10"));
const BASELINE = Number(arg("baseline", "500"));
const SCRAPES = Number(arg("scrapes", "20"));
const REPORT = process.argv.includes("--report");

const START = new Date("2026-01-05T08:00:00Z").getTime();
const QUEUES = ["support", "billing", "orders"];
const RULES = ["chargeback", "asks_for_human", "legal_threat", null];

/** Writes `n` conversations, the i-th opened a minute after the previous, returning when the log ends. */
async function populate(store: Store, n: number, offset = 0): Promise<number> {
  let last = START;
  for (let i = offset; i < offset + n; i++) {
    const t0 = START + i * 60_000;
    const at = (s: number) => new Date(t0 + s * 1000);
    const contact = await store.createContact(makeContact({ identities: [], at: at(0) }), []);
    const channel = i % 3 === 0 ? "telegram" : "web";
    const c = makeConversation({ contactId: contact.id, channel, at: at(0) });
    const scope = { conversationId: c.id, contactId: contact.id };
    const events: DomainEvent[] = [makeEvent("conversation.opened", "customer", at(0), scope, { channel })];
    let s = 0;
    for (let x = 0; x < EXCHANGES; x++) {
      events.push(makeEvent("message.received", "customer", at(s), scope, { messageId: newId("msg"), channel }));
      const messageId = newId("msg");
      s += 2 + (i % 7);
      events.push(makeEvent("message.queued", "ai", at(s), scope, { messageId, authorKind: "ai" }));
      events.push(makeEvent("message.sent", "system", at(s), scope, { messageId, channel }));
      s += 20;
    }
    if (i % 5 === 0)
      events.push(
        makeEvent("action.called", "ai", at(s), scope, { action: "order_lookup", outcome: i % 10 === 0 ? "found" : "not_found", ms: 50 + (i % 400) }),
      );
    const escalated = i % 20 < 3;
    if (escalated) {
      events.push(makeEvent("conversation.escalated", "ai", at(s), scope, { queue: QUEUES[i % 3], rule: RULES[i % 4], reason: "rule" }));
      if (i % 2 === 0) {
        const messageId = newId("msg");
        s += 300 + (i % 3600);
        events.push(makeEvent("message.queued", "agent", at(s), scope, { messageId, authorKind: "agent" }));
        events.push(makeEvent("message.sent", "system", at(s), scope, { messageId, channel }));
      }
    }
    // The conversation row as the pipeline leaves it, written with its whole log in one transaction.
    await store.createConversation(
      { ...c, ...(escalated ? { owner: "human" as const } : { status: i % 4 === 0 ? ("open" as const) : ("resolved" as const) }) },
      events,
    );
    last = Math.max(last, t0 + s * 1000);
  }
  return last;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (ms: number) => Math.round(ms * 100) / 100;

interface Subject {
  size: number;
  store: Store;
  dir: string;
  buildMs: number;
  clock: ReturnType<typeof manualClock>;
  metrics: ReturnType<typeof createHubMetrics>;
  added: number;
}

async function open(size: number): Promise<Subject> {
  const dir = mkdtempSync(join(tmpdir(), "tl-bench-metrics-"));
  const path = join(dir, "threadline.db");
  const store = openSqliteStore({ path });
  const built = performance.now();
  const end = await populate(store, size);
  const buildMs = performance.now() - built;
  const clock = manualClock(new Date(end));
  const metrics = createHubMetrics({ store, clock, logger: silentLogger(), channels: () => ["web", "telegram"], sqlitePath: path, refreshMs: 0 });
  return { size, store, dir, buildMs, clock, metrics, added: 0 };
}

async function scrape(s: Subject): Promise<{ ms: number; bytes: number }> {
  const t = performance.now();
  const text = await s.metrics.scrape();
  return { ms: performance.now() - t, bytes: text.length };
}

/** New activity before a scrape: 20 conversations (their replies are observed by the first-response histograms). */
async function busyScrape(s: Subject): Promise<number> {
  const last = await populate(s.store, 20, s.size + s.added);
  s.added += 20;
  s.clock.set(new Date(last));
  return (await scrape(s)).ms;
}

const subjects = [await open(BASELINE), await open(CONVERSATIONS)];
const first = [] as { ms: number; bytes: number }[];
for (const s of subjects) first.push(await scrape(s));
// Alternating rounds, so machine noise (GC, other processes) hits both stores alike.
const steady: number[][] = [[], []];
const busy: number[][] = [[], []];
for (let r = 0; r < SCRAPES; r++) for (const [i, s] of subjects.entries()) steady[i]!.push((await scrape(s)).ms);
for (let r = 0; r < Math.max(3, Math.floor(SCRAPES / 4)); r++) for (const [i, s] of subjects.entries()) busy[i]!.push(await busyScrape(s));
const results = [];
for (const [i, s] of subjects.entries()) {
  let reportMs: number | null = null;
  if (REPORT) {
    const t = performance.now();
    await readOutcomes(s.store, {}, { recontactWindowMs: 7 * 86_400_000 });
    reportMs = performance.now() - t;
  }
  const conversations = (await s.store.listEvents({ type: "conversation.opened", limit: 10_000_000 })).length;
  results.push({
    conversations,
    events_approx: conversations * (EXCHANGES * 3 + 1),
    build_s: round(s.buildMs / 1000),
    first_scrape_ms: round(first[i]!.ms),
    steady_scrape_ms_p50: round(median(steady[i]!)),
    steady_scrape_ms_max: round(Math.max(...steady[i]!)),
    busy_scrape_ms_p50: round(median(busy[i]!)),
    exposition_bytes: first[i]!.bytes,
    report_readOutcomes_ms: reportMs === null ? null : round(reportMs),
  });
  await s.store.close();
  rmSync(s.dir, { recursive: true, force: true });
}
const [baseline, large] = results as [(typeof results)[number], (typeof results)[number]];
console.log(
  JSON.stringify(
    {
      bench: "metrics-scrape",
      exchanges_per_conversation: EXCHANGES,
      scrapes: SCRAPES,
      baseline,
      large,
      ratio: {
        steady_scrape: round(large.steady_scrape_ms_p50 / baseline.steady_scrape_ms_p50),
        busy_scrape: round(large.busy_scrape_ms_p50 / baseline.busy_scrape_ms_p50),
        first_scrape: round(large.first_scrape_ms / baseline.first_scrape_ms),
        size: round(large.conversations / baseline.conversations),
      },
    },
    null,
    2,
  ),
);
