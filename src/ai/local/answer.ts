/**
 * Extractive answering for the local provider: no text is generated, the
 * answer quotes 1–3 sentences of the retrieved passages and cites exactly the
 * passages it quotes.
 *
 * How: question and passages are analysed with the knowledge base's analyzer
 * for the locale (normalisation, stop words, stemming for en/de/fr/es).
 * Question terms are weighted (1, or 0.25 for words that carry little meaning
 * in a support question: "long", "take", "need", "help"…; long numbers such as
 * order ids are ignored). The passage covering the most question weight
 * (title included; ties → the retriever's order) is chosen; then sentences
 * are picked greedily by the question weight they newly cover, first from
 * that passage, then from the others. Markdown is cleaned (headings dropped,
 * list markers, links, emphasis and code marks removed).
 *
 * Grounded only when the quoted sentences plus the cited passages' titles
 * cover at least {@link MIN_COVERAGE} of the question weight and at least one
 * full-weight term; otherwise `grounded: false` (the caller escalates). A
 * lexical overlap is no proof of an answer: this is a floor, not a judge.
 */
import { analyzerFor } from "../../knowledge/text/analyzer.js";
import { markdownToText } from "../../knowledge/passages.js";
import { enforceGrounding, type Answer, type AnswerInput, type Citation } from "../port.js";

/** Share of the question's term weight the answer must cover. */
export const MIN_COVERAGE = 0.5;
const MAX_SENTENCES = 3;
const MAX_CHARS = 700;
const GENERIC_WEIGHT = 0.25;

const GENERIC_WORDS = `please tell know want like need help question hi hello hey thank thanks can could would get much many long
  take make work happen possible way info information anything something thing bitte danke hallo wissen brauche moechte mochte
  mochten kann konnen lange dauert dauern frage hilfe geht gibt`;

interface Sentence {
  passage: number;
  text: string;
  terms: Set<string>;
}

export function answerFromPassages(input: AnswerInput, options: { minCoverage?: number } = {}): Answer {
  const analyzer = analyzerFor(input.locale || "en");
  const generic = new Set(GENERIC_WORDS.split(/\s+/).filter(Boolean).map((w) => analyzer.stem(w)));
  const weights = new Map<string, number>();
  for (const t of analyzer.terms(input.question)) {
    if (/\d/.test(t) && t.length >= 4) continue;
    weights.set(t, generic.has(t) ? GENERIC_WEIGHT : 1);
  }
  const total = sum([...weights.values()]);
  const ungrounded: Answer = { text: "", citations: [], grounded: false, provider: "local" };
  if (input.passages.length === 0 || total === 0) return ungrounded;

  const titles = input.passages.map((p) => new Set(analyzer.terms(p.title)));
  const sentences: Sentence[] = input.passages.flatMap((p, i) =>
    splitSentences(p.text).map((text) => ({ passage: i, text, terms: new Set(analyzer.terms(text)) })),
  );
  const weightOf = (terms: Iterable<string>, skip: Set<string> = new Set()) => {
    let w = 0;
    for (const t of terms) if (!skip.has(t)) w += weights.get(t) ?? 0;
    return w;
  };

  const passageScore = input.passages.map((_, i) => {
    const covered = new Set(titles[i]);
    for (const s of sentences) if (s.passage === i) for (const t of s.terms) covered.add(t);
    return weightOf(covered) - i * 1e-6;
  });
  const best = passageScore.indexOf(Math.max(...passageScore));

  // Greedy on sentence terms; the first sentence comes from the best passage (its opening one when
  // only its title matches), later ones from any passage when they cover something new.
  const covered = new Set<string>();
  const chosen: Sentence[] = [];
  while (chosen.length < MAX_SENTENCES) {
    const first = chosen.length === 0;
    let pick: Sentence | undefined;
    let gain = 0;
    for (const s of sentences) {
      if (chosen.includes(s) || (first && s.passage !== best)) continue;
      const g = weightOf(s.terms, covered);
      if (g > gain + 1e-9) [pick, gain] = [s, g];
    }
    if (first) pick ??= sentences.find((s) => s.passage === best);
    else if (gain < 0.5) pick = undefined;
    if (!pick) break;
    chosen.push(pick);
    for (const t of [...pick.terms, ...titles[pick.passage]!]) if (weights.has(t)) covered.add(t);
  }

  const strong = [...covered].some((t) => weights.get(t) === 1);
  if (chosen.length === 0 || !strong || weightOf(covered) / total < (options.minCoverage ?? MIN_COVERAGE)) return ungrounded;

  const ordered = [...chosen].sort((a, b) => a.passage - b.passage || sentences.indexOf(a) - sentences.indexOf(b));
  const citations: Citation[] = [...new Set(ordered.map((s) => s.passage))].map((i) => input.passages[i]!.citation);
  const text = truncate(ordered.map((s) => s.text).join(" "), MAX_CHARS);
  return enforceGrounding({ text, citations, grounded: true, provider: "local" }, input.passages, "local");
}

/** Plain sentences of a passage: Markdown cleaned, headings dropped, one sentence per list item or line at least. */
export function splitSentences(markdown: string): string[] {
  const withoutHeadings = markdown
    .split("\n")
    .filter((l) => !/^\s{0,3}#{1,6}\s/.test(l))
    .join("\n");
  return markdownToText(withoutHeadings)
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=["'(\[]?[\p{Lu}\p{N}])/u))
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2))}…`;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
