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

/** The metrics as Prometheus text exposition lines, for the hub's `/metrics` endpoint. */
export function formatKnowledgeMetrics(m: KnowledgeMetrics): string {
  const lines: string[] = [];
  const family = (name: string, type: "gauge" | "counter", samples: [labels: string, value: number | string][]) => {
    lines.push(`# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  };
  family("threadline_kb_articles", "gauge", (["draft", "published", "archived"] as const).map((s) => [`{status="${s}"}`, m.articles[s]]));
  family("threadline_kb_articles_servable", "gauge", [["", m.articles.servable]]);
  family("threadline_kb_articles_expired_published", "gauge", [["", m.articles.expired]]);
  family("threadline_kb_articles_not_yet_valid", "gauge", [["", m.articles.notYetValid]]);
  family("threadline_kb_articles_expiring_soon", "gauge", [["", m.expiringSoon]]);
  family("threadline_kb_articles_review_due", "gauge", [["", m.reviewDue]]);
  family("threadline_kb_passages", "gauge", [["", m.passages]]);
  family("threadline_kb_lint_problems", "gauge", [['{severity="error"}', m.lint.errors], ['{severity="warning"}', m.lint.warnings]]);
  family("threadline_kb_files_serving_previous_version", "gauge", [["", m.lint.keptPrevious]]);
  family("threadline_kb_reloads_total", "counter", [['{result="ok"}', m.reloads.ok], ['{result="failed"}', m.reloads.failed]]);
  family("threadline_kb_reload_duration_ms", "gauge", [["", m.reloads.lastDurationMs.toFixed(1)]]);
  family("threadline_kb_versions_created_total", "counter", [["", m.versionsCreated]]);
  family("threadline_kb_searches_total", "counter", [["", m.searches.count]]);
  family("threadline_kb_search_duration_ms_sum", "counter", [["", m.searches.totalMs.toFixed(3)]]);
  family("threadline_kb_search_duration_ms_max", "gauge", [["", m.searches.maxMs.toFixed(3)]]);
  family("threadline_kb_guard_hits_total", "counter", [['{action="block"}', m.guard.blocked], ['{action="rewrite"}', m.guard.rewritten]]);
  if (m.embeddings.enabled) {
    family("threadline_kb_embedding_vectors", "gauge", [["", m.embeddings.vectors]]);
    family("threadline_kb_embeddings_computed_total", "counter", [["", m.embeddings.embedded]]);
    family("threadline_kb_embedding_failures_total", "counter", [["", m.embeddings.failures]]);
  }
  return `${lines.join("\n")}\n`;
}
