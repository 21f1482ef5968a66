import { inlineText } from "../../../knowledge/passages.js";

/**
 * The quotable units of a passage, in order: sentences, and lists kept whole
 * with the sentence that introduces them. An extractive answer is made of
 * whole units only, so it never ends in "…the payment method you used:"
 * without the list, and the steps of a how-to keep their order and numbers.
 *
 * Accepts Markdown (what the knowledge base stores) or plain text: headings
 * are dropped, list items are recognised by their markers (`-`, `*`, `+`,
 * `1.`), or, in plain text, as the lines following a line that ends in a
 * colon. Soft-wrapped paragraph lines are joined before sentences are split.
 */
export interface Unit {
  /** Text as quoted: one sentence, or an introducing sentence plus its list, one item per line. */
  text: string;
  /** Sentence, or a list (possibly with its introducing sentence). */
  kind: "sentence" | "list";
  /** Index of the paragraph/list block it came from (units of one block belong together). */
  block: number;
}

const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/;
const HEADING = /^\s{0,3}#{1,6}\s/;
const FENCE = /^\s*(```|~~~)/;
const SENTENCE_END = /(?<=[.!?])\s+(?=["'(\[]?[\p{Lu}\p{N}])/u;

export function passageUnits(markdown: string): Unit[] {
  const units: Unit[] = [];
  let block = 0;
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;

  const flushParagraph = () => {
    if (paragraph.length === 0) return;
    const text = clean(paragraph.join(" "));
    paragraph = [];
    for (const s of text
      .split(SENTENCE_END)
      .map((x) => x.trim())
      .filter((x) => /[\p{L}\p{N}]/u.test(x))) {
      units.push({ text: s, kind: "sentence", block });
    }
    block++;
  };
  const flushList = () => {
    if (!list) return;
    const items = list.items.map((item, i) => `${list!.ordered ? `${i + 1}.` : "-"} ${clean(item)}`);
    const intro = units.at(-1);
    // A list belongs with the sentence that announces it ("…goes back to the payment method you used:").
    if (intro && intro.kind === "sentence" && intro.text.endsWith(":") && intro.block === block - 1) {
      units[units.length - 1] = { text: `${intro.text}\n${items.join("\n")}`, kind: "list", block: intro.block };
    } else {
      units.push({ text: items.join("\n"), kind: "list", block });
      block++;
    }
    list = null;
  };

  let afterColon = false;
  for (const raw of markdown.split("\n")) {
    if (HEADING.test(raw) || FENCE.test(raw)) continue;
    const line = raw.replace(/^\s*>\s?/, "");
    if (line.trim() === "") {
      // A blank line ends a paragraph and the plain-text list after a colon; a Markdown list stays open
      // (loose lists have blank lines between items) until a line that is not an item.
      flushParagraph();
      afterColon = false;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flushParagraph();
      const ordered = /\d/.test(item[1]!);
      if (!list) list = { ordered, items: [] };
      list.items.push(item[2]!);
      continue;
    }
    if (list && /^\s{2,}\S/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    if (afterColon) {
      // Plain text (Markdown already flattened): the lines after "…:" are the list.
      flushParagraph();
      list ??= { ordered: false, items: [] };
      list.items.push(line.trim());
      continue;
    }
    flushList();
    paragraph.push(line.trim());
    afterColon = line.trim().endsWith(":");
    if (afterColon) flushParagraph();
  }
  flushParagraph();
  flushList();
  return units;
}

/** The units as one reply: sentences of a block run on, lists and new blocks start on their own line. */
export function renderUnits(units: readonly Unit[]): string {
  let out = "";
  let previous: Unit | null = null;
  for (const u of units) {
    if (previous) out += previous.kind === "list" || u.kind === "list" ? "\n" : " ";
    out += u.text;
    previous = u;
  }
  return out;
}

function clean(s: string): string {
  return inlineText(s.replace(/\|/g, " ")).replace(/\s+/g, " ").trim();
}
