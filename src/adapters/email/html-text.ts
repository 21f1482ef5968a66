/**
 * HTML mail → plain text that keeps the quote structure, for mails without
 * a text/plain part. Quote containers become "> " lines, so the reply
 * splitter (quotes.ts) treats them like the quotes of a plain-text client:
 * Apple Mail and Thunderbird's `<blockquote type="cite">`, Gmail's
 * `div.gmail_quote` / `blockquote.gmail_quote`, Yahoo's `div.yahoo_quoted`
 * blockquotes. Outlook quotes without any container (`#appendonsend`,
 * `#divRplyFwdMsg` above a "From:/Sent:" block): a separator line is put
 * there, which the splitter cuts at (or keeps, in a forward).
 * Parsing is linkedom (a real HTML parser: entities, unclosed tags).
 */
import { parseHTML } from "linkedom";

/** The separator line put where Outlook starts its quoted original. */
export const OUTLOOK_CUT = "-----Original Message-----";

const BLOCK = new Set([
  "address",
  "article",
  "aside",
  "center",
  "dd",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "tr",
  "ul",
]);
const SKIP = new Set(["script", "style", "head", "title", "meta", "link", "template", "noscript", "xml"]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

function isOutlookCut(el: DomNode): boolean {
  const id = el.getAttribute?.("id") ?? "";
  return /^(?:x_)?(?:appendonsend|divRplyFwdMsg)$/i.test(id);
}

interface RenderState {
  out: string[];
  line: string;
  cut: boolean;
  pre: boolean;
}

/** Ends the current line (a block boundary); blank lines are kept only where asked for. */
function breakLine(state: RenderState, force = false): void {
  const text = state.pre ? state.line : state.line.replace(/[ \t]+/g, " ").trim();
  if (text !== "" || force) state.out.push(text);
  state.line = "";
}

/** Renders one node's children into `state.out`, one string per line. */
function render(node: DomNode, state: RenderState): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      const text = child.textContent ?? "";
      if (!state.pre) {
        state.line += text.replace(/\s+/g, " ");
        continue;
      }
      const parts = text.split("\n");
      state.line += parts[0];
      for (const p of parts.slice(1)) {
        breakLine(state, true);
        state.line = p;
      }
      continue;
    }
    if (child.nodeType !== 1) continue;
    const tag = child.nodeName.toLowerCase();
    if (SKIP.has(tag)) continue;
    if (tag === "br") {
      breakLine(state, true);
      continue;
    }
    if (isOutlookCut(child) && !state.cut) {
      breakLine(state);
      state.cut = true;
      state.out.push("", OUTLOOK_CUT);
    }
    if (tag === "hr") {
      breakLine(state);
      state.out.push("________________________________");
      continue;
    }
    if (tag === "blockquote") {
      breakLine(state);
      const inner: RenderState = { out: [], line: "", cut: state.cut, pre: state.pre };
      render(child, inner);
      breakLine(inner);
      while (inner.out.length > 0 && inner.out.at(-1)!.trim() === "") inner.out.pop();
      while (inner.out.length > 0 && inner.out[0]!.trim() === "") inner.out.shift();
      state.out.push(...inner.out.map((l) => (l.trim() === "" ? ">" : `> ${l}`)));
      state.cut = inner.cut;
      continue;
    }
    if (tag === "img") {
      const alt = child.getAttribute?.("alt")?.trim();
      if (alt) state.line += `[${alt}]`;
      continue;
    }
    const block = BLOCK.has(tag) || tag === "td" || tag === "th";
    if (block) breakLine(state);
    if (tag === "li") state.line += "- ";
    const wasPre = state.pre;
    if (tag === "pre") state.pre = true;
    render(child, state);
    state.pre = wasPre;
    if (block) breakLine(state);
    if (tag === "p") state.out.push("");
  }
}

/** The text of an HTML mail, with quoted parts as "> " lines. */
export function htmlToText(html: string): string {
  const { document } = parseHTML(/<html[\s>]/i.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`);
  const root = (document.body ?? document.documentElement) as unknown as DomNode | null;
  if (!root) return "";
  const state: RenderState = { out: [], line: "", cut: false, pre: false };
  render(root, state);
  breakLine(state);
  return state.out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
