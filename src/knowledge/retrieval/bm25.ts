import { detectLanguage } from "../../core/text/language.js";
import { analyzerFor, languageOf } from "../text/analyzer.js";
import { normalize } from "../text/normalize.js";
import { buildFuzzyMatcher } from "./fuzzy.js";
import { cachedTerms, rerank } from "./rerank.js";
import { scoreTopK, type TermEntry } from "./score.js";
import { BUILT_IN_SYNONYMS, compileSynonyms, type CompiledSynonyms } from "./synonyms.js";

/**
 * A local full-text index over passages: BM25F (BM25 with per-field length
 * normalisation and boosts, Robertson & Zaragoza 2009), no network.
 *
 * - Fields: title (boost 2), headings (1.5), body (1). A word in the title
 *   says more about a passage than the same word in a long paragraph.
 * - Each passage is analysed in its own language; a query is analysed once
 *   per language in the index and each analysis only scores passages of that
 *   language.
 * - Synonym expansion (see synonyms.ts), weighted below the query's own words.
 * - Tolerance for query words that are not in the vocabulary: typos within
 *   edit distance 1 (2 for words of 8+ letters) and stems that share a long
 *   prefix ("deliv" / "deliveri"), both scored lower than exact matches. In
 *   German, a word also matches the compounds it starts or ends
 *   ("zurück" / "zurückschicken", "sendung" / "rücksendung").
 * - Without a language filter, a query whose function words clearly belong
 *   to one language ("how long is…", "wie lange dauert…") scores passages of
 *   other languages at half weight: a German passage sharing "USA" with an
 *   English question should not outrank the English answer.
 * - Postings hold a precomputed saturated term weight (typed arrays), so a
 *   search is one pass over the postings of the query terms plus a top-k
 *   selection: well under 5 ms at 50,000 passages.
 */
export interface IndexDocument {
  title: string;
  headings: string;
  body: string;
  locale: string;
}

export interface IndexHit {
  /** Position of the document in the array given to `buildIndex`. */
  doc: number;
  score: number;
}

export interface IndexSearchOptions {
  limit: number;
  /** Only documents for which this returns true can be returned (called only for documents that matched). */
  accept?: (doc: number) => boolean;
  /** Restrict to documents in this language ("en", "de"…). */
  language?: string;
  typoTolerance?: boolean;
  /** Second-stage re-ranking (rerank.ts) of the first-stage top candidates; default true. */
  rerank?: boolean;
}

export interface IndexOptions {
  /** Synonym groups used for query expansion; default: the built-in groups. */
  synonyms?: readonly (readonly string[])[];
}

export interface SearchIndex {
  readonly size: number;
  readonly vocabularySize: number;
  /** Builds the lazily built parts (typo lookup) now, so the first query with a typo is not the one that pays. */
  warm(): void;
  search(query: string, options: IndexSearchOptions): IndexHit[];
}

const K1 = 1.2;
const FIELDS = [
  { key: "title", boost: 2, b: 0.5 },
  { key: "headings", boost: 1.5, b: 0.5 },
  { key: "body", boost: 1, b: 0.75 },
] as const;
const TYPO_WEIGHT = [1, 0.7, 0.45];
const PREFIX_WEIGHT = 0.5;
const MIN_PREFIX = 5;
const MAX_PREFIX_GAP = 3;
/** Languages that glue words into compounds: a query word matches compounds starting or ending with it. */
const COMPOUNDING = new Set(["de", "nl", "sv", "da", "no"]);
const COMPOUND_WEIGHT = 0.4;
const OTHER_LANGUAGE_WEIGHT = 0.5;
/**
 * Words customers wrap a request in ("I want to…", "could you please help…"). Articles rarely use them, so
 * their IDF is high and a passage that happens to say "the item you want" would win on them: they count
 * at {@link FILLER_WEIGHT}.
 */
const FILLER_WORDS = `want wants wanted need needs like would could please help know tell hi hello hey thanks thank possible
  möchte moechte möchten brauche bitte hallo danke wissen helfen voudrais veux besoin bonjour merci quiero necesito hola gracias`;
const FILLER_WEIGHT = 0.3;
/** First-stage candidates handed to the re-ranker (rerank.ts): at least this many, or 2 × the limit. */
const RERANK_DEPTH = 20;

export function buildIndex(docs: readonly IndexDocument[], options: IndexOptions = {}): SearchIndex {
  const n = docs.length;
  const languages: string[] = [];
  const docLang = new Uint8Array(n);
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  // Per term: the documents containing it and, per document, its counts in the three fields packed into one
  // number (title + headings * 2^10 + body * 2^20, each capped at 1023). No per-document maps or arrays:
  // building 50,000 passages must not spend its time allocating and collecting garbage.
  const postDocs: number[][] = [];
  const postCounts: number[][] = [];
  const lastDoc: number[] = [];
  const lengths = FIELDS.map(() => new Float64Array(n));
  const SHIFT = [1, 1024, 1048576];

  for (let d = 0; d < n; d++) {
    const doc = docs[d]!;
    const language = languageOf(doc.locale);
    let li = languages.indexOf(language);
    if (li < 0) li = languages.push(language) - 1;
    docLang[d] = li;
    const analyzer = analyzerFor(language);
    for (let f = 0; f < FIELDS.length; f++) {
      const terms = analyzer.terms(doc[FIELDS[f]!.key]);
      lengths[f]![d] = terms.length;
      for (const term of terms) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = termNames.push(term) - 1;
          termIds.set(term, id);
          postDocs.push([]);
          postCounts.push([]);
          lastDoc.push(-1);
        }
        const counts = postCounts[id]!;
        if (lastDoc[id] !== d) {
          lastDoc[id] = d;
          postDocs[id]!.push(d);
          counts.push(0);
        }
        const packed = counts[counts.length - 1]!;
        if (Math.floor(packed / SHIFT[f]!) % 1024 < 1023) counts[counts.length - 1] = packed + SHIFT[f]!;
      }
    }
  }

  const avg = lengths.map((l) => Math.max(1, l.reduce((a, b) => a + b, 0) / Math.max(1, n)));
  const idf = new Float64Array(termNames.length);
  const postings: { docs: Int32Array; weights: Float32Array; maxWeight: number }[] = [];
  for (let t = 0; t < termNames.length; t++) {
    const ds = postDocs[t]!;
    const cs = postCounts[t]!;
    const df = ds.length;
    idf[t] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const weights = new Float32Array(df);
    let maxWeight = 0;
    for (let i = 0; i < df; i++) {
      const d = ds[i]!;
      let pseudo = 0;
      for (let f = 0; f < FIELDS.length; f++) {
        const count = Math.floor(cs[i]! / SHIFT[f]!) % 1024;
        if (count === 0) continue;
        const field = FIELDS[f]!;
        pseudo += (field.boost * count) / (1 - field.b + (field.b * lengths[f]![d]!) / avg[f]!);
      }
      weights[i] = pseudo / (K1 + pseudo);
      if (weights[i]! > maxWeight) maxWeight = weights[i]!;
    }
    postings.push({ docs: Int32Array.from(ds), weights, maxWeight });
  }
  postDocs.length = 0;
  postCounts.length = 0;

  const sorted = [...termNames].sort();
  const reversed = termNames.map((t) => [...t].reverse().join("")).sort();
  const synonymGroups = options.synonyms ?? BUILT_IN_SYNONYMS;
  const synonyms = new Map<string, CompiledSynonyms>();
  const fillers = new Map<string, Set<string>>();
  const fuzzy = buildFuzzyMatcher(termNames);
  const scratch = { acc: new Float64Array(n), touched: new Int32Array(n) };
  const docTerms = cachedTerms((d) => {
    const doc = docs[d]!;
    return analyzerFor(languages[docLang[d]!]!).terms(`${doc.title}\n${doc.headings}\n${doc.body}`);
  });

  /** Vocabulary terms standing in for an unknown query term, with the weight their matches get. */
  function expansions(term: string, language: string, typos: boolean): [number, number][] {
    const out = new Map<number, number>();
    const add = (t: string, w: number) => {
      const id = termIds.get(t);
      if (id !== undefined && (out.get(id) ?? 0) < w) out.set(id, w);
    };
    if (typos) {
      const max = term.length >= 8 ? 2 : 1;
      for (const c of fuzzy.candidates(term, max).slice(0, 3)) add(c.term, TYPO_WEIGHT[c.distance]!);
    }
    if (term.length >= MIN_PREFIX) {
      const compounding = COMPOUNDING.has(language);
      // Longer vocabulary terms starting with the query term ("deliv" → "deliveri", "zuruck" → "zuruckschick")…
      for (let i = lowerBound(sorted, term); i < sorted.length && sorted[i]!.startsWith(term); i++) {
        if (sorted[i]!.length - term.length <= MAX_PREFIX_GAP) add(sorted[i]!, PREFIX_WEIGHT);
        else if (compounding) add(sorted[i]!, COMPOUND_WEIGHT);
      }
      // …shorter ones the query term starts with ("deliveri" → "deliv")…
      for (let len = Math.max(MIN_PREFIX, term.length - MAX_PREFIX_GAP); len < term.length; len++) add(term.slice(0, len), PREFIX_WEIGHT);
      // …and, in compounding languages, compounds ending with it ("sendung" → "rucksendung").
      if (compounding) {
        const rev = [...term].reverse().join("");
        for (let i = lowerBound(reversed, rev); i < reversed.length && reversed[i]!.startsWith(rev); i++) {
          if (reversed[i] !== rev) add([...reversed[i]!].reverse().join(""), COMPOUND_WEIGHT);
        }
      }
    }
    return [...out];
  }

  function queryTerms(query: string, language: string): Map<string, number> {
    const analyzer = analyzerFor(language);
    const own = new Set(analyzer.terms(query));
    let compiled = synonyms.get(language);
    if (!compiled) synonyms.set(language, (compiled = compileSynonyms(synonymGroups, analyzer)));
    const weights = compiled.expand(own);
    let filler = fillers.get(language);
    if (!filler)
      fillers.set(
        language,
        (filler = new Set(
          FILLER_WORDS.split(/\s+/)
            .filter(Boolean)
            .map((w) => analyzer.stem(normalize(w))),
        )),
      );
    for (const t of own) weights.set(t, filler.has(t) ? FILLER_WEIGHT : 1);
    return weights;
  }

  return {
    size: n,
    vocabularySize: termNames.length,
    warm: () => fuzzy.warm(),
    search(query, options) {
      const want = options.language ? languages.indexOf(options.language) : -1;
      if (options.language && want < 0) return [];
      const guessed = want < 0 && languages.length > 1 ? guessLanguage(query, languages) : null;
      const entries: TermEntry[] = [];
      languages.forEach((language, li) => {
        if (want >= 0 && li !== want) return;
        const languageFactor = guessed === null || guessed === language ? 1 : OTHER_LANGUAGE_WEIGHT;
        for (const [term, weight] of queryTerms(query, language)) {
          const id = termIds.get(term);
          // Only the customer's own words are stretched to typos and prefixes; synonyms must match exactly.
          const weighted: [number, number][] =
            id !== undefined ? [[id, weight]] : weight === 1 ? expansions(term, language, options.typoTolerance !== false) : [];
          for (const [t, w] of weighted) {
            const p = postings[t]!;
            const factor = idf[t]! * w * languageFactor;
            entries.push({ docs: p.docs, weights: p.weights, factor, language: li, max: factor * p.maxWeight });
          }
        }
      });
      if (options.rerank === false) return scoreTopK(entries, scratch, docLang, languages.length > 1, options.limit, options.accept);
      const depth = Math.max(RERANK_DEPTH, options.limit * 2);
      const candidates = scoreTopK(entries, scratch, docLang, languages.length > 1, depth, options.accept);
      const queryTermsByLanguage = new Map<number, string[]>();
      return rerank(query, candidates, {
        queryTerms: (d) => {
          const li = docLang[d]!;
          let terms = queryTermsByLanguage.get(li);
          if (!terms) queryTermsByLanguage.set(li, (terms = analyzerFor(languages[li]!).terms(query)));
          return terms;
        },
        terms: docTerms,
        text: (d) => `${docs[d]!.headings}\n${docs[d]!.body}`,
      }).slice(0, options.limit);
    },
  };
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The query's language among the index's, by the hub's one language guesser
 * (character trigrams and function words), or null when it is unsure.
 */
function guessLanguage(query: string, languages: readonly string[]): string | null {
  return detectLanguage(query, languages).language;
}
