/**
 * Typo tolerance: finds vocabulary terms within a small edit distance of a
 * query term, fast enough to run on every unknown query word at 50,000
 * passages. Symmetric-delete lookup (as in SymSpell): the vocabulary is
 * indexed by every variant with one letter deleted (two for terms of
 * {@link TWO_EDIT_MIN_LENGTH}+ letters), a query term looks up its own deletions, and candidates are verified with the optimal string
 * alignment distance (Levenshtein plus adjacent transpositions: "recieve").
 */
export interface FuzzyMatcher {
  /** Terms within `maxDistance` of `term` (excluding itself), closest first. */
  candidates(term: string, maxDistance: number): { term: string; distance: number }[];
}

/**
 * Terms shorter than this are never fuzzily matched: "box"/"fox", "shoe"/"shop" are different words, not
 * typos, and at four letters one edit more often lands on another real word than on the intended one.
 */
export const MIN_FUZZY_LENGTH = 5;

/**
 * Query terms of 8+ letters may be two edits away (see bm25.ts). Vocabulary terms from this length index
 * their two-letter deletions: enough for two substitutions or a substitution and an insertion in an
 * 8-letter word, without the memory of doing it for every short word.
 */
export const TWO_EDIT_MIN_LENGTH = 7;

function deletions(term: string, out: Set<string>): void {
  for (let i = 0; i < term.length; i++) out.add(term.slice(0, i) + term.slice(i + 1));
}

/**
 * The deletion index is built on first use (or by `warm()`), not with the
 * search index: it is the slowest part of an index build and only queries
 * with an unknown word need it, so start-up and hot reload stay fast.
 */
export function buildFuzzyMatcher(vocabulary: readonly string[]): FuzzyMatcher & { warm(): void } {
  const vocab = new Set(vocabulary);
  // Keyed by a 32-bit hash of the deletion variant, not the variant itself: with two-letter deletions
  // there are millions of variant strings at 50,000 passages. A collision only adds a candidate, and
  // every candidate is verified with the real distance.
  let byDeletion: Map<number, number | number[]> | null = null;
  const index = (): Map<number, number | number[]> => {
    if (byDeletion) return byDeletion;
    const map = new Map<number, number | number[]>();
    const once = new Set<string>();
    vocabulary.forEach((term, id) => {
      if (term.length < MIN_FUZZY_LENGTH) return;
      once.clear();
      deletions(term, once);
      // Two substitutions ("wqrrenty" / "warranty") meet only at a variant with two letters deleted on
      // both sides, so terms long enough to be within two edits of a two-edit query term index those too.
      if (term.length >= TWO_EDIT_MIN_LENGTH) for (const v of [...once]) deletions(v, once);
      for (const v of once) {
        const key = hash(v);
        const list = map.get(key);
        if (list === undefined) map.set(key, id);
        else if (typeof list === "number") {
          if (list !== id) map.set(key, [list, id]);
        } else if (list[list.length - 1] !== id) list.push(id);
      }
    });
    byDeletion = map;
    return map;
  };
  return {
    warm: () => void index(),
    candidates(term, maxDistance) {
      if (term.length < MIN_FUZZY_LENGTH || maxDistance < 1) return [];
      const probes = new Set<string>([term]);
      deletions(term, probes);
      if (maxDistance >= 2) for (const p of [...probes]) if (p.length >= MIN_FUZZY_LENGTH - 1) deletions(p, probes);
      const seen = new Set<string>();
      const out: { term: string; distance: number }[] = [];
      const consider = (candidate: string) => {
        if (candidate === term || seen.has(candidate)) return;
        seen.add(candidate);
        const d = osaDistance(term, candidate, maxDistance);
        if (d <= maxDistance) out.push({ term: candidate, distance: d });
      };
      for (const p of probes) {
        if (vocab.has(p) && p.length >= MIN_FUZZY_LENGTH) consider(p);
        const ids = index().get(hash(p));
        if (ids === undefined) continue;
        if (typeof ids === "number") consider(vocabulary[ids]!);
        else for (const id of ids) consider(vocabulary[id]!);
      }
      return out.sort((a, b) => a.distance - b.distance || a.term.localeCompare(b.term));
    },
  };
}

/** FNV-1a, 32 bits. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Optimal string alignment distance, giving up (returning max + 1) as soon as it must exceed `max`. */
export function osaDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}
