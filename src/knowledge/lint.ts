import type { Article, ArticleProblem, ParseResult } from "./article.js";
import { expiryReport } from "./expiry.js";
import { findForbidden, type GuardRules } from "./guard.js";
import { languageOf } from "./text/analyzer.js";

/**
 * Lint rules of the knowledge base. Errors make `threadline kb lint` exit 1;
 * warnings are printed but pass, so a shipped set can carry a deliberately
 * soon-expiring article. Content errors (everything except
 * `expired-published`, a time rule) also withhold the file from serving: the
 * hub keeps serving the file's last good version instead.
 */
export type LintRule =
  | "front-matter"
  | "duplicate-id"
  | "unknown-scenario"
  | "unknown-locale"
  | "forbidden-phrase"
  | "empty-article"
  | "expired-published"
  | "expiring-soon"
  | "review-due"
  | "no-review-date";

export interface LintProblem {
  file: string;
  line: number;
  severity: "error" | "warning";
  rule: LintRule;
  message: string;
}

export interface LintSettings {
  /** Known scenario tags (config `knowledge.scenarios`, plus intent names when the AI core supplies them). */
  scenarios: readonly string[];
  /** Configured locales; an article's locale must be one of them or share its language. */
  locales: readonly string[];
  forbidden: GuardRules;
  expiryWarningMs: number;
  now: Date;
}

export interface ParsedFile {
  file: string;
  result: ParseResult;
  /** Number of passages the article splits into (0: nothing to answer from). */
  passages?: number;
}

export interface LintOutcome {
  problems: LintProblem[];
  /** Files whose content has an error: not served (their last good version is, if any). */
  withheld: Set<string>;
}

const lineAt = (source: string, index: number) => source.slice(0, index).split("\n").length;

export function lintKnowledge(files: readonly ParsedFile[], settings: LintSettings): LintOutcome {
  const problems: LintProblem[] = [];
  const withheld = new Set<string>();
  const error = (p: Omit<LintProblem, "severity">) => {
    problems.push({ ...p, severity: "error" });
    if (p.rule !== "expired-published") withheld.add(p.file);
  };
  const warn = (p: Omit<LintProblem, "severity">) => problems.push({ ...p, severity: "warning" });

  const articles: { article: Article; passages: number | undefined }[] = [];
  for (const f of files) {
    if (f.result.ok) articles.push({ article: f.result.article, passages: f.passages });
    else for (const p of f.result.problems) error(frontMatterProblem(p));
  }

  const byId = new Map<string, Article[]>();
  for (const { article } of articles) byId.set(article.id, [...(byId.get(article.id) ?? []), article]);
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    for (const a of same) {
      const others = same
        .filter((o) => o !== a)
        .map((o) => `${o.file}:${o.lines.keys.id ?? 1}`)
        .join(", ");
      error({ file: a.file, line: a.lines.keys.id ?? 1, rule: "duplicate-id", message: `duplicate id "${id}" (also in ${others})` });
    }
  }

  const known = new Set(settings.scenarios);
  const languages = new Set(settings.locales.map(languageOf));
  for (const { article: a, passages } of articles) {
    a.scenarios.forEach((tag, i) => {
      if (!known.has(tag)) {
        error({
          file: a.file,
          line: a.lines.scenarios[i] ?? a.lines.keys.scenarios ?? 1,
          rule: "unknown-scenario",
          message: `unknown scenario tag "${tag}" (known: ${[...known].join(", ") || "none configured in knowledge.scenarios"})`,
        });
      }
    });
    if (!settings.locales.includes(a.locale) && !languages.has(languageOf(a.locale))) {
      error({
        file: a.file,
        line: a.lines.keys.locale ?? 1,
        rule: "unknown-locale",
        message: `locale "${a.locale}" is not in knowledge.locales (${settings.locales.join(", ")})`,
      });
    }
    for (const hit of findForbidden(a.source, settings.forbidden, "articles")) {
      error({
        file: a.file,
        line: lineAt(a.source, hit.index),
        rule: "forbidden-phrase",
        message: `forbidden phrasing "${hit.match}" (${hit.rule}): ${hit.reason}`,
      });
    }
    if (a.status === "published" && passages === 0) {
      warn({ file: a.file, line: a.bodyLine, rule: "empty-article", message: "published but has no text to answer from" });
    }
    if (a.status === "published" && !a.expiresAt && !a.reviewBy) {
      warn({ file: a.file, line: 1, rule: "no-review-date", message: "published without expires_at or review_by: nobody will be reminded to check it" });
    }
  }

  const day = (d: Date) => d.toISOString().slice(0, 10);
  for (const e of expiryReport(
    articles.map((x) => x.article),
    settings.now,
    settings.expiryWarningMs,
  )) {
    const a = articles.find((x) => x.article.file === e.file)!.article;
    if (e.kind === "expired") {
      error({
        file: a.file,
        line: a.lines.keys.expires_at ?? 1,
        rule: "expired-published",
        message: `expired on ${day(e.at)} but still published: set status: archived or move expires_at`,
      });
    } else if (e.kind === "expiring") {
      warn({
        file: a.file,
        line: a.lines.keys.expires_at ?? 1,
        rule: "expiring-soon",
        message: `expires on ${day(e.at)} (in ${e.days} day${e.days === 1 ? "" : "s"}); owner: ${a.owner}`,
      });
    } else {
      const overdue = e.at.getTime() <= settings.now.getTime();
      warn({
        file: a.file,
        line: a.lines.keys.review_by ?? 1,
        rule: "review-due",
        message: `${overdue ? "review overdue since" : "review due by"} ${day(e.at)}; owner: ${a.owner}`,
      });
    }
  }
  problems.sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line);
  return { problems, withheld };
}

function frontMatterProblem(p: ArticleProblem): Omit<LintProblem, "severity"> {
  return { file: p.file, line: p.line, rule: "front-matter", message: p.message };
}

/** `file:line: severity: message [rule]`, the format editors and CI annotate from. */
export function formatLintProblem(p: LintProblem): string {
  return `${p.file}:${p.line}: ${p.severity}: ${p.message} [${p.rule}]`;
}
