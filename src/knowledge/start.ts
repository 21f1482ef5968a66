import { resolve } from "node:path";
import { systemClock, type Clock } from "../core/clock.js";
import type { ThreadlineConfig } from "../core/config/schema.js";
import type { Logger } from "../core/logger.js";
import type { Store } from "../core/store/port.js";
import { fileEmbeddingCache, type EmbeddingProvider } from "./embeddings.js";
import { createKnowledgeBase, type LoadedKnowledgeBase, type ReloadReport } from "./knowledge-base.js";
import { watchDirectory } from "./watch.js";

export interface StartKnowledgeBaseDeps {
  config: ThreadlineConfig;
  store: Store;
  logger: Logger;
  /** Directory relative config paths (`knowledge.dir`, `hub.data_dir`) resolve against: where the hub was started. */
  rootDir: string;
  clock?: Clock;
  /** The OpenAI provider's embeddings, when configured; used only if `knowledge.embeddings.enabled`. */
  embeddings?: EmbeddingProvider;
  /** More accepted scenario tags (the AI core's intent names). */
  knownScenarios?(): readonly string[];
  /** Re-index on file changes (default true). */
  watch?: boolean;
}

export interface RunningKnowledgeBase extends LoadedKnowledgeBase {
  /** One line for the start-up log. */
  summary(): string;
  /** Stops watching and waits for a running reload to finish (call before closing the store). */
  stop(): Promise<void>;
}

/**
 * Starts the knowledge base for the hub: loads and lints every article,
 * records new versions, builds the index, and re-indexes within
 * `knowledge.reload_debounce` of any file change under `knowledge.dir`.
 *
 * Content problems never stop the hub: they are logged as `file:line`
 * warnings and the affected file is not served (or keeps its previous good
 * version). Rejects only when the first load fails outright (the store is
 * unreachable while recording versions), because then no passage could be
 * traced to a version.
 */
export async function startKnowledgeBase(deps: StartKnowledgeBaseDeps): Promise<RunningKnowledgeBase> {
  const { config, logger } = deps;
  const settings = config.knowledge;
  const dir = resolve(deps.rootDir, settings.dir);
  const log = logger.child({ part: "knowledge" });
  if (settings.embeddings.enabled && !deps.embeddings) {
    log.warn("knowledge.embeddings.enabled is true but no embedding provider is configured; searching with BM25 only");
  }
  const embeddings =
    settings.embeddings.enabled && deps.embeddings
      ? { provider: deps.embeddings, cache: fileEmbeddingCache(resolve(deps.rootDir, config.hub.data_dir, "knowledge", "embeddings.jsonl")) }
      : undefined;
  const kb = createKnowledgeBase({
    settings,
    dir,
    store: deps.store,
    clock: deps.clock ?? systemClock,
    logger: log,
    rootDir: deps.rootDir,
    embeddings,
    knownScenarios: deps.knownScenarios,
  });

  const first = await kb.reload();
  if (!first.ok) throw first.error;
  const shownDir = kb.displayPath(".");
  if (kb.snapshot()?.missingDir) log.warn(`knowledge base: ${shownDir} does not exist; no article answers until it is created`);

  const summary = (report?: ReloadReport): string => {
    const m = kb.metrics();
    const created = report?.ok ? report.created.length : 0;
    return (
      `knowledge base: ${m.articles.total} article${m.articles.total === 1 ? "" : "s"} (${m.articles.servable} answering), ` +
      `${m.passages} passages from ${shownDir}; ${created} new version${created === 1 ? "" : "s"}; ` +
      `${m.lint.errors} error${m.lint.errors === 1 ? "" : "s"}, ${m.lint.warnings} warning${m.lint.warnings === 1 ? "" : "s"}` +
      (m.expiringSoon > 0 ? `; ${m.expiringSoon} expiring within ${Math.round(settings.expiry_warning / 86_400_000)} days` : "")
    );
  };
  const firstSummary = summary(first);
  log.info({ ...countsOf(kb), ms: Math.round(first.durationMs) }, firstSummary);

  const watcher =
    deps.watch === false
      ? null
      : watchDirectory(dir, {
          debounceMs: settings.reload_debounce,
          onChange: () => {
            void kb.reload().then((report) => {
              if (report.ok && report.changed) log.info({ ...countsOf(kb), ms: Math.round(report.durationMs) }, `re-indexed: ${summary(report)}`);
            });
          },
          onError: (err) => log.warn({ err }, "knowledge base: watching the directory failed; retrying"),
        });

  return {
    ...kb,
    summary: () => firstSummary,
    async stop() {
      watcher?.close();
      await kb.idle();
      await kb.embeddingsSettled();
    },
  };
}

function countsOf(kb: LoadedKnowledgeBase) {
  const m = kb.metrics();
  return { articles: m.articles.total, servable: m.articles.servable, passages: m.passages, errors: m.lint.errors, warnings: m.lint.warnings };
}
