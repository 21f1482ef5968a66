import type { Command } from "commander";
import { relative, resolve } from "node:path";
import { openConfiguredStore } from "../../app/open-store.js";
import { systemClock, type Clock } from "../../core/clock.js";
import type { LoadedConfig } from "../../core/config/load.js";
import { silentLogger } from "../../core/logger.js";
import type { Store } from "../../core/store/port.js";
import {
  compileForbiddenRules,
  createKnowledgeBase,
  describeExpiry,
  expiryReport,
  formatLintProblem,
  importContent,
  lintDirectory,
  lintSettingsFrom,
} from "../../knowledge/index.js";
import { loadConfigOrReport } from "../config-path.js";
import type { CliIo } from "../io.js";

interface CommonOptions {
  config?: string;
  dir?: string;
  at?: string;
  json?: boolean;
}

/**
 * `threadline kb …`: lint, search, version history and import for the
 * knowledge base. `lint` never touches the store (CI-friendly); `search`,
 * `sync`, `history` and `show` use the configured store, and `search` and
 * `sync` record a new version for every article whose content changed, as the
 * hub does at start-up.
 */
export function registerKbCommand(program: Command, io: CliIo): void {
  const kb = program.command("kb").description("Knowledge base: lint, search, versions, import (articles in config/knowledge)");
  const common = (c: Command) => c.option("-c, --config <file>", "config file").option("--dir <dir>", "knowledge directory (default: knowledge.dir)");

  common(kb.command("lint"))
    .description("Check every article; exit 1 on any error, printing file:line: problem (warnings do not fail)")
    .option("--at <date>", "evaluate expiry at this date instead of now (ISO 8601)")
    .option("--json", "print one JSON object")
    .action(async (opts: CommonOptions) => {
      const ctx = context(opts, io);
      if (!ctx) return fail();
      const result = await lintDirectory(ctx.dir, lintSettingsFrom(ctx.config.config.knowledge, ctx.clock.now()));
      const problems = result.problems.map((p) => ({ ...p, file: ctx.show(p.file) }));
      const errors = problems.filter((p) => p.severity === "error").length;
      const warnings = problems.length - errors;
      if (opts.json) io.stdout(`${JSON.stringify({ files: result.files, errors, warnings, problems }, null, 2)}\n`);
      else {
        if (result.missingDir) io.stderr(`${ctx.show(".")}: the knowledge directory does not exist\n`);
        for (const p of problems) (p.severity === "error" ? io.stderr : io.stdout)(`${formatLintProblem(p)}\n`);
        io.stdout(
          `${result.files} article file${result.files === 1 ? "" : "s"} checked: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}\n`,
        );
      }
      process.exitCode = errors > 0 || result.missingDir ? 1 : 0;
    });

  common(kb.command("search"))
    .description("Rank passages for a query (only published, unexpired articles), with article id, version and score")
    .argument("<query>", "what a customer would ask")
    .option("--scenario <tag...>", "only articles tagged with this scenario")
    .option("--locale <locale>", "only articles in this language")
    .option("--limit <n>", "passages to show", (v) => Number.parseInt(v, 10))
    .option("--internal", "include internal (agent-only) articles")
    .option("--at <date>", "search as of this date (ISO 8601)")
    .option("--json", "print JSON")
    .action(async (query: string, opts: CommonOptions & { scenario?: string[]; locale?: string; limit?: number; internal?: boolean }) => {
      const ctx = context(opts, io);
      if (!ctx) return fail();
      await withStore(ctx, async (store) => {
        const base = createKnowledgeBase({
          settings: ctx.config.config.knowledge,
          dir: ctx.dir,
          store,
          clock: ctx.clock,
          logger: silentLogger(),
          rootDir: io.cwd,
        });
        const loaded = await base.reload();
        if (!loaded.ok) throw loaded.error;
        const hits = await base.search(query, {
          scenario: opts.scenario,
          locale: opts.locale,
          limit: opts.limit,
          audience: opts.internal ? "internal" : "customer",
        });
        if (opts.json)
          return io.stdout(
            `${JSON.stringify(
              hits.map((h) => ({ ...h, file: ctx.show(h.file) })),
              null,
              2,
            )}\n`,
          );
        if (hits.length === 0) io.stdout("no passage matches (drafts, archived, expired and not-yet-valid articles never answer)\n");
        hits.forEach((h, i) => {
          io.stdout(`${i + 1}. ${h.articleId}@${h.version}  score ${h.score.toFixed(3)}  ${[h.title, ...h.headings].join(" › ")}\n`);
          io.stdout(`   ${ctx.show(h.file)}:${h.line}  [${h.scenarios.join(", ")}]\n`);
          io.stdout(`   ${clip(h.text, 240).replace(/\n+/g, " ")}\n`);
        });
      });
    });

  common(kb.command("sync"))
    .description("Record a new version of every article whose content changed (the hub does this at start and on reload)")
    .action(async (opts: CommonOptions) => {
      const ctx = context(opts, io);
      if (!ctx) return fail();
      await withStore(ctx, async (store) => {
        const loaded = await createKnowledgeBase({
          settings: ctx.config.config.knowledge,
          dir: ctx.dir,
          store,
          clock: ctx.clock,
          logger: silentLogger(),
          rootDir: io.cwd,
        }).reload();
        if (!loaded.ok) throw loaded.error;
        for (const v of loaded.created) io.stdout(`${v.articleId}@${v.version}  ${v.author}  ${ctx.show(v.file)}\n`);
        io.stdout(`${loaded.created.length} new version${loaded.created.length === 1 ? "" : "s"} recorded\n`);
      });
    });

  common(kb.command("history"))
    .description("List the recorded versions of an article")
    .argument("<id>", "article id")
    .option("--json", "print JSON (includes each version's diff)")
    .action(async (id: string, opts: CommonOptions) => {
      const ctx = context(opts, io);
      if (!ctx) return fail();
      await withStore(ctx, async (store) => {
        const versions = await store.listArticleVersions(id);
        if (versions.length === 0) {
          io.stderr(`no versions of "${id}" recorded (run \`threadline kb sync\` or start the hub)\n`);
          process.exitCode = 1;
          return;
        }
        if (opts.json) return io.stdout(`${JSON.stringify(versions, null, 2)}\n`);
        for (const v of [...versions].reverse()) {
          const changed = v.diff.split("\n").filter((l) => /^[-+](?![-+]{2} )/.test(l)).length;
          io.stdout(
            `${v.articleId}@${v.version}  ${v.createdAt.toISOString()}  ${v.author} (${v.authorSource})  ${v.status}  ${v.contentHash.slice(0, 12)}  ${v.version === 1 ? "created" : `${changed} line${changed === 1 ? "" : "s"} changed`}\n`,
          );
        }
      });
    });

  common(kb.command("show"))
    .description("Print one recorded version: ID@VERSION (or ID for the latest)")
    .argument("<ref>", "article id, optionally @version")
    .option("--diff", "print the diff against the previous version instead of the text")
    .option("--json", "print JSON")
    .action(async (ref: string, opts: CommonOptions & { diff?: boolean }) => {
      const ctx = context(opts, io);
      if (!ctx) return fail();
      const m = /^([^@]+)(?:@(\d+))?$/.exec(ref);
      if (!m) {
        io.stderr(`expected ID or ID@VERSION, got "${ref}"\n`);
        return fail();
      }
      await withStore(ctx, async (store) => {
        const version = m[2] ? await store.getArticleVersion(m[1]!, Number(m[2])) : ((await store.listArticleVersions(m[1]!)).at(-1) ?? null);
        if (!version) {
          io.stderr(`${ref}: no such version recorded\n`);
          process.exitCode = 1;
          return;
        }
        if (opts.json) return io.stdout(`${JSON.stringify(version, null, 2)}\n`);
        io.stdout(
          `# ${version.articleId}@${version.version} — ${version.title}\n# ${version.createdAt.toISOString()} by ${version.author} (${version.authorSource}), ${version.file}, sha256 ${version.contentHash}\n`,
        );
        io.stdout(opts.diff ? version.diff || "(first version: no diff)\n" : version.content.endsWith("\n") ? version.content : `${version.content}\n`);
      });
    });

  common(kb.command("expiring"))
    .description("List published articles that are expired, expiring or due for review within knowledge.expiry_warning")
    .option("--at <date>", "as of this date (ISO 8601)")
    .option("--json", "print JSON")
    .action(async (opts: CommonOptions) => {
      const ctx = context(opts, io);
      if (!ctx) return fail();
      const settings = ctx.config.config.knowledge;
      const { articles } = await lintDirectory(ctx.dir, lintSettingsFrom(settings, ctx.clock.now()));
      const entries = expiryReport(articles, ctx.clock.now(), settings.expiry_warning).map((e) => ({ ...e, file: ctx.show(e.file) }));
      if (opts.json) return io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
      if (entries.length === 0) io.stdout("nothing expires or needs review soon\n");
      for (const e of entries) io.stdout(`${e.file}: ${e.articleId} ${describeExpiry(e)} — owner: ${e.owner}\n`);
    });

  kb.command("import")
    .description("Import help-centre content (Markdown, HTML pages, CSV of question/answer) as draft articles")
    .argument("<paths...>", "files or directories")
    .option("-c, --config <file>", "config file")
    .option("--dir <dir>", "knowledge directory to write into (default: knowledge.dir); files go to its imported/ folder")
    .option("--owner <name>", "owner of the imported articles", "unassigned")
    .option("--locale <locale>", "locale of the imported articles (default: hub.default_locale)")
    .option("--dry-run", "only report what would be written")
    .option("--no-progress", "no progress bar")
    .option("--json", "print JSON")
    .action(async (paths: string[], opts: CommonOptions & { owner: string; locale?: string; dryRun?: boolean; progress: boolean }) => {
      const ctx = context(opts, io);
      if (!ctx) return fail();
      const settings = ctx.config.config.knowledge;
      let drawn = -1;
      const result = await importContent(
        paths.map((p) => resolve(io.cwd, p)),
        io.cwd,
        {
          outDir: ctx.dir,
          owner: opts.owner,
          locale: opts.locale ?? ctx.config.config.hub.default_locale,
          scenarios: settings.scenarios,
          forbidden: compileForbiddenRules(settings.forbidden),
          dryRun: opts.dryRun,
          progress:
            opts.progress && !opts.json
              ? (done, total) => {
                  if (total < 20) return;
                  const width = 30;
                  const filled = Math.round((done / total) * width);
                  if (filled === drawn && done !== total) return;
                  drawn = filled;
                  io.stderr(`\rimporting [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}${done === total ? "\n" : ""}`);
                }
              : undefined,
        },
      );
      if (opts.json) return io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      for (const s of result.skipped) io.stderr(`${s.source}: not imported: ${s.reason}\n`);
      const needs = result.articles.filter((a) => a.review.length > 1);
      io.stdout(
        `${opts.dryRun ? "would import" : "imported"} ${result.articles.length} article${result.articles.length === 1 ? "" : "s"} as drafts into ${ctx.show("imported")}/ (${result.skipped.length} source${result.skipped.length === 1 ? "" : "s"} skipped)\n`,
      );
      if (needs.length > 0) io.stdout(`needs review beyond publishing (${needs.length}):\n`);
      for (const a of needs) io.stdout(`  ${ctx.show(a.file)} (from ${a.source}): ${a.review.slice(1).join("; ")}\n`);
      io.stdout("next: review each draft, set status: published, then run `threadline kb lint`\n");
      process.exitCode = result.skipped.length > 0 && result.articles.length === 0 ? 1 : 0;
    });
}

interface Context {
  config: LoadedConfig;
  dir: string;
  dataDir: string;
  clock: Clock;
  show(file: string): string;
}

function context(opts: CommonOptions, io: CliIo): Context | null {
  const config = loadConfigOrReport(opts.config, io);
  if (!config) return null;
  let clock: Clock = systemClock;
  if (opts.at !== undefined) {
    const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(opts.at) ? `${opts.at}T00:00:00Z` : opts.at);
    if (Number.isNaN(at.getTime())) {
      io.stderr(`--at: expected a date such as 2026-12-01 or 2026-12-01T09:00:00Z, got "${opts.at}"\n`);
      return null;
    }
    clock = { now: () => new Date(at.getTime()) };
  }
  const dir = resolve(io.cwd, opts.dir ?? config.config.knowledge.dir);
  return { config, dir, dataDir: resolve(io.cwd, config.config.hub.data_dir), clock, show: (file) => relative(io.cwd, resolve(dir, file)) || "." };
}

async function withStore(ctx: Context, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await openConfiguredStore(ctx.config.config, ctx.dataDir);
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

function fail(): void {
  process.exitCode = 1;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`;
}
