import { z } from "zod";
import type { KnowledgeBase } from "../contract.js";

/**
 * Retrieval evaluation (`threadline eval retrieval`): how often the knowledge
 * base ranks the article that answers a question first, and how high.
 *
 * Judged per ARTICLE, not per passage: a customer is helped when the answer
 * comes from the right article, and operators label questions with article
 * ids (stable) rather than section slugs (change with every heading edit).
 * Passages of the same article count once, at the rank of the first one.
 */
export const retrievalQuerySchema = z
  .object({
    query: z.string().trim().min(1),
    /** Id of the article that answers (or several that all do). */
    article: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** Only articles in this language, as the hub would search for a customer writing in it. */
    locale: z.string().min(2).optional(),
    /** Narrow to these scenario tags, as the AI core does for a detected intent. */
    scenario: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  })
  .strict();

export interface RetrievalQuery {
  query: string;
  articles: string[];
  locale?: string;
  scenario?: string[];
  /** 1-based line in the queries file. */
  line: number;
}

export class QueriesFileError extends Error {}

/** One JSON object per line; blank lines and lines starting with `#` or `//` are skipped. Errors name the line. */
export function parseRetrievalQueries(text: string, file: string): RetrievalQuery[] {
  const out: RetrievalQuery[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("//")) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      throw new QueriesFileError(`${file}:${i + 1}: not valid JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
    }
    const parsed = retrievalQuerySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new QueriesFileError(`${file}:${i + 1}: ${issue.path.join(".") || "line"}: ${issue.message} (expected {"query": "...", "article": "article-id"})`);
    }
    const q = parsed.data;
    out.push({
      query: q.query,
      articles: typeof q.article === "string" ? [q.article] : q.article,
      line: i + 1,
      ...(q.locale ? { locale: q.locale } : {}),
      ...(q.scenario ? { scenario: typeof q.scenario === "string" ? [q.scenario] : q.scenario } : {}),
    });
  });
  if (out.length === 0) throw new QueriesFileError(`${file}: no queries (one JSON object per line)`);
  return out;
}

export interface RetrievalMiss {
  line: number;
  query: string;
  expected: string[];
  /** Articles ranked above the expected one (top 3), or all top 3 when it was not in the top 10. */
  got: string[];
  /** 1-based rank of the expected article, null when not in the top 10. */
  rank: number | null;
}

export interface RetrievalReport {
  queries: number;
  /** Share of queries whose first-ranked article answers them. */
  precisionAt1: number;
  /** Mean reciprocal rank of the answering article within the first 10 articles (0 when not among them). */
  mrrAt10: number;
  /** Share of queries whose answering article is among the first 5 articles. */
  recallAt5: number;
  /** Queries whose answer was not ranked first. */
  misses: RetrievalMiss[];
  /** Expected article ids that no query could ever retrieve (unknown, draft, expired or internal). */
  unknownArticles: string[];
}

/** Passages fetched per query: enough to fill 10 distinct articles on knowledge bases with many sections per article. */
const PASSAGES_PER_QUERY = 60;

export async function evaluateRetrieval(
  kb: KnowledgeBase,
  queries: readonly RetrievalQuery[],
  options: { servable?: ReadonlySet<string> } = {},
): Promise<RetrievalReport> {
  let p1 = 0;
  let rr = 0;
  let r5 = 0;
  const misses: RetrievalMiss[] = [];
  for (const q of queries) {
    const hits = await kb.search(q.query, { limit: PASSAGES_PER_QUERY, locale: q.locale, scenario: q.scenario });
    const ranked = [...new Set(hits.map((h) => h.articleId))].slice(0, 10);
    const index = ranked.findIndex((a) => q.articles.includes(a));
    const rank = index < 0 ? null : index + 1;
    if (rank === 1) p1++;
    if (rank !== null) rr += 1 / rank;
    if (rank !== null && rank <= 5) r5++;
    if (rank !== 1) misses.push({ line: q.line, query: q.query, expected: q.articles, got: ranked.slice(0, rank === null ? 3 : Math.min(3, rank - 1)), rank });
  }
  const n = Math.max(1, queries.length);
  const unknownArticles = options.servable ? [...new Set(queries.flatMap((q) => q.articles))].filter((a) => !options.servable!.has(a)).sort() : [];
  return { queries: queries.length, precisionAt1: p1 / n, mrrAt10: rr / n, recallAt5: r5 / n, misses, unknownArticles };
}

/** The report as a short table for people. */
export function formatRetrievalReport(r: RetrievalReport, options: { misses?: number } = {}): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [`queries     ${r.queries}`, `P@1         ${pct(r.precisionAt1)}`, `MRR@10      ${pct(r.mrrAt10)}`, `recall@5    ${pct(r.recallAt5)}`];
  if (r.unknownArticles.length > 0) {
    lines.push(
      `warning: no servable article with id ${r.unknownArticles.map((a) => `"${a}"`).join(", ")} (unknown, draft, expired or internal): its queries always miss`,
    );
  }
  const shown = r.misses.slice(0, options.misses ?? 15);
  if (shown.length > 0) {
    lines.push("", `not ranked first (${r.misses.length}${shown.length < r.misses.length ? `, first ${shown.length} shown` : ""}):`);
    for (const m of shown) {
      lines.push(`  line ${m.line}: ${JSON.stringify(m.query)} → expected ${m.expected.join("|")} at ${m.rank ?? ">10"}, got ${m.got.join(", ") || "nothing"}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
