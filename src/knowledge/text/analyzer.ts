import { normalize, words } from "./normalize.js";
import { stemGerman } from "./stem-de.js";
import { stemEnglish } from "../../core/text/porter-stemmer.js";
import { stemFrench, stemSpanish } from "./stem-romance.js";
import { STOPWORDS } from "./stopwords.js";

/**
 * Turns text into index terms for one language: normalise → split into words
 * → drop stop words → stem. Articles are analysed with the analyzer of their
 * own locale; a query is analysed once per language present in the index and
 * each analysis is matched only against passages of that language, so a
 * German stem never counts as a hit in an English passage.
 *
 * Languages without a stemmer here still get normalisation, and typo and
 * prefix tolerance at search time.
 */
export interface Analyzer {
  /** The language code (first part of a locale): "en", "de"… */
  readonly language: string;
  /** Index terms of a text, in order, with repeats (term frequency matters). */
  terms(text: string): string[];
  /** Stem of one already normalised word (no stop-word check). */
  stem(word: string): string;
}

const STEMMERS: Readonly<Record<string, (word: string) => string>> = {
  en: stemEnglish,
  de: stemGerman,
  fr: stemFrench,
  es: stemSpanish,
};

export function languageOf(locale: string): string {
  return locale.split("-")[0]!.toLowerCase();
}

const cache = new Map<string, Analyzer>();

export function analyzerFor(locale: string): Analyzer {
  const language = languageOf(locale);
  const existing = cache.get(language);
  if (existing) return existing;
  const stemmer = STEMMERS[language] ?? ((w: string) => w);
  const stop = STOPWORDS[language] ?? new Set<string>();
  // Memoised: vocabularies are small next to the number of words stemmed while indexing.
  const memo = new Map<string, string>();
  const stem = (word: string): string => {
    let s = memo.get(word);
    if (s === undefined) {
      s = stemmer(word);
      if (memo.size < 200_000) memo.set(word, s);
    }
    return s;
  };
  const analyzer: Analyzer = {
    language,
    stem,
    terms(text) {
      const out: string[] = [];
      for (const w of words(normalize(text))) {
        if (stop.has(w)) continue;
        if (w.length === 1 && !/\d/.test(w)) continue;
        out.push(stem(w));
      }
      return out;
    },
  };
  cache.set(language, analyzer);
  return analyzer;
}
