import { Counter, Gauge, Registry } from "prom-client";
import type { KbSnapshot } from "./build.js";
import { availability, expiryReport } from "./expiry.js";

/**
 * Numbers about the knowledge base for `/metrics` and the start-up log.
 * Computed on demand from the current snapshot and "now", so an article
 * that expires between two scrapes is counted as expired at the next one
 * without any reload.
 */
export interface KnowledgeMetrics {
  articles: { total: number; draft: number; published: number; archived: number; servable: number; expired: number; notYetValid: number };
  passages: number;
  /** Published articles expiring within `knowledge.expiry_warning`. */
  expiringSoon: number;
  /** Published articles whose review is due within the window or overdue. */
  reviewDue: number;
  lint: { errors: number; warnings: number; keptPrevious: number };
  reloads: { ok: number; failed: number; lastAt: Date | null; lastDurationMs: number };
  versionsCreated: number;
  searches: { count: number; totalMs: number; maxMs: number };
  guard: { blocked: number; rewritten: number };
  embeddings: { enabled: boolean; vectors: number; embedded: number; failures: number };
}

export interface MetricCounters {
  reloads: KnowledgeMetrics["reloads"];
  versionsCreated: number;
  searches: KnowledgeMetrics["searches"];
  guard: KnowledgeMetrics["guard"];
  embeddings: KnowledgeMetrics["embeddings"];
}

export function newCounters(embeddingsEnabled: boolean): MetricCounters {
  return {
    reloads: { ok: 0, failed: 0, lastAt: null, lastDurationMs: 0 },
    versionsCreated: 0,
    searches: { count: 0, totalMs: 0, maxMs: 0 },
    guard: { blocked: 0, rewritten: 0 },
    embeddings: { enabled: embeddingsEnabled, vectors: 0, embedded: 0, failures: 0 },
  };
}

export function computeMetrics(snapshot: KbSnapshot | null, counters: MetricCounters, now: Date, windowMs: number): KnowledgeMetrics {
  const articles = snapshot?.articles ?? [];
  const a = { total: articles.length, draft: 0, published: 0, archived: 0, servable: 0, expired: 0, notYetValid: 0 };
  for (const article of articles) {
    a[article.status]++;
    const state = availability(article, now);
    if (state === "servable") a.servable++;
    else if (state === "expired") a.expired++;
    else if (state === "not_yet_valid") a.notYetValid++;
  }
  const report = expiryReport(articles, now, windowMs);
  const problems = snapshot?.problems ?? [];
  return {
    articles: a,
    passages: snapshot?.docs.length ?? 0,
    expiringSoon: report.filter((e) => e.kind === "expiring").length,
    reviewDue: report.filter((e) => e.kind === "review_due").length,
    lint: {
      errors: problems.filter((p) => p.severity === "error").length,
      warnings: problems.filter((p) => p.severity === "warning").length,
      keptPrevious: snapshot?.keptPrevious.length ?? 0,
    },
    reloads: { ...counters.reloads },
    versionsCreated: counters.versionsCreated,
    searches: { ...counters.searches },
    guard: { ...counters.guard },
    embeddings: { ...counters.embeddings },
  };
}

/**
 * Registers the knowledge-base figures on a prom-client registry (the hub's
 * `/metrics`). Each family reads `read()` when scraped, so an article that
 * expires between two scrapes is counted as expired at the next one. The
 * embedding families are registered only when embeddings are enabled.
 *
 * Durations are in seconds (Prometheus' base unit). Before prom-client the
 * text had `threadline_kb_reload_duration_ms`, `threadline_kb_search_duration_ms_sum`
 * (a counter named like a histogram's sum, in ms) and `threadline_kb_search_duration_ms_max`;
 * they are `threadline_kb_reload_duration_seconds`, `threadline_kb_search_seconds_total`
 * and `threadline_kb_search_duration_max_seconds` now.
 */
export function registerKnowledgeMetrics(registry: Registry, read: () => KnowledgeMetrics): void {
  const registers = [registry];
  const gauge = (name: string, help: string, values: (m: KnowledgeMetrics) => number | [Record<string, string>, number][], labelNames: string[] = []) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        const v = values(read());
        if (typeof v === "number") this.set(v);
        else for (const [labels, n] of v) this.set(labels, n);
      },
    });
  const counter = (name: string, help: string, values: (m: KnowledgeMetrics) => number | [Record<string, string>, number][], labelNames: string[] = []) =>
    new Counter({
      name,
      help,
      labelNames,
      registers,
      collect() {
        // The knowledge base keeps the running totals; the counter shows them as they are.
        this.reset();
        const v = values(read());
        if (typeof v === "number") this.inc(v);
        else for (const [labels, n] of v) this.inc(labels, n);
      },
    });

  gauge(
    "threadline_kb_articles",
    "Knowledge-base articles by status.",
    (m) => (["draft", "published", "archived"] as const).map((s) => [{ status: s }, m.articles[s]]),
    ["status"],
  );
  gauge("threadline_kb_articles_servable", "Published articles that may answer now (valid, not expired).", (m) => m.articles.servable);
  gauge("threadline_kb_articles_expired_published", "Published articles past their expiry (they no longer answer).", (m) => m.articles.expired);
  gauge("threadline_kb_articles_not_yet_valid", "Published articles whose validity has not started.", (m) => m.articles.notYetValid);
  gauge("threadline_kb_articles_expiring_soon", "Published articles expiring within knowledge.expiry_warning.", (m) => m.expiringSoon);
  gauge("threadline_kb_articles_review_due", "Published articles whose review is due within the window or overdue.", (m) => m.reviewDue);
  gauge("threadline_kb_passages", "Passages in the retrieval index.", (m) => m.passages);
  gauge(
    "threadline_kb_lint_problems",
    "Lint problems of the knowledge files, by severity.",
    (m) => [
      [{ severity: "error" }, m.lint.errors],
      [{ severity: "warning" }, m.lint.warnings],
    ],
    ["severity"],
  );
  gauge("threadline_kb_files_serving_previous_version", "Files with errors whose previous good version still answers.", (m) => m.lint.keptPrevious);
  counter(
    "threadline_kb_reloads_total",
    "Knowledge-base reloads, by result.",
    (m) => [
      [{ result: "ok" }, m.reloads.ok],
      [{ result: "failed" }, m.reloads.failed],
    ],
    ["result"],
  );
  gauge("threadline_kb_reload_duration_seconds", "Duration of the last reload.", (m) => m.reloads.lastDurationMs / 1000);
  counter("threadline_kb_versions_created_total", "Article versions recorded by this process.", (m) => m.versionsCreated);
  counter("threadline_kb_searches_total", "Knowledge-base searches.", (m) => m.searches.count);
  counter(
    "threadline_kb_search_seconds_total",
    "Time spent in knowledge-base searches (divide by threadline_kb_searches_total for the mean).",
    (m) => m.searches.totalMs / 1000,
  );
  gauge("threadline_kb_search_duration_max_seconds", "Slowest knowledge-base search since start.", (m) => m.searches.maxMs / 1000);
  counter(
    "threadline_kb_guard_hits_total",
    "Forbidden-phrase guard hits on AI answers, by action.",
    (m) => [
      [{ action: "block" }, m.guard.blocked],
      [{ action: "rewrite" }, m.guard.rewritten],
    ],
    ["action"],
  );
  if (!read().embeddings.enabled) return;
  gauge("threadline_kb_embedding_vectors", "Passage vectors held.", (m) => m.embeddings.vectors);
  counter("threadline_kb_embeddings_computed_total", "Passage embeddings computed.", (m) => m.embeddings.embedded);
  counter("threadline_kb_embedding_failures_total", "Failed embedding calls.", (m) => m.embeddings.failures);
}

/** The knowledge-base figures alone in Prometheus text format (tests, `threadline` commands); the hub registers them with its own. */
export async function formatKnowledgeMetrics(m: KnowledgeMetrics): Promise<string> {
  const registry = new Registry();
  registerKnowledgeMetrics(registry, () => m);
  return registry.metrics();
}
