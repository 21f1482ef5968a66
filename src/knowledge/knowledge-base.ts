import { LRUCache } from "lru-cache";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import type { Clock } from "../core/clock.js";
import type { ThreadlineConfig } from "../core/config/schema.js";
import type { Logger } from "../core/logger.js";
import type { ArticleVersion } from "../core/model/index.js";
import type { Store } from "../core/store/port.js";
import type { Decider } from "../core/pipeline/decision.js";
import { guardAnswer, withAnswerGuard, type AnswerGuardDeps, type AnswerGuardOptions, type GuardedAnswer } from "./answer-guard.js";
import { createSnapshotLoader, type KbSnapshot, type ServedArticle } from "./build.js";
import type { KnowledgeBase, KnowledgePassage, KnowledgeSearchOptions } from "./contract.js";
import { dot, embedAll, embeddingKey, hybridRank, unit, type EmbeddingCache, type EmbeddingProvider, type RankedDoc } from "./embeddings.js";
import { expiryReport, formatExpiryDigest, isServable, type ExpiryEntry } from "./expiry.js";
import { checkOutboundAnswer, compileForbiddenRules, type GuardResult } from "./guard.js";
import { formatLintProblem, type LintProblem } from "./lint.js";
import { computeMetrics, newCounters, type KnowledgeMetrics } from "./metrics.js";
import { timeLimitedPolicy, type TimeLimitedPolicy } from "./retrieval/time-limited.js";
import { analyzerFor, languageOf } from "./text/analyzer.js";
import { createVersionRecorder } from "./versions.js";

export type KnowledgeSettings = ThreadlineConfig["knowledge"];

export interface KnowledgeBaseDeps {
  settings: KnowledgeSettings;
  /** Absolute knowledge directory. */
  dir: string;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Paths in logs are shown relative to this directory (default: `dir`). */
  rootDir?: string;
  /** Semantic search; used only when `settings.embeddings.enabled`. */
  embeddings?: { provider: EmbeddingProvider; cache: EmbeddingCache };
  /** More accepted scenario tags, e.g. the AI core's intent names. */
  knownScenarios?(): readonly string[];
  /** Look up version authors in git (default true). */
  git?: boolean;
}

export type ReloadReport =
  | { ok: true; changed: boolean; created: ArticleVersion[]; problems: LintProblem[]; keptPrevious: string[]; durationMs: number }
  | { ok: false; error: Error; durationMs: number };

/** A loaded knowledge base: search plus the governance views the CLI, the hub and /metrics need. */
export interface LoadedKnowledgeBase extends KnowledgeBase {
  /** Re-reads the directory; concurrent calls are coalesced into at most one more run. Never rejects. */
  reload(): Promise<ReloadReport>;
  /** The snapshot currently served (null before the first successful load). */
  snapshot(): KbSnapshot | null;
  problems(): LintProblem[];
  /** Published articles expired, expiring or due for review within `knowledge.expiry_warning`. */
  expiringSoon(): ExpiryEntry[];
  /** Text of the daily digest for the escalation bots, or null when nothing needs attention. */
  digest(): string | null;
  metrics(): KnowledgeMetrics;
  /** Pure check of an outbound answer against the forbidden rules. */
  checkAnswer(text: string): GuardResult;
  /** Checks an outbound answer and records an `answer.forbidden_phrase` event on a hit. */
  guardAnswer(answer: GuardedAnswer): Promise<GuardResult>;
  /** Wraps a decision step so every AI-written reply passes the guard (see `withAnswerGuard`); hits count in `metrics()`. */
  guardDecisions(decide: Decider, options?: AnswerGuardOptions): Decider;
  /** Resolves when no reload is running or queued. */
  idle(): Promise<void>;
  /** Resolves when passages of the current snapshot have embeddings (or embedding failed). */
  embeddingsSettled(): Promise<void>;
  /** A path as shown to admins (relative to `rootDir`). */
  displayPath(file: string): string;
}

const QUERY_CACHE = 1000;
/** Candidates beyond the limit fetched so time-limited articles demoted below the cut are replaced, not just dropped. */
const DEMOTION_SLACK = 10;
/**
 * Share of the article's other candidate passages' scores added to its passages: an article whose
 * several sections match is more likely the topic than one with a single passing mention. Small: measured
 * 0.1 best on the demo eval set and the recall fixture (article P@1 0.773 → 0.800 there); 0.2 already hurt.
 */
const ARTICLE_SUPPORT = 0.1;

export function createKnowledgeBase(deps: KnowledgeBaseDeps): LoadedKnowledgeBase {
  const { settings, clock, logger } = deps;
  const rules = compileForbiddenRules(settings.forbidden);
  const counters = newCounters(settings.embeddings.enabled && deps.embeddings !== undefined);
  const loader = createSnapshotLoader({
    dir: deps.dir,
    clock,
    recorder: createVersionRecorder({ store: deps.store, clock, dir: deps.dir, git: deps.git }),
    synonyms: settings.search.synonyms,
    settings: (now) => ({
      scenarios: [...settings.scenarios, ...(deps.knownScenarios?.() ?? [])],
      locales: settings.locales,
      forbidden: rules,
      expiryWarningMs: settings.expiry_warning,
      now,
    }),
  });
  const displayPath = (file: string) => relative(deps.rootDir ?? deps.dir, join(deps.dir, file)) || file;
  const hybrid = settings.embeddings.enabled ? deps.embeddings : undefined;

  let current: KbSnapshot | null = null;
  let loggedProblems = "";
  // Keyed by the index: an unchanged reload returns a new snapshot object around the same index and passages.
  const vectorsOf = new WeakMap<KbSnapshot["index"], Float32Array[]>();
  let embedding: Promise<void> = Promise.resolve();
  const queryVectors = new LRUCache<string, Float32Array>({ max: QUERY_CACHE });
  const policies = new WeakMap<KbSnapshot["index"], TimeLimitedPolicy>();
  const policyOf = (s: KbSnapshot): TimeLimitedPolicy => {
    let p = policies.get(s.index);
    if (!p)
      policies.set(
        s.index,
        (p = timeLimitedPolicy(s.docs.map(({ served, passage }) => ({ article: served.article, headings: passage.headings, text: passage.text })))),
      );
    return p;
  };

  function embedSnapshot(s: KbSnapshot): Promise<void> {
    if (!hybrid || s.docs.length === 0) return Promise.resolve();
    const texts = s.docs.map(({ served, passage }) => [served.article.title, ...passage.headings, passage.text].join("\n"));
    return embedAll(texts, { provider: hybrid.provider, cache: hybrid.cache, model: settings.embeddings.model }).then(
      ({ vectors, embedded }) => {
        vectorsOf.set(s.index, vectors);
        counters.embeddings.embedded += embedded;
        counters.embeddings.vectors = hybrid.cache.size;
      },
      (err: unknown) => {
        counters.embeddings.failures++;
        logger.warn({ err }, "knowledge base: embedding passages failed; searching with BM25 only until the next reload");
      },
    );
  }

  async function queryVector(query: string): Promise<Float32Array> {
    // Memory only: queries are customer text and must not be persisted.
    const key = embeddingKey(settings.embeddings.model, query);
    const hit = queryVectors.get(key);
    if (hit) return hit;
    const [v] = await hybrid!.provider.embed([query]);
    if (!v) throw new Error("embedding provider returned no vector for the query");
    const vector = unit(v);
    queryVectors.set(key, vector);
    return vector;
  }

  async function doReload(): Promise<ReloadReport> {
    const t0 = performance.now();
    try {
      const { snapshot, created, changed } = await loader.load();
      current = snapshot;
      const durationMs = performance.now() - t0;
      counters.reloads.ok++;
      counters.reloads.lastAt = clock.now();
      counters.reloads.lastDurationMs = durationMs;
      counters.versionsCreated += created.length;
      // The first load may version every article (a new install): one summary line then, one line per change after.
      const first = counters.reloads.ok === 1;
      for (const v of created) {
        (first ? logger.debug : logger.info).call(
          logger,
          { articleId: v.articleId, version: v.version, author: v.author },
          `${v.articleId} is now version ${v.version} (${v.author})`,
        );
      }
      const shown = snapshot.problems.map((p) => formatLintProblem({ ...p, file: displayPath(p.file) }));
      if (shown.join("\n") !== loggedProblems) {
        for (const line of shown) logger.warn(line);
        for (const file of snapshot.keptPrevious) logger.warn(`${displayPath(file)}: has errors; its previous version keeps serving`);
        loggedProblems = shown.join("\n");
      }
      if (changed) {
        // Off the start-up path: the typo index is built once the new snapshot already serves.
        setImmediate(() => snapshot.index.warm());
        embedding = embedSnapshot(snapshot);
      }
      return { ok: true, changed, created, problems: snapshot.problems, keptPrevious: snapshot.keptPrevious, durationMs };
    } catch (e) {
      counters.reloads.failed++;
      const error = e instanceof Error ? e : new Error(String(e));
      logger.error({ err: error }, "knowledge base: reload failed; the previous index keeps serving");
      return { ok: false, error, durationMs: performance.now() - t0 };
    }
  }

  let running: Promise<ReloadReport> | null = null;
  let queued: Promise<ReloadReport> | null = null;
  function reload(): Promise<ReloadReport> {
    if (!running) {
      running = doReload().finally(() => (running = null));
      return running;
    }
    queued ??= running.then(() => {
      queued = null;
      return reload();
    });
    return queued;
  }

  async function search(query: string, options: KnowledgeSearchOptions = {}): Promise<KnowledgePassage[]> {
    const t0 = performance.now();
    const s = current;
    if (!s || query.trim() === "") return [];
    const now = clock.now();
    const wanted = options.scenario === undefined ? null : new Set(typeof options.scenario === "string" ? [options.scenario] : options.scenario);
    const internal = options.audience === "internal";
    const language = options.locale ? languageOf(options.locale) : undefined;
    const limit = options.limit ?? settings.search.limit;
    const fetch = limit + DEMOTION_SLACK;
    const verdicts = new Map<ServedArticle, boolean>();
    const accept = (doc: number): boolean => {
      const served = s.docs[doc]!.served;
      let ok = verdicts.get(served);
      if (ok === undefined) {
        const a = served.article;
        ok =
          isServable(a, now) &&
          (internal || a.audience === "customer") &&
          (!wanted || a.scenarios.some((t) => wanted.has(t))) &&
          (!language || languageOf(a.locale) === language);
        verdicts.set(served, ok);
      }
      return ok;
    };
    const typoTolerance = settings.search.typo_tolerance;
    const vectors = vectorsOf.get(s.index);
    let ranked: RankedDoc[];
    if (hybrid && vectors) {
      const lexical = s.index.search(query, { limit: Math.max(fetch * 4, 50), accept, language, typoTolerance });
      try {
        const q = await queryVector(query);
        const semantic: RankedDoc[] = [];
        for (let d = 0; d < vectors.length; d++) if (accept(d)) semantic.push({ doc: d, score: dot(q, vectors[d]!) });
        semantic.sort((a, b) => b.score - a.score);
        ranked = hybridRank(lexical, semantic.slice(0, Math.max(fetch * 4, 50)), settings.embeddings.weight, fetch);
      } catch (err) {
        counters.embeddings.failures++;
        logger.warn({ err }, "knowledge base: embedding the query failed; answering with BM25 only");
        ranked = lexical.slice(0, fetch);
      }
    } else {
      ranked = s.index.search(query, { limit: fetch, accept, language, typoTolerance });
    }
    const policy = policyOf(s);
    const queryTerms = new Map<string, Set<string>>();
    const termsIn = (locale: string) => {
      let t = queryTerms.get(languageOf(locale));
      if (!t) queryTerms.set(languageOf(locale), (t = new Set(analyzerFor(locale).terms(query))));
      return t;
    };
    ranked = ranked.map((r) => ({ doc: r.doc, score: r.score * policy.factor(s.docs[r.doc]!.served.article, termsIn) }));
    // The same bonus for every passage of an article (its candidates' scores beyond the best one), so the
    // order of sections within an article stays the retriever's.
    const support = new Map<ServedArticle, { sum: number; max: number }>();
    for (const r of ranked) {
      const a = s.docs[r.doc]!.served;
      const t = support.get(a) ?? { sum: 0, max: 0 };
      support.set(a, { sum: t.sum + r.score, max: Math.max(t.max, r.score) });
    }
    ranked = ranked
      .map((r) => {
        const t = support.get(s.docs[r.doc]!.served)!;
        return { doc: r.doc, score: r.score + ARTICLE_SUPPORT * (t.sum - t.max) };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
    const out = ranked.map(({ doc, score }): KnowledgePassage => {
      const { served, passage } = s.docs[doc]!;
      const a = served.article;
      return {
        articleId: a.id,
        version: served.version,
        passageId: passage.id,
        title: a.title,
        headings: passage.headings,
        text: passage.text,
        markdown: passage.markdown,
        score: Math.round(score * 10_000) / 10_000,
        locale: a.locale,
        scenarios: a.scenarios,
        audience: a.audience,
        file: a.file,
        line: passage.line,
        contentHash: a.contentHash,
      };
    });
    const ms = performance.now() - t0;
    counters.searches.count++;
    counters.searches.totalMs += ms;
    counters.searches.maxMs = Math.max(counters.searches.maxMs, ms);
    return out;
  }

  const guardDeps: AnswerGuardDeps = {
    store: deps.store,
    clock,
    rules: () => rules,
    onHit: (r) => void (r.action === "block" ? counters.guard.blocked++ : counters.guard.rewritten++),
  };
  const expiringSoon = () => expiryReport(current?.articles ?? [], clock.now(), settings.expiry_warning);

  return {
    search,
    reload,
    snapshot: () => current,
    problems: () => current?.problems ?? [],
    expiringSoon,
    digest: () => formatExpiryDigest(expiringSoon(), clock.now()),
    metrics: () => computeMetrics(current, counters, clock.now(), settings.expiry_warning),
    checkAnswer: (text) => checkOutboundAnswer(text, rules),
    guardAnswer: (answer) => guardAnswer(guardDeps, answer),
    guardDecisions: (decide, options) => withAnswerGuard(decide, guardDeps, options),
    idle: async () => {
      while (running || queued) await (queued ?? running);
    },
    embeddingsSettled: () => embedding,
    displayPath,
  };
}
