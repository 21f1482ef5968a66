import { createHash } from "node:crypto";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { parseYamlWithSchema } from "../core/config/yaml-validate.js";
import { ConfigError } from "../core/errors.js";
import { ARTICLE_STATUSES, type ArticleStatus } from "../core/model/index.js";
import { parseSimpleFrontMatter } from "./front-matter-fast.js";

/**
 * One knowledge-base article: a Markdown file whose front matter (YAML
 * between `---` lines) carries the governance metadata. Parsing is strict:
 * an unknown key is an error (a typo such as `expires:` would otherwise
 * silently leave an article without expiry).
 */

/** "2026-12-01" (00:00 UTC that day) or a full ISO timestamp with offset ("2026-12-01T09:00:00+01:00"). */
const dateSchema = z.union([z.string(), z.date()]).transform((v, ctx) => {
  if (v instanceof Date) return v;
  const s = v.trim();
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(s) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s);
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  if (!ok || Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: `expected a date such as 2026-12-31 or 2026-12-31T18:00:00+01:00, got "${s}"` });
    return z.NEVER;
  }
  return d;
});

export const frontMatterSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "expected a lower-case id such as shipping-times (letters, digits, - and _)"),
    title: z.string().trim().min(1),
    status: z.enum(ARTICLE_STATUSES),
    locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "expected a locale such as en or de-AT"),
    scenarios: z.array(z.string()).default([]),
    owner: z.string().trim().min(1),
    valid_from: dateSchema.optional(),
    expires_at: dateSchema.optional(),
    review_by: dateSchema.optional(),
    audience: z.enum(["customer", "internal"]).default("customer"),
  })
  .superRefine((fm, ctx) => {
    if (fm.valid_from && fm.expires_at && fm.expires_at.getTime() <= fm.valid_from.getTime()) {
      ctx.addIssue({ code: "custom", path: ["expires_at"], message: "must be later than valid_from" });
    }
  });

export type FrontMatter = z.output<typeof frontMatterSchema>;

export interface Article {
  id: string;
  title: string;
  status: ArticleStatus;
  locale: string;
  scenarios: string[];
  owner: string;
  /** Served from this instant on (inclusive); null: always. */
  validFrom: Date | null;
  /** Not served from this instant on (exclusive end of validity); null: never expires. */
  expiresAt: Date | null;
  reviewBy: Date | null;
  audience: "customer" | "internal";
  /** Markdown body (after the front matter). */
  body: string;
  /** 1-based line of the body's first line in the file. */
  bodyLine: number;
  /** The whole file text, as stored in versions. */
  source: string;
  /** Path relative to the knowledge directory, "/"-separated. */
  file: string;
  /** sha256 of the canonical content: front matter values (key order and comments do not matter) and the body. */
  contentHash: string;
  /** 1-based line of each front-matter key and of each scenario tag (for lint messages). */
  lines: { keys: Record<string, number>; scenarios: number[] };
}

export interface ArticleProblem {
  file: string;
  line: number;
  message: string;
}

export type ParseResult = { ok: true; article: Article } | { ok: false; problems: ArticleProblem[] };

const FENCE = /^---\s*$/;

/** Parses one article file; never throws on bad content (problems are returned with file and line). */
export function parseArticle(text: string, file: string): ParseResult {
  const source = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = source.split("\n");
  if (!FENCE.test(lines[0] ?? "")) {
    return { ok: false, problems: [{ file, line: 1, message: "front matter missing: the file must start with a line `---`" }] };
  }
  const end = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (end < 0) return { ok: false, problems: [{ file, line: 1, message: "front matter not closed: add a line `---` after it" }] };
  const yamlText = lines.slice(1, end).join("\n");
  const { parsed: quick, lines: keyAt } = readFrontMatter(yamlText);
  if (!quick?.success) {
    // Invalid: the shared validator produces the file:line messages config errors use everywhere.
    try {
      parseYamlWithSchema(yamlText, file, frontMatterSchema);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return {
        ok: false,
        problems: e.problems.map((p) => ({ file, line: Math.max(p.line, 1) + 1, message: `front matter ${p.key || "(root)"}: ${p.message}` })),
      };
    }
    return { ok: false, problems: [{ file, line: 2, message: "front matter: invalid" }] };
  }
  const fm: FrontMatter = quick.data;
  const body = lines.slice(end + 1).join("\n");
  return {
    ok: true,
    article: {
      id: fm.id,
      title: fm.title,
      status: fm.status,
      locale: fm.locale,
      scenarios: fm.scenarios,
      owner: fm.owner,
      validFrom: fm.valid_from ?? null,
      expiresAt: fm.expires_at ?? null,
      reviewBy: fm.review_by ?? null,
      audience: fm.audience,
      body,
      bodyLine: end + 2,
      source,
      file,
      contentHash: contentHash(fm, body),
      lines: keyAt,
    },
  };
}

/**
 * Validates front matter, taking the fast path for the simple YAML nearly every article uses and the YAML
 * library for anything else; `parsed` is null when the YAML itself is broken.
 */
function readFrontMatter(yamlText: string): { parsed: ReturnType<typeof frontMatterSchema.safeParse> | null; lines: Article["lines"] } {
  const fast = parseSimpleFrontMatter(yamlText);
  if (fast) {
    return {
      parsed: frontMatterSchema.safeParse(fast.data),
      lines: {
        keys: Object.fromEntries(Object.entries(fast.keyLines).map(([k, l]) => [k, l + 1])),
        scenarios: (fast.itemLines.scenarios ?? []).map((l) => l + 1),
      },
    };
  }
  const lc = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lc, uniqueKeys: true });
  return { parsed: doc.errors.length === 0 ? safeParseDocument(doc) : null, lines: keyLines(doc, lc) };
}

/** Null when the document cannot become data (an unresolved alias, an alias bomb): reported like a syntax error. */
function safeParseDocument(doc: Document): ReturnType<typeof frontMatterSchema.safeParse> | null {
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return null;
  }
  return frontMatterSchema.safeParse(data ?? {});
}

function contentHash(fm: FrontMatter, body: string): string {
  const meta = Object.entries(fm)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalBody = body
    .replace(/[ \t]+$/gm, "")
    .replace(/^\n+/, "")
    .replace(/\n+$/, "");
  return createHash("sha256").update(JSON.stringify(meta)).update("\n").update(canonicalBody).digest("hex");
}

/** Lines (in the file, so +1 for the opening `---`) of each top-level key and each scenario tag. */
function keyLines(doc: Document, lc: LineCounter): Article["lines"] {
  const keys: Record<string, number> = {};
  const scenarios: number[] = [];
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
      const key = String(pair.key.value);
      keys[key] = lc.linePos(pair.key.range[0]).line + 1;
      if (key === "scenarios" && isSeq(pair.value)) {
        for (const item of pair.value.items) {
          const range = (item as { range?: [number, number, number] }).range;
          scenarios.push(range ? lc.linePos(range[0]).line + 1 : keys[key]);
        }
      }
    }
  }
  return { keys, scenarios };
}
