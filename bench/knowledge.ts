/**
 * Knowledge-base benchmark (not a test): index build time, search latency
 * p50/p99 and memory at 1,000 / 10,000 / 50,000 passages, recall@5 of the
 * paraphrased question set (tests/knowledge/fixtures/recall-questions.json)
 * with the demo articles hidden among synthetic distractors, and cold start
 * of the real knowledge base (files → lint → versions in SQLite → index)
 * with 1,000 articles.
 *
 *   node --expose-gc --import tsx bench/knowledge.ts [--sizes 1000,10000,50000] [--queries 2000] [--out file.json] [--slowest]
 *
 * Prints one JSON object. Synthetic passages come from a seeded generator
 * (outdoor-shop vocabulary plus a Zipf-distributed tail of made-up words), so
 * runs are comparable across machines and commits.
 */
import { MODULES } from "../src/app/modules.js";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { silentLogger } from "../src/core/logger.js";
import { openSqliteStore } from "../src/core/store/sqlite/sqlite-store.js";
import { loadConfigFile } from "../src/core/config/load.js";
import { parseArticle } from "../src/knowledge/article.js";
import { splitPassages } from "../src/knowledge/passages.js";
import { buildIndex, type IndexDocument } from "../src/knowledge/retrieval/bm25.js";
import { BUILT_IN_SYNONYMS } from "../src/knowledge/retrieval/synonyms.js";
import { startKnowledgeBase } from "../src/knowledge/start.js";
import { createRng } from "../src/ai/local/prng.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const SIZES = arg("sizes", "1000,10000,50000").split(",").map(Number);
const QUERIES = Number(arg("queries", "2000"));
const ROOT = resolve(import.meta.dirname, "..");
const gc = (globalThis as { gc?: () => void }).gc;

const rand = createRng(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const PRODUCTS = [
  "tent",
  "sleeping bag",
  "down jacket",
  "rain jacket",
  "hiking boots",
  "trail runners",
  "backpack",
  "daypack",
  "stove",
  "headlamp",
  "trekking poles",
  "sleeping mat",
  "fleece",
  "base layer",
  "gloves",
  "climbing rope",
  "harness",
  "water filter",
  "cookset",
  "gaiters",
];
const TOPICS = [
  "sizing",
  "care",
  "repair",
  "materials",
  "availability",
  "delivery",
  "returns",
  "warranty",
  "compatibility",
  "weight",
  "packing",
  "storage",
  "spare parts",
  "recalls",
  "pre-orders",
];
const ADJ = ["lightweight", "waterproof", "insulated", "breathable", "durable", "packable", "recycled", "ultralight", "four-season", "windproof"];
const VERBS = ["check", "inspect", "wash", "store", "order", "replace", "adjust", "pack", "dry", "measure", "register", "exchange"];
const SYL = ["ka", "lo", "mi", "ter", "vas", "no", "ri", "den", "sul", "bra", "quo", "fen", "ti", "mar", "gel", "os", "un", "pra", "zel", "dor"];
// A Zipf-distributed tail of made-up words gives the vocabulary the long tail real text has.
const TAIL = Array.from({ length: 20_000 }, (_, i) => {
  const r = createRng(i + 7);
  return Array.from({ length: 2 + Math.floor(r() * 3) }, () => SYL[Math.floor(r() * SYL.length)]!).join("") + String.fromCharCode(97 + (i % 26));
});
const zipf = () => TAIL[Math.min(TAIL.length - 1, Math.floor(Math.exp(rand() * Math.log(TAIL.length))) - 1)]!;

function sentence(): string {
  const p = pick(PRODUCTS);
  const templates = [
    () => `The ${pick(ADJ)} ${p} weighs ${200 + Math.floor(rand() * 2000)} g and comes in ${2 + Math.floor(rand() * 6)} colours.`,
    () => `To ${pick(VERBS)} your ${p}, follow the ${zipf()} guide and ${pick(VERBS)} it before every trip.`,
    () => `Model ${zipf().toUpperCase()}-${Math.floor(rand() * 900) + 100} of our ${p} uses ${zipf()} fabric rated ${Math.floor(rand() * 30)}000 mm.`,
    () => `Customers in ${pick(["Berlin", "Vienna", "Lyon", "Leeds", "Denver", "Oslo"])} often ask whether the ${p} fits the ${zipf()} ${pick(PRODUCTS)}.`,
    () => `${pick(ADJ)[0]!.toUpperCase()}${pick(ADJ).slice(1)} ${p}s need ${zipf()} ${zipf()} when stored for ${Math.floor(rand() * 12) + 1} months.`,
  ];
  return pick(templates)() + (rand() < 0.5 ? ` ${zipf()} ${zipf()} ${zipf()}.` : "");
}

function syntheticDocs(n: number): IndexDocument[] {
  return Array.from({ length: n }, () => {
    const product = pick(PRODUCTS);
    return {
      title: `${pick(ADJ)} ${product}: ${pick(TOPICS)}`,
      headings: `${pick(TOPICS)} of the ${zipf()} ${product}`,
      body: Array.from({ length: 4 + Math.floor(rand() * 5) }, sentence).join(" "),
      locale: "en",
    };
  });
}

function demoDocs(): { docs: IndexDocument[]; ids: string[]; servable: boolean[] } {
  const dir = join(ROOT, "config/knowledge");
  const docs: IndexDocument[] = [];
  const ids: string[] = [];
  const servable: boolean[] = [];
  const files = [
    "account-access",
    "black-week-2026",
    "contact-and-hours",
    "damaged-or-wrong-items",
    "gift-cards",
    "order-tracking",
    "payment-methods",
    "product-care-waterproof-jackets",
    "refund-timing",
    "returns-policy",
    "shipping-times-and-costs",
    "uk-free-returns-2025",
    "warranty",
    "de/rueckgabe",
    "de/versand",
    "internal/goodwill-refunds",
  ];
  for (const f of files) {
    const r = parseArticle(readFileSync(join(dir, `${f}.md`), "utf8"), f);
    if (!r.ok) continue;
    for (const p of splitPassages(r.article)) {
      docs.push({ title: r.article.title, headings: p.headings.join("\n"), body: p.text, locale: r.article.locale });
      ids.push(p.id);
      servable.push(r.article.status === "published" && r.article.audience === "customer");
    }
  }
  return { docs, ids, servable };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
/** JS heap plus ArrayBuffers (postings live in typed arrays, outside the JS heap). */
const heapMb = () => {
  gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1048576;
};

const questions = (
  JSON.parse(readFileSync(join(ROOT, "tests/knowledge/fixtures/recall-questions.json"), "utf8")) as {
    questions: { q: string; passage: string; locale?: string }[];
  }
).questions;

function benchSize(size: number) {
  const demo = demoDocs();
  const synthetic = syntheticDocs(Math.max(0, size - demo.docs.length));
  const docs = [...demo.docs, ...synthetic];
  const before = heapMb();
  const t0 = performance.now();
  const index = buildIndex(docs, { synonyms: BUILT_IN_SYNONYMS });
  const buildMs = performance.now() - t0;
  // The typo index is built lazily (the knowledge base warms it right after a reload, off the start-up path).
  const w0 = performance.now();
  index.warm();
  const warmMs = performance.now() - w0;
  const memoryMb = heapMb() - before;
  // Like the knowledge base: only servable documents (drafts/archived/internal refused) may be returned.
  const accept = (d: number) => d >= demo.docs.length || demo.servable[d]!;

  let hits = 0;
  for (const q of questions) {
    const top = index.search(q.q, { limit: 5, accept, language: q.locale, typoTolerance: true });
    if (top.some((h) => demo.ids[h.doc] === q.passage)) hits++;
  }

  const queries: string[] = [];
  for (let i = 0; queries.length < QUERIES; i++) {
    if (i % 4 === 0) queries.push(pick(questions).q);
    else {
      const words = pick(synthetic)
        .body.split(/\s+/)
        .filter((w) => w.length > 3);
      const q = Array.from({ length: 2 + Math.floor(rand() * 4) }, () => pick(words));
      // Every third synthetic query carries a typo.
      if (i % 3 === 0) q[0] = q[0]!.slice(0, -2) + q[0]!.slice(-1);
      queries.push(q.join(" "));
    }
  }
  for (const q of queries.slice(0, 200)) index.search(q, { limit: 5, accept, typoTolerance: true });
  const times: number[] = [];
  for (const q of queries) {
    const s = performance.now();
    index.search(q, { limit: 5, accept, typoTolerance: true });
    times.push(performance.now() - s);
  }
  if (process.argv.includes("--slowest")) {
    const slow = queries
      .map((q, i) => [times[i]!, q] as const)
      .sort((a, b) => b[0] - a[0])
      .slice(0, 8);
    process.stderr.write(`slowest at ${docs.length}:\n${slow.map(([t, q]) => `  ${t.toFixed(2)} ms  ${q}`).join("\n")}\n`);
  }
  return {
    passages: docs.length,
    vocabulary: index.vocabularySize,
    build_ms: round(buildMs, 1),
    typo_index_ms: round(warmMs, 1),
    memory_mb: round(memoryMb, 1),
    search_ms: {
      p50: round(percentile(times, 50)),
      p99: round(percentile(times, 99)),
      mean: round(times.reduce((a, b) => a + b, 0) / times.length),
      max: round(Math.max(...times)),
    },
    recall_at_5: round(hits / questions.length),
    questions: questions.length,
  };
}

async function coldStart(articles: number) {
  const root = mkdtempSync(join(tmpdir(), "tl-kb-bench-"));
  try {
    const dir = join(root, "config/knowledge");
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < articles; i++) {
      const product = pick(PRODUCTS);
      const sections = Array.from({ length: 5 }, (_, s) => `## ${pick(TOPICS)} ${s + 1}\n\n${Array.from({ length: 5 }, sentence).join(" ")}\n`).join("\n");
      writeFileSync(
        join(dir, `article-${i}.md`),
        `---\nid: article-${i}\ntitle: ${pick(ADJ)} ${product} ${i}\nstatus: published\nlocale: en\nscenarios: [product_care]\nowner: Bench\nreview_by: 2099-01-01\n---\n\n${sections}`,
      );
    }
    const { config } = loadConfigFile(join(ROOT, "config/threadline.yaml"), {}, MODULES);
    const run = async () => {
      const store = openSqliteStore({ path: join(root, "data/threadline.db") });
      const t0 = performance.now();
      const kb = await startKnowledgeBase({
        config: { ...config, knowledge: { ...config.knowledge, dir: "config/knowledge" } },
        store,
        logger: silentLogger(),
        rootDir: root,
        watch: false,
      });
      const ms = performance.now() - t0;
      await new Promise((r) => setImmediate(r));
      for (const q of questions) await kb.search(q.q);
      const times: number[] = [];
      for (let round = 0; round < 5; round++) {
        for (const q of questions) {
          const s = performance.now();
          await kb.search(q.q);
          times.push(performance.now() - s);
        }
      }
      const m = kb.metrics();
      await kb.stop();
      await store.close();
      return { ms, passages: m.passages, versions: m.versionsCreated, kbSearchP50: percentile(times, 50), kbSearchP99: percentile(times, 99) };
    };
    const first = await run();
    const second = await run();
    return {
      articles,
      passages: first.passages,
      first_start_ms: round(first.ms, 1),
      versions_recorded: first.versions,
      restart_ms: round(second.ms, 1),
      versions_recorded_on_restart: second.versions,
      kb_search_ms: { p50: round(first.kbSearchP50), p99: round(first.kbSearchP99) },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const result = {
  node: process.version,
  gc_exposed: gc !== undefined,
  queries_per_size: QUERIES,
  sizes: SIZES.map(benchSize),
  cold_start: await coldStart(1000),
  targets: { search_p99_ms_at_50k: 5, cold_start_ms_1000_articles: 2000 },
};
const json = JSON.stringify(result, null, 2);
const out = process.argv.indexOf("--out");
if (out > 0) writeFileSync(process.argv[out + 1]!, `${json}\n`);
process.stdout.write(`${json}\n`);
