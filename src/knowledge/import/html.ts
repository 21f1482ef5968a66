/**
 * Help-centre HTML pages to Markdown: the article's content (the <article>
 * or <main> element, else <body>) with headings, paragraphs, lists, links,
 * emphasis and tables kept, and page chrome (scripts, styles, navigation,
 * header, footer, forms) dropped. Deliberately small: imported articles are
 * drafts that a person reviews, not a faithful rendering.
 */
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", ndash: "–", mdash: "—", hellip: "…", euro: "€", pound: "£", copy: "©", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“" };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const strip = (s: string) => decodeEntities(s.replace(/<[^>]*>/g, "")).replace(/\s+/g, " ").trim();

export function htmlToMarkdown(html: string): { title: string | null; markdown: string } {
  const titleTag = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  let body = html.replace(/<!--[\s\S]*?-->/g, "");
  body = /<article[^>]*>([\s\S]*?)<\/article>/i.exec(body)?.[1] ?? /<main[^>]*>([\s\S]*?)<\/main>/i.exec(body)?.[1]
    ?? /<body[^>]*>([\s\S]*?)<\/body>/i.exec(body)?.[1] ?? body;
  body = body.replace(/<(script|style|nav|header|footer|form|aside|noscript|svg|button)\b[\s\S]*?<\/\1>/gi, "");
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(body)?.[1];
  const title = h1 ? strip(h1) : titleTag ? strip(titleTag) : null;
  if (h1) body = body.replace(/<h1[^>]*>[\s\S]*?<\/h1>/i, "");

  const inline = (s: string) =>
    decodeEntities(
      s
        .replace(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, text: string) => `[${strip(text)}](${href})`)
        .replace(/<(strong|b)\b[^>]*>([\s\S]*?)<\/\1>/gi, (_m, _t, t: string) => `**${strip(t)}**`)
        .replace(/<(em|i)\b[^>]*>([\s\S]*?)<\/\1>/gi, (_m, _t, t: string) => `_${strip(t)}_`)
        .replace(/<code\b[^>]*>([\s\S]*?)<\/code>/gi, (_m, t: string) => `\`${strip(t)}\``)
        .replace(/<br\s*\/?>/gi, "\n")
        .replace(/<[^>]*>/g, ""),
    ).replace(/[ \t]+/g, " ").replace(/ *\n */g, "\n").trim();

  const blocks: string[] = [];
  const re = /<(h[1-6]|p|li|tr|pre|blockquote|dt|dd)\b[^>]*>([\s\S]*?)<\/\1>/gi;
  for (const m of body.matchAll(re)) {
    const tag = m[1]!.toLowerCase();
    const inner = m[2]!;
    if (tag[0] === "h") blocks.push(`${"#".repeat(Math.max(2, Number(tag[1])))} ${strip(inner)}`);
    else if (tag === "li") blocks.push(`- ${inline(inner)}`);
    else if (tag === "tr") blocks.push(`| ${[...inner.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/gi)].map((c) => strip(c[1]!)).join(" | ")} |`);
    else if (tag === "pre") blocks.push(`\`\`\`\n${decodeEntities(inner.replace(/<[^>]*>/g, ""))}\n\`\`\``);
    else if (tag === "blockquote") blocks.push(`> ${inline(inner)}`);
    else if (!/<(p|li|tr)\b/i.test(inner)) blocks.push(inline(inner));
  }
  if (blocks.length === 0) {
    const text = strip(body);
    if (text) blocks.push(text);
  }
  // Consecutive list items and table rows stay together; other blocks are separated by a blank line.
  const md = blocks.filter((b) => b.trim() !== "" && b.trim() !== "-").reduce((acc, b, i, all) => {
    const prev = all[i - 1];
    const tight = prev !== undefined && ((b.startsWith("- ") && prev.startsWith("- ")) || (b.startsWith("|") && prev.startsWith("|")));
    const header = b.startsWith("|") && !prev?.startsWith("|") ? `\n${b.replace(/[^|]+/g, " --- ").trim()}` : "";
    return acc + (i === 0 ? "" : tight ? "\n" : "\n\n") + b + header;
  }, "");
  return { title, markdown: md };
}
