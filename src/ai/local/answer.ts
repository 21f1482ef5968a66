/**
 * Extractive answering for the local provider: no text is generated, the
 * answer quotes ONE passage (a section of one article) and cites exactly it.
 *
 * What a customer should get is the complete answer to the question asked,
 * never a fragment:
 *
 * 1. Question terms are weighted (1, or 0.25 for words that carry little
 *    meaning in a support question: "long", "take", "need"…; long numbers
 *    such as order ids are ignored), and the question's type is read: a
 *    duration ("how long", "how many days"), a price ("how much"), steps
 *    ("how do I…").
 * 2. The passage is chosen by the question weight it covers (title
 *    included), whether it states an answer of the asked type, and the
 *    retriever's order. Passages are never glued together: two articles
 *    quoted mid-sentence read as nonsense.
 * 3. A short section (≤ {@link WHOLE_SECTION_CHARS}) is quoted whole: a
 *    section is the author's unit of meaning. From a longer one, the units
 *    (sentences, lists with their introducing sentence, see units.ts) that
 *    cover the question or state the asked type are quoted in order; a
 *    how-to keeps the steps that follow; a unit that continues a thought
 *    ("You can also…", "This…") brings the sentence before it.
 *
 * Grounded only when the quoted units plus the passage title cover at least
 * {@link MIN_COVERAGE} of the question weight with at least one full-weight
 * term, and every name the customer wrote ("Austria", "Paris") occurs in the
 * passage: a passage about Berlin does not answer a question about Paris.
 * Otherwise `grounded: false` and the caller hands over. A lexical overlap
 * is no proof of an answer: this is a floor, not a judge.
 */
import { normalize } from "../../knowledge/text/normalize.js";
import { analyzerFor, type Analyzer } from "../../knowledge/text/analyzer.js";
import { markdownToText } from "../../knowledge/passages.js";
import { questionTypePhrases, questionTypes, statesAnswerType, type AnswerType } from "../../knowledge/retrieval/rerank.js";
import { BUILT_IN_SYNONYMS, compileSynonyms } from "../../knowledge/retrieval/synonyms.js";
import { MIN_FUZZY_LENGTH, osaDistance } from "../../knowledge/retrieval/fuzzy.js";
import { enforceGrounding, type Answer, type AnswerInput, type AnswerPassage } from "../port.js";
import { passageUnits, renderUnits, type Unit } from "./answer/units.js";

/** Share of the question's term weight the answer must cover. */
export const MIN_COVERAGE = 0.5;
/** Sections up to this long are quoted whole. */
export const WHOLE_SECTION_CHARS = 650;
const MAX_CHARS = 900;
const GENERIC_WEIGHT = 0.25;
const TYPE_BONUS = 0.3;
const RANK_PENALTY = 0.15;

const GENERIC_WORDS = `please tell know want like need help question hi hello hey thank thanks can could would get much many long
  take make work happen possible way info information anything something thing bitte danke hallo wissen brauche moechte mochte
  mochten kann konnen lange dauert dauern frage hilfe geht gibt`;

const HOW_TO =
  /^(how (do|can|should|would|to|does one)|how do you|what (do|should) i do|what are the steps|steps to|wie (kann|mache|geht|funktioniert|soll)|was muss ich tun|comment (puis|faire|dois)|como (puedo|hago))\b/;
/** Openings that continue the previous sentence: quoting them alone starts mid-thought. */
const CONTINUATION =
  /^(also|however|but|and|or|so|then|this|that|these|those|they|them|it|its|there|here|otherwise|alternatively|instead|in that case|if so|if not|after that|auch|aber|dann|dies|diese|dieser|das|sie|es|ausserdem|ansonsten|sonst|danach)\b|^\S+ (can|may|will|could|also) also\b|^\S+ also\b/;

interface Candidate {
  index: number;
  passage: AnswerPassage;
  units: Unit[];
  unitTerms: Set<string>[];
  titleTerms: Set<string>;
  coverage: number;
  score: number;
}

export function answerFromPassages(input: AnswerInput, options: { minCoverage?: number } = {}): Answer {
  const ungrounded: Answer = { text: "", citations: [], grounded: false, provider: "local" };
  const analyzer = analyzerFor(input.locale || "en");
  const weights = questionWeights(input.question, analyzer);
  const total = sum([...weights.values()]);
  if (input.passages.length === 0 || total === 0) return ungrounded;
  const minCoverage = options.minCoverage ?? MIN_COVERAGE;
  const types = questionTypes(input.question);
  const names = namesIn(input.question, analyzer);
  const typeWords = questionTypePhrases(input.question).map((p) => ({ type: p.type, terms: analyzer.terms(p.text) }));
  const alternatives = synonymsOf(weights.keys(), analyzer);
  /**
   * Question terms a text covers: its own words, their synonyms, the same words misspelt (as the search
   * tolerates them: one edit, two from eight letters) and the type words when it states that type.
   */
  const coveredBy = (terms: ReadonlySet<string>, text: string): Set<string> => {
    const out = new Set<string>();
    for (const t of weights.keys()) {
      if (terms.has(t) || alternatives.get(t)?.some((a) => terms.has(a))) out.add(t);
      else if (t.length >= MIN_FUZZY_LENGTH) {
        const max = t.length >= 8 ? 2 : 1;
        for (const w of terms)
          if (w.length >= MIN_FUZZY_LENGTH && osaDistance(t, w, max) <= max) {
            out.add(t);
            break;
          }
      }
    }
    for (const w of typeWords) if (statesAnswerType(text, w.type)) for (const t of w.terms) out.add(t);
    return out;
  };
  const weightOf = (terms: Iterable<string>) => sum([...new Set(terms)].map((t) => weights.get(t) ?? 0));
  const strong = (terms: Iterable<string>) => [...terms].some((t) => weights.get(t) === 1);

  const candidates: Candidate[] = input.passages.map((passage, index) => {
    const units = passageUnits(passage.text);
    const unitTerms = units.map((u) => new Set(analyzer.terms(u.text)));
    const titleTerms = new Set(analyzer.terms(passage.title));
    const words = new Set([...titleTerms, ...unitTerms.flatMap((s) => [...s])]);
    const all = coveredBy(words, passage.text);
    const coverage = strong(all) && names.every((n) => words.has(n)) ? weightOf(all) / total : 0;
    const typed = types.some((t) => statesAnswerType(passage.text, t));
    return { index, passage, units, unitTerms, titleTerms, coverage, score: coverage + (typed ? TYPE_BONUS : 0) - RANK_PENALTY * index };
  });
  const eligible = candidates.filter((c) => c.units.length > 0 && c.coverage >= minCoverage);
  if (eligible.length === 0) return ungrounded;
  const best = eligible.reduce((a, b) => (b.score > a.score + 1e-9 ? b : a));

  const chosen = chooseUnits(best, input.question, types, (terms) => coveredBy(terms, ""), weightOf);
  const quoted = chosen.map((i) => best.units[i]!.text).join("\n");
  const covered = coveredBy(new Set([...best.titleTerms, ...chosen.flatMap((i) => [...best.unitTerms[i]!])]), quoted);
  if (!strong(covered) || weightOf(covered) / total < minCoverage) return ungrounded;
  const text = renderUnits(chosen.map((i) => best.units[i]!));
  return enforceGrounding({ text, citations: [best.passage.citation], grounded: true, provider: "local" }, input.passages, "local");
}

/** Indexes of the units of the chosen passage to quote, in passage order. */
function chooseUnits(
  c: Candidate,
  question: string,
  types: readonly AnswerType[],
  covers: (terms: Set<string>) => Set<string>,
  weightOf: (terms: Iterable<string>) => number,
): number[] {
  const all = c.units.map((_, i) => i);
  if (renderUnits(c.units).length <= WHOLE_SECTION_CHARS) return all;
  const typed = (i: number) => types.some((t) => statesAnswerType(c.units[i]!.text, t));
  const terms = c.units.map((_, i) => covers(c.unitTerms[i]!));
  const value = (i: number) => weightOf(terms[i]!) + (typed(i) ? 1 : 0);
  const top = all.reduce((a, b) => (value(b) > value(a) + 1e-9 ? b : a));
  const picked = new Set<number>();
  const length = () => renderUnits([...picked].sort((a, b) => a - b).map((i) => c.units[i]!)).length;
  // Never start mid-thought: a continuation brings the sentence it refers to.
  const take = (i: number) => {
    picked.add(i);
    for (let j = i; j > 0 && CONTINUATION.test(normalize(c.units[j]!.text)); j--) picked.add(j - 1);
  };
  take(top);
  if (HOW_TO.test(normalize(question.trim()))) {
    // A how-to answer is the steps that follow, in order, as far as the section goes on.
    for (let i = top + 1; i < c.units.length && length() + c.units[i]!.text.length < MAX_CHARS; i++) picked.add(i);
    return [...picked].sort((a, b) => a - b);
  }
  // Then units that add a question word not yet quoted, or the asked type when nothing quoted states it yet.
  for (;;) {
    const covered = new Set([...picked].flatMap((i) => [...terms[i]!]));
    const hasType = [...picked].some(typed);
    let next = -1;
    let gain = 0.5 - 1e-9;
    for (const i of all) {
      if (picked.has(i) || length() + c.units[i]!.text.length >= MAX_CHARS) continue;
      const g = weightOf([...terms[i]!].filter((t) => !covered.has(t))) + (!hasType && typed(i) ? 1 : 0);
      if (g > gain) [next, gain] = [i, g];
    }
    if (next < 0) break;
    take(next);
  }
  return [...picked].sort((a, b) => a - b);
}

function questionWeights(question: string, analyzer: Analyzer): Map<string, number> {
  const generic = new Set(
    GENERIC_WORDS.split(/\s+/)
      .filter(Boolean)
      .map((w) => analyzer.stem(w)),
  );
  const weights = new Map<string, number>();
  // Order numbers and codes ("NW-30012", "12345678") identify, they do not describe: the article will not contain them.
  const described = question.replace(/[\p{L}\p{N}-]*(\p{L}[\p{L}-]*\p{N}|\p{N}[\p{N}-]*\p{L})[\p{L}\p{N}-]*|\p{N}{4,}/gu, " ");
  for (const t of analyzer.terms(described)) {
    weights.set(t, generic.has(t) ? GENERIC_WEIGHT : 1);
  }
  return weights;
}

/** For each question term, the built-in synonyms (single words) a passage may use instead. */
function synonymsOf(terms: Iterable<string>, analyzer: Analyzer): Map<string, string[]> {
  const compiled = compileSynonyms(BUILT_IN_SYNONYMS, analyzer);
  const out = new Map<string, string[]>();
  for (const t of terms) out.set(t, [...compiled.expand(new Set([t])).keys()]);
  return out;
}

/**
 * Names the customer wrote: capitalised words that do not open a sentence
 * ("Do you ship to Austria?"). German capitalises every noun, so there only
 * all-caps words (UPS, DHL) count.
 */
function namesIn(question: string, analyzer: Analyzer): string[] {
  const out: string[] = [];
  for (const m of question.matchAll(/(^|[.!?]\s+|\s)(["'(]?)(\p{Lu}[\p{L}\p{N}'’-]*)/gu)) {
    const word = m[3]!;
    const opensSentence = m[1] === "" || /[.!?]/.test(m[1]!);
    // Order numbers and codes ("NW-30012") are looked up elsewhere, not searched for in articles.
    if (opensSentence || word.length < 3 || /\p{N}/u.test(word)) continue;
    if (analyzer.language === "de" && word !== word.toUpperCase()) continue;
    out.push(...analyzer.terms(word));
  }
  return out;
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

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
