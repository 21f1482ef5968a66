import { LRUCache } from "lru-cache";
import { normalize } from "../text/normalize.js";

/**
 * Second-stage re-ranking of the BM25 candidates with evidence BM25 cannot
 * see because it treats a passage as a bag of words:
 *
 * - Question type: "how long…", "how many days…", "wie lange…" want a
 *   duration; "how much…", "what does it cost…" want a price. A passage that
 *   states one (a number with a time unit, a currency amount, "free") is
 *   likelier to be the answer than one that merely shares the topic words:
 *   "how many days do I have to return" is answered by "within 30 days", not
 *   by "we check your return".
 * - Phrase proximity: query words that stand next to each other in the
 *   passage too ("return label", "tracking link") are stronger evidence than
 *   the same words scattered over it.
 *
 * Both are multiplicative nudges on the BM25 score (at most
 * {@link MAX_TYPE_BOOST} × {@link MAX_PHRASE_BOOST}), so they reorder close
 * candidates but never lift a passage that barely matches above a clear one.
 * Only the first-stage top candidates are re-ranked: the cost is a few dozen
 * passages per query, whatever the size of the index.
 */
export type AnswerType = "duration" | "price";

const QUESTION_TYPES: readonly [AnswerType, RegExp][] = [
  [
    "duration",
    /\b(\d+|a|one|two|three|four|five|six|a few|several) (days?|weeks?|months?|years?) (ago|later|after)\b|\b(how long|how many (days|weeks|hours|months|years|working days)|how soon|how quickly|how fast|until when|by when|deadline|time limit|wie lange|wie viele tage|bis wann|wie schnell|frist|combien de (temps|jours)|dans quel delai|cuanto tiempo|cuantos dias|plazo)\b/,
  ],
  [
    "price",
    /\b(how much|cost|costs|price|fee|fees|charge for|postage|was kostet|kosten|kostet|preis|gebuhr|gebuehr|combien coute|prix|frais|cuanto cuesta|precio|coste|gastos)\b/,
  ],
];

const ANSWER_PATTERNS: Readonly<Record<AnswerType, RegExp>> = {
  duration:
    /\d+\s*(?:[–-]\s*\d+\s*)?(?:working |business |calendar )?(?:minutes?|hours?|days?|weeks?|months?|years?|minuten|stunden|tagen?|werktagen?|wochen|monaten?|jahren?|jours?|heures?|semaines?|mois|ans|dias|horas|semanas|meses|anos)\b|\b(same|next) (working |business )?day\b|\bimmediately\b|\bsofort\b/,
  price: /[€$£]\s?\d|\d\s?(?:€|eur|euro|usd|gbp|chf)\b|\bfree\b|kostenlos|gratuit|gratis/,
};

export const MAX_TYPE_BOOST = 1.25;
export const MAX_PHRASE_BOOST = 1.3;
const PHRASE_STEP = 0.1;

/** The answer types a question asks for (usually none or one). */
export function questionTypes(query: string): AnswerType[] {
  const text = normalize(query);
  return QUESTION_TYPES.filter(([, re]) => re.test(text)).map(([type]) => type);
}

/**
 * The words of the question that ask for the type ("how long", "5 weeks
 * ago"): a passage stating an answer of that type covers them, although it
 * does not repeat them ("within 30 days" answers "5 weeks ago").
 */
export function questionTypePhrases(query: string): { type: AnswerType; text: string }[] {
  const text = normalize(query);
  return QUESTION_TYPES.flatMap(([type, re]) => [...text.matchAll(new RegExp(re.source, "g"))].map((m) => ({ type, text: m[0] })));
}

/** Whether a passage's text states an answer of this type. */
export function statesAnswerType(text: string, type: AnswerType): boolean {
  return ANSWER_PATTERNS[type].test(normalize(text));
}

export interface RerankCandidate {
  doc: number;
  score: number;
}

export interface RerankSource {
  /** Analysed query terms in order, with the analyser of this document's language. */
  queryTerms(doc: number): readonly string[];
  /** Analysed terms of the document (title, headings, body in that order), in text order. */
  terms(doc: number): readonly string[];
  /** Plain text of the document, for answer-type patterns. */
  text(doc: number): string;
}

/** Re-scores candidates (any order) and returns them best first. */
export function rerank(query: string, candidates: readonly RerankCandidate[], source: RerankSource): RerankCandidate[] {
  const types = questionTypes(query);
  const pairsOf = new Map<readonly string[], Set<string>>();
  const pairs = (terms: readonly string[]): Set<string> => {
    let out = pairsOf.get(terms);
    if (!out) {
      out = new Set();
      for (let i = 1; i < terms.length; i++) if (terms[i] !== terms[i - 1]) out.add(pairKey(terms[i - 1]!, terms[i]!));
      pairsOf.set(terms, out);
    }
    return out;
  };
  return candidates
    .map((c) => {
      let factor = 1;
      if (types.length > 0) {
        const text = source.text(c.doc);
        const stated = types.filter((t) => statesAnswerType(text, t)).length;
        factor *= 1 + ((MAX_TYPE_BOOST - 1) * stated) / types.length;
      }
      const wanted = pairs(source.queryTerms(c.doc));
      if (wanted.size > 0) {
        const terms = source.terms(c.doc);
        const found = new Set<string>();
        for (let i = 1; i < terms.length && found.size < wanted.size; i++) {
          const key = pairKey(terms[i - 1]!, terms[i]!);
          if (wanted.has(key)) found.add(key);
        }
        factor *= Math.min(MAX_PHRASE_BOOST, 1 + PHRASE_STEP * found.size);
      }
      return { doc: c.doc, score: c.score * factor };
    })
    .sort((a, b) => b.score - a.score || a.doc - b.doc);
}

const pairKey = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`);

/** Documents whose analysed terms are kept (a few MB): the candidates of recent queries, not the whole index. */
export const TERM_CACHE_SIZE = 4096;

/** Lazily analysed document terms, in a bounded cache: only documents that reach the re-ranking are analysed. */
export function cachedTerms(analyse: (doc: number) => string[], size = TERM_CACHE_SIZE): (doc: number) => readonly string[] {
  const cache = new LRUCache<number, string[]>({ max: size });
  return (doc) => {
    let terms = cache.get(doc);
    if (terms) return terms;
    terms = analyse(doc);
    cache.set(doc, terms);
    return terms;
  };
}
