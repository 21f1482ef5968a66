import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { basename, extname, join, relative } from "node:path";
import { stringify } from "yaml";
import { parseArticle } from "../article.js";
import { findForbidden, type GuardRules } from "../guard.js";
import { scanArticleFiles } from "../load.js";
import { slug } from "../passages.js";
import { readQaCsv } from "./csv.js";

/**
 * `threadline kb import`: turns existing help-centre content (Markdown
 * files, HTML pages, a CSV of question/answer pairs) into article files.
 *
 * Everything imported is a `draft`: nothing reaches customers until a
 * person has read it, tagged it and published it. The result lists, per
 * article, what that person must look at (no scenario tags, forbidden
 * phrasing, very short text…). Existing files are never overwritten and ids
 * never collide with articles already in the knowledge directory.
 */
export interface ImportOptions {
  /** Absolute knowledge directory the article files are written to. */
  outDir: string;
  owner: string;
  locale: string;
  /** Known scenario tags: a CSV category or a Markdown tag matching one is kept. */
  scenarios: readonly string[];
  forbidden: GuardRules;
  /** Report progress (items done, total). */
  progress?(done: number, total: number): void;
  /** Only report what would be written. */
  dryRun?: boolean;
}

export interface ImportedArticle {
  id: string;
  title: string;
  /** Written file, relative to `outDir`. */
  file: string;
  /** Where it came from: `file` or `file:line` for a CSV row. */
  source: string;
  review: string[];
}

export interface ImportResult {
  articles: ImportedArticle[];
  /** Sources that could not be imported, with why. */
  skipped: { source: string; reason: string }[];
}

interface Draft {
  title: string;
  body: string;
  scenarios: string[];
  source: string;
}

const SOURCE = /\.(md|markdown|html?|csv)$/i;

async function collect(path: string): Promise<string[]> {
  const info = await stat(path);
  if (info.isFile()) return [path];
  const out: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await collect(full)));
    else if (SOURCE.test(entry.name)) out.push(full);
  }
  return out.sort();
}

async function toDrafts(file: string, text: string, shown: string, options: ImportOptions): Promise<Draft[]> {
  const ext = extname(file).toLowerCase();
  const name = basename(file, extname(file)).replace(/[-_]+/g, " ");
  const known = (tag: string | null | undefined) => {
    const s = tag ? slug(tag).replace(/-/g, "_") : "";
    return options.scenarios.find((t) => t === s || t === s.replace(/s$/, "") || `${t}s` === s);
  };
  if (ext === ".csv") {
    return readQaCsv(text, shown).map((row) => ({
      title: row.question || `Untitled question (${shown}:${row.line})`,
      body: row.answer,
      scenarios: [known(row.category)].filter((t): t is string => t !== undefined),
      source: `${shown}:${row.line}`,
    }));
  }
  if (ext === ".html" || ext === ".htm") {
    // linkedom + turndown load only for HTML (about 0.2 s of every CLI start otherwise).
    const { htmlToMarkdown } = await import("./html.js");
    const { title, markdown } = htmlToMarkdown(text);
    return [{ title: title ?? name, body: markdown, scenarios: [], source: shown }];
  }
  const parsed = parseArticle(text, shown);
  if (parsed.ok) {
    return [{ title: parsed.article.title, body: parsed.article.body.trim(), scenarios: parsed.article.scenarios.filter((t) => known(t)), source: shown }];
  }
  // No (valid) front matter: drop whatever is there and take the title from the first heading.
  const body = text.replace(/^\uFEFF/, "").replace(/^---\n[\s\S]*?\n---\n/, "");
  const heading = /^#\s+(.+)$/m.exec(body);
  return [{ title: heading?.[1]?.trim() ?? name, body: (heading ? body.replace(heading[0], "") : body).trim(), scenarios: [], source: shown }];
}

export async function importContent(paths: readonly string[], cwd: string, options: ImportOptions): Promise<ImportResult> {
  const files = (await Promise.all(paths.map((p) => collect(p)))).flat();
  const skipped: ImportResult["skipped"] = [];
  const drafts: Draft[] = [];
  for (const file of files) {
    const shown = relative(cwd, file) || file;
    try {
      drafts.push(...(await toDrafts(file, await readFile(file, "utf8"), shown, options)));
    } catch (e) {
      skipped.push({ source: shown, reason: (e as Error).message });
    }
  }

  const taken = new Set<string>();
  for (const existing of (await scanArticleFiles(options.outDir)) ?? []) {
    const parsed = parseArticle(await readFile(join(options.outDir, existing), "utf8"), existing);
    if (parsed.ok) taken.add(parsed.article.id);
    taken.add(basename(existing, extname(existing)));
  }
  const articles: ImportedArticle[] = [];
  if (!options.dryRun) await mkdir(join(options.outDir, "imported"), { recursive: true });
  let done = 0;
  for (const draft of drafts) {
    const base = slug(draft.title).slice(0, 60).replace(/-+$/, "") || "article";
    let id = base;
    for (let n = 2; taken.has(id) || existsSync(join(options.outDir, "imported", `${id}.md`)); n++) id = `${base}-${n}`;
    taken.add(id);
    const file = `imported/${id}.md`;
    const front = stringify(
      { id, title: draft.title, status: "draft", locale: options.locale, scenarios: draft.scenarios, owner: options.owner },
      { lineWidth: 0, flowCollectionPadding: false },
    );
    const content = `---\n${front}---\n\n${draft.body.trim()}\n`;
    const review = ["draft: read it, then set status: published"];
    if (draft.scenarios.length === 0) review.push("no scenario tags: add the scenarios it answers");
    if (draft.body.trim().split(/\s+/).filter(Boolean).length < 8) review.push("very short: check nothing was lost in the import");
    for (const hit of findForbidden(content, options.forbidden, "articles")) review.push(`forbidden phrasing "${hit.match}": ${hit.reason}`);
    if (/\]\((https?:)?\/\/[^)]*(help|support|faq|zendesk|intercom)/i.test(draft.body)) review.push("links to the old help centre: update or remove them");
    if (!options.dryRun) await writeFile(join(options.outDir, file), content, { flag: "wx" });
    articles.push({ id, title: draft.title, file, source: draft.source, review });
    options.progress?.(++done, drafts.length);
  }
  return { articles, skipped };
}
