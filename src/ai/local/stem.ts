import { stemEnglish } from "../../core/text/porter-stemmer.js";

/**
 * Porter stems for the classifier's word-level features, memoised (the
 * vocabulary is small and training stems every word many times). It folds
 * "refunds", "refunded" and "refunding" onto one feature so a handful of
 * examples per intent cover more phrasings; character n-grams are computed on
 * the unstemmed words, so nothing is lost when the stemmer over-conflates.
 */
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Porter stem of a lower-case word (other words are returned unchanged). */
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const out = stemEnglish(word);
  if (cache.size < CACHE_LIMIT) cache.set(word, out);
  return out;
}
