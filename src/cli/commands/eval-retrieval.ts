import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { systemClock, type Clock } from "../../core/clock.js";
import { silentLogger } from "../../core/logger.js";
import { openSqliteStore } from "../../core/store/sqlite/sqlite-store.js";
import { createKnowledgeBase, isServable } from "../../knowledge/index.js";
import { evaluateRetrieval, formatRetrievalReport, parseRetrievalQueries, QueriesFileError } from "../../knowledge/retrieval/evaluate.js";
import { loadConfigOrReport } from "../config-path.js";
import type { CliIo } from "../io.js";

interface EvalRetrievalOptions {
  kb: string;
  queries: string;
  config?: string;
  at?: string;
  json?: boolean;
}

/**
 * `threadline eval retrieval --kb DIR --queries FILE.jsonl`: ranks the
 * articles of a knowledge directory for labelled questions and prints P@1,
 * MRR@10 and recall@5, so operators can measure their own knowledge base
 * (and a change to it) before customers do. Search settings (synonyms, typo
 * tolerance, scenario tags) come from the config; nothing is written: article
 * versions are recorded in an in-memory store only.
 */
export function registerEvalRetrievalCommand(program: Command, io: CliIo): void {
  const group = program.commands.find((c) => c.name() === "eval") ?? program.command("eval").description("measure Threadline components on labelled data");
  group
    .command("retrieval")
    .description('measure knowledge-base search on labelled questions (JSONL: {"query": "...", "article": "id"}): P@1, MRR@10, recall@5')
    .requiredOption("--kb <dir>", "knowledge directory (Markdown articles)")
    .requiredOption("--queries <file>", 'JSONL file, one {"query", "article"[, "locale", "scenario"]} object per line')
    .option("-c, --config <file>", "config file whose knowledge settings apply (default: config/threadline.yaml)")
    .option("--at <date>", "search as of this date (ISO 8601): which articles are valid")
    .option("--json", "print one JSON object")
    .action(async (opts: EvalRetrievalOptions) => {
      try {
        process.exitCode = await runEvalRetrieval(opts, io);
      } catch (err) {
        io.stderr(`error: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = err instanceof QueriesFileError ? 2 : 1;
      }
    });
}

async function runEvalRetrieval(opts: EvalRetrievalOptions, io: CliIo): Promise<number> {
  const config = loadConfigOrReport(opts.config, io);
  if (!config) return 2;
  let clock: Clock = systemClock;
  if (opts.at !== undefined) {
    const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(opts.at) ? `${opts.at}T00:00:00Z` : opts.at);
    if (Number.isNaN(at.getTime())) throw new QueriesFileError(`--at: expected a date such as 2026-12-01, got "${opts.at}"`);
    clock = { now: () => new Date(at.getTime()) };
  }
  const file = resolve(io.cwd, opts.queries);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new QueriesFileError(`${opts.queries}: cannot read the queries file`, { cause: e });
  }
  const queries = parseRetrievalQueries(text, opts.queries);
  const store = openSqliteStore({ path: ":memory:" });
  try {
    const kb = createKnowledgeBase({
      settings: config.config.knowledge,
      dir: resolve(io.cwd, opts.kb),
      store,
      clock,
      logger: silentLogger(),
      rootDir: io.cwd,
      git: false,
    });
    const loaded = await kb.reload();
    if (!loaded.ok) throw loaded.error;
    const served = kb.snapshot()?.served ?? [];
    if (served.length === 0) throw new QueriesFileError(`${opts.kb}: no articles found`);
    const servable = new Set(served.filter((s) => isServable(s.article, clock.now()) && s.article.audience === "customer").map((s) => s.article.id));
    const report = await evaluateRetrieval(kb, queries, { servable });
    io.stdout(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatRetrievalReport(report));
    return 0;
  } finally {
    await store.close();
  }
}
