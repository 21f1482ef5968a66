/**
 * Help-centre HTML pages to Markdown: the article's content (the <article>
 * or <main> element, else <body>) with headings, paragraphs, nested lists,
 * links, emphasis and tables kept, and page chrome (scripts, styles,
 * navigation, header, footer, forms) dropped. Imported articles are drafts a
 * person reviews, but nothing the page said may be lost on the way.
 *
 * Parsing is linkedom (a real HTML parser: every named entity, unclosed tags,
 * text directly inside <div>), conversion turndown with the GFM tables plugin.
 * The hand-written regex converter this replaces left `&uuml;` raw, flattened
 * nested lists and dropped text inside <div> (issue 18).
 */
import { gfm } from "@joplin/turndown-plugin-gfm";
import { parseHTML } from "linkedom";
import TurndownService from "turndown";

const CHROME = "script, style, nav, header, footer, form, aside, noscript, svg, button, template, iframe";

const turndown = new TurndownService({ headingStyle: "atx", bulletListMarker: "-", codeBlockStyle: "fenced", emDelimiter: "_", strongDelimiter: "**" });
turndown.use(gfm);
// A page's own <h1> is the article title; the sections below it start at "##" (an article's passages are "##" sections).
turndown.addRule("sections-start-at-h2", {
  filter: ["h1"],
  replacement: (content) => `\n\n## ${content.trim()}\n\n`,
});
// Bullets as "- item" (turndown pads the marker to the list's indent width by default).
turndown.addRule("compact-list-items", {
  filter: "li",
  replacement(content, node, options) {
    const parent = node.parentNode as (Node & { nodeName: string; getAttribute?(n: string): string | null }) | null;
    let prefix = `${options.bulletListMarker} `;
    if (parent?.nodeName === "OL") {
      const start = Number(parent.getAttribute?.("start") ?? 1);
      const index = Array.prototype.indexOf.call((parent as unknown as { children: ArrayLike<unknown> }).children, node);
      prefix = `${start + index}. `;
    }
    const body = content
      .replace(/^\n+/, "")
      .replace(/\n+$/, "\n")
      .replace(/\n/gm, `\n${" ".repeat(prefix.length)}`);
    return prefix + body + (node.nextSibling && !/\n$/.test(body) ? "\n" : "");
  },
});

const clean = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();

export function htmlToMarkdown(html: string): { title: string | null; markdown: string } {
  const { document } = parseHTML(/<html[\s>]/i.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`);
  const root = document.querySelector("article") ?? document.querySelector("main") ?? document.body ?? document.documentElement;
  for (const el of Array.from(root.querySelectorAll(CHROME) as ArrayLike<{ remove(): void }>)) el.remove();
  const h1 = root.querySelector("h1");
  const title = clean(h1?.textContent) || clean(document.querySelector("title")?.textContent) || null;
  h1?.remove();
  const markdown = turndown
    .turndown(root.innerHTML)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { title, markdown };
}
