/**
 * Language identification without a model download: a naive-Bayes score over
 * character trigrams (profiles built at load time from the samples in
 * language-profiles.ts) plus a bonus for each frequent function word of the
 * language. Supports en, de, fr, es, it, nl and pt.
 *
 * Invariants:
 * - Deterministic, no I/O; a call costs O(length of the text).
 * - Returns `language: null` when the text is too short to tell (fewer than
 *   four letters) or when the best language's confidence is below
 *   {@link MIN_CONFIDENCE}: a wrong language is worse than none (it picks the
 *   reply language and the KB analyzer), and callers then keep the
 *   conversation's locale.
 * - `confidence` is a tempered posterior over the candidate languages (0..1),
 *   not a calibrated probability; it grows with the length of the text.
 */
import { PROFILE_SOURCES } from "./language-profiles.js";

export interface DetectedLanguage {
  /** ISO 639-1 code, or null when unsure. */
  language: string | null;
  /** 0..1; 0 when the text is too short. */
  confidence: number;
}

/** Below this confidence the detector says "unsure" (null). */
export const MIN_CONFIDENCE = 0.5;

/** Languages the detector knows. */
export const SUPPORTED_LANGUAGES: readonly string[] = Object.keys(PROFILE_SOURCES).sort();

interface Profile {
  logProb: Map<string, number>;
  unseen: number;
  stopwords: ReadonlySet<string>;
}

const SMOOTHING = 0.5;
const VOCABULARY = 8000;
/** Log-likelihood bonus (nats) per function word of the language. */
const STOPWORD_BONUS = 2.5;
/** Divides the summed evidence, so a posterior is not 1.0 after a dozen trigrams. */
const TEMPERATURE = 4;
const MIN_LETTERS = 4;

const LETTERS = /\p{L}+/gu;
const MARKS = /\p{M}+/gu;

function lowerWords(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(LETTERS) ?? [];
}

function fold(word: string): string {
  return word.normalize("NFD").replace(MARKS, "").replace(/ß/g, "ss");
}

function* trigrams(words: readonly string[]): Generator<string> {
  for (const w of words) {
    const padded = ` ${w} `;
    for (let i = 0; i + 3 <= padded.length; i++) yield padded.slice(i, i + 3);
  }
}

function buildProfile(sample: string, stopwords: string): Profile {
  const counts = new Map<string, number>();
  let total = 0;
  for (const t of trigrams(lowerWords(sample))) {
    counts.set(t, (counts.get(t) ?? 0) + 1);
    total++;
  }
  const denominator = total + SMOOTHING * VOCABULARY;
  const logProb = new Map<string, number>();
  for (const [t, c] of counts) logProb.set(t, Math.log((c + SMOOTHING) / denominator));
  return {
    logProb,
    unseen: Math.log(SMOOTHING / denominator),
    stopwords: new Set(lowerWords(stopwords).map(fold)),
  };
}

const PROFILES: ReadonlyMap<string, Profile> = new Map(Object.entries(PROFILE_SOURCES).map(([lang, src]) => [lang, buildProfile(src.sample, src.stopwords)]));

/**
 * Detects the language of `text`. `candidates` (language tags such as "de" or
 * "pt-BR"; only the primary subtag counts) restricts the choice, e.g. to the
 * locales a deployment serves; unknown candidates are ignored.
 */
export function detectLanguage(text: string, candidates?: readonly string[]): DetectedLanguage {
  const langs = candidates ? [...new Set(candidates.map((c) => c.split("-")[0]!.toLowerCase()))].filter((l) => PROFILES.has(l)) : SUPPORTED_LANGUAGES;
  const words = lowerWords(text);
  const letters = words.reduce((n, w) => n + w.length, 0);
  if (langs.length === 0 || letters < MIN_LETTERS) return { language: null, confidence: 0 };

  const grams = [...trigrams(words)];
  const folded = words.map(fold);
  const scores = langs.map((lang) => {
    const p = PROFILES.get(lang)!;
    let s = 0;
    for (const g of grams) s += p.logProb.get(g) ?? p.unseen;
    for (const w of folded) if (p.stopwords.has(w)) s += STOPWORD_BONUS;
    return s / TEMPERATURE;
  });

  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  let z = 0;
  for (const s of scores) z += Math.exp(s - scores[best]!);
  const confidence = 1 / z;
  return confidence >= MIN_CONFIDENCE ? { language: langs[best]!, confidence } : { language: null, confidence };
}
