import type { Article } from "./article.js";

/**
 * Splits an article body into passages, the unit of retrieval: one per
 * section (a Markdown heading and the text under it), with long sections cut
 * at paragraph boundaries. Answers quote a passage, not a whole article, so a
 * passage must make sense on its own: it keeps its heading path and the
 * article title as separately boosted fields.
 */
export interface Passage {
  /** `${articleId}#${slug}`, unique within the article (a counter is appended to repeated headings). */
  id: string;
  articleId: string;
  /** Headings from the outermost to this section's; [] for text before the first heading. */
  headings: string[];
  /** The section's Markdown, without its heading line. */
  markdown: string;
  /** Plain text used for indexing and for quoting. */
  text: string;
  /** 1-based line in the file where the section starts. */
  line: number;
}

/** Sections longer than this many words are split at paragraph boundaries. */
const MAX_WORDS = 220;
const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

export function splitPassages(article: Article): Passage[] {
  const lines = article.body.split("\n");
  const sections: { headings: string[]; line: number; body: string[] }[] = [];
  const stack: { level: number; text: string }[] = [];
  let current: { headings: string[]; line: number; body: string[] } = { headings: [], line: article.bodyLine, body: [] };
  let fenced = false;
  lines.forEach((raw, i) => {
    if (/^\s*(```|~~~)/.test(raw)) fenced = !fenced;
    const m = fenced ? null : HEADING.exec(raw);
    if (!m) {
      current.body.push(raw);
      return;
    }
    sections.push(current);
    const level = m[1]!.length;
    while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
    const text = inlineText(m[2]!);
    // A level-1 heading repeating the title is the title, not a section.
    if (!(level === 1 && text.toLowerCase() === article.title.toLowerCase())) stack.push({ level, text });
    current = { headings: stack.map((s) => s.text), line: article.bodyLine + i, body: [] };
  });
  sections.push(current);

  const passages: Passage[] = [];
  const used = new Map<string, number>();
  for (const section of sections) {
    for (const part of paragraphChunks(section.body)) {
      const text = markdownToText(part.join("\n"));
      if (text.trim() === "") continue;
      const base = slug(section.headings[section.headings.length - 1] ?? "intro");
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      passages.push({
        id: `${article.id}#${n === 1 ? base : `${base}-${n}`}`,
        articleId: article.id,
        headings: section.headings,
        markdown: part.join("\n").trim(),
        text,
        line: section.line,
      });
    }
  }
  return passages;
}

function paragraphChunks(body: string[]): string[][] {
  const paragraphs: string[][] = [[]];
  for (const line of body) {
    if (line.trim() === "") paragraphs.push([]);
    else paragraphs[paragraphs.length - 1]!.push(line);
  }
  const out: string[][] = [];
  let cur: string[] = [];
  let count = 0;
  for (const p of paragraphs.filter((p) => p.length > 0)) {
    const n = p.join(" ").split(/\s+/).length;
    if (count > 0 && count + n > MAX_WORDS) {
      out.push(cur);
      cur = [];
      count = 0;
    }
    cur.push(...p, "");
    count += n;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Markdown inline syntax removed: links keep their text, emphasis and code marks go, images keep alt text. */
export function inlineText(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1/g, "$2")
    .trim();
}

export function markdownToText(md: string): string {
  return md
    .split("\n")
    .map((l) =>
      l
        .replace(/^\s*(```|~~~).*$/, "")
        .replace(/^\s*>\s?/, "")
        .replace(/^\s*([-*+]|\d+[.)])\s+/, "")
        .replace(/^\s*\|?(\s*:?-+:?\s*\|)+\s*$/, ""),
    )
    .map((l) => inlineText(l.replace(/\|/g, " ")))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function slug(s: string): string {
  const out = s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/['’]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return out || "section";
}
