/**
 * The Porter (1980) English suffix-stripping stemmer.
 *
 * Used for the word-level features only: it folds "refunds", "refunded" and
 * "refunding" onto one feature so that a handful of examples per intent cover
 * more phrasings. Character n-grams are computed on the unstemmed words, so
 * nothing is lost when the stemmer over-conflates. Input must already be
 * lower-case ASCII letters; other words (digits, non-Latin scripts, words of
 * one or two letters) are returned unchanged.
 */

const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Porter stem of a lower-case word; memoised (the vocabulary is small). */
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const out = word.length > 2 && /^[a-z]+$/.test(word) ? porter(word) : word;
  if (cache.size < CACHE_LIMIT) cache.set(word, out);
  return out;
}

function isCons(w: string, i: number): boolean {
  const c = w[i];
  if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
  if (c === "y") return i === 0 || !isCons(w, i - 1);
  return true;
}

/** Porter's m: the number of VC sequences in `w` (a candidate stem). */
function measure(w: string): number {
  let m = 0;
  let i = 0;
  const n = w.length;
  while (i < n && isCons(w, i)) i++;
  while (i < n) {
    while (i < n && !isCons(w, i)) i++;
    if (i >= n) break;
    while (i < n && isCons(w, i)) i++;
    m++;
  }
  return m;
}

function hasVowel(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (!isCons(w, i)) return true;
  return false;
}

function endsDoubleCons(w: string): boolean {
  const n = w.length;
  return n >= 2 && w[n - 1] === w[n - 2] && isCons(w, n - 1);
}

/** *o: stem ends cvc where the final c is not w, x or y. */
function endsCvc(w: string): boolean {
  const n = w.length;
  if (n < 3) return false;
  if (!isCons(w, n - 1) || isCons(w, n - 2) || !isCons(w, n - 3)) return false;
  const c = w[n - 1];
  return c !== "w" && c !== "x" && c !== "y";
}

type Rule = readonly [suffix: string, replacement: string];

/** Applies the first rule whose suffix matches, if its stem has measure > minM. */
function applyRules(w: string, rules: readonly Rule[], minM: number): string {
  for (const [suffix, rep] of rules) {
    if (w.endsWith(suffix)) {
      const base = w.slice(0, w.length - suffix.length);
      return measure(base) > minM ? base + rep : w;
    }
  }
  return w;
}

const STEP2: readonly Rule[] = [
  ["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["izer", "ize"],
  ["bli", "ble"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"],
  ["ization", "ize"], ["ation", "ate"], ["ator", "ate"], ["alism", "al"], ["iveness", "ive"],
  ["fulness", "ful"], ["ousness", "ous"], ["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"],
  ["logi", "log"],
];

const STEP3: readonly Rule[] = [
  ["icate", "ic"], ["ative", ""], ["alize", "al"], ["iciti", "ic"], ["ical", "ic"], ["ful", ""], ["ness", ""],
];

const STEP4 = [
  "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion",
  "ou", "ism", "ate", "iti", "ous", "ive", "ize",
];

function porter(word: string): string {
  let w = word;
  // Step 1a: plurals.
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies")) w = w.slice(0, -2);
  else if (!w.endsWith("ss") && w.endsWith("s")) w = w.slice(0, -1);
  // Step 1b: -eed, -ed, -ing.
  if (w.endsWith("eed")) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    let base: string | null = null;
    if (w.endsWith("ed") && hasVowel(w.slice(0, -2))) base = w.slice(0, -2);
    else if (w.endsWith("ing") && hasVowel(w.slice(0, -3))) base = w.slice(0, -3);
    if (base !== null) {
      w = base;
      if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) w += "e";
      else if (endsDoubleCons(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
      else if (measure(w) === 1 && endsCvc(w)) w += "e";
    }
  }
  // Step 1c: y -> i when the stem has a vowel.
  if (w.endsWith("y") && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";
  // Steps 2 and 3: derivational suffixes.
  w = applyRules(w, STEP2, 0);
  w = applyRules(w, STEP3, 0);
  // Step 4: strip a suffix when m > 1.
  for (const suffix of STEP4) {
    if (!w.endsWith(suffix)) continue;
    const base = w.slice(0, w.length - suffix.length);
    if (measure(base) > 1 && (suffix !== "ion" || /[st]$/.test(base))) w = base;
    break;
  }
  // Step 5a: final -e.
  if (w.endsWith("e")) {
    const base = w.slice(0, -1);
    const m = measure(base);
    if (m > 1 || (m === 1 && !endsCvc(base))) w = base;
  }
  // Step 5b: -ll -> -l when m > 1.
  if (measure(w) > 1 && endsDoubleCons(w) && w.endsWith("l")) w = w.slice(0, -1);
  return w;
}
