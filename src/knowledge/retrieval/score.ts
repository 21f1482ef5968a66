/**
 * The scoring kernel of the BM25 index: accumulates term contributions into
 * a dense score array and selects the top k, with MaxScore pruning
 * (Turtle & Flood, 1995) so the cost of very common words stays bounded.
 *
 * Terms are processed from the largest possible contribution down. Once the
 * k-th best score among accepted candidates (θ) exceeds the sum of the
 * largest contributions all remaining terms could still add, no document
 * outside the current candidates can reach the top k. The remaining (common,
 * low-idf) terms then only add to existing candidates — by binary search
 * into their postings when there are few candidates. The result is exactly
 * the unpruned top k; only the work changes.
 */
export interface TermEntry {
  docs: Int32Array;
  weights: Float32Array;
  /** idf × query weight × language factor. */
  factor: number;
  language: number;
  /** The most this term can add to one document: factor × its largest posting weight. */
  max: number;
}

export interface Scratch {
  /** Per-document partial scores; all zero between searches. Every contribution is > 0, so 0 means "not a candidate". */
  acc: Float64Array;
  /** Candidates in the order they were first scored. */
  touched: Int32Array;
}

export interface Hit {
  doc: number;
  score: number;
}

/** Terms with fewer postings than this are always scored in full: pruning them would not pay for computing θ. */
const PRUNE_FROM_POSTINGS = 1024;

/** Adds a term to every document in its postings; returns the new candidate count and the best partial score so far. */
function accumulate(e: TermEntry, s: Scratch, count: number, best: number, docLang: Uint8Array, multiLanguage: boolean): [number, number] {
  const { docs, weights, factor, language } = e;
  const { acc, touched } = s;
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!;
    if (multiLanguage && docLang[d] !== language) continue;
    const before = acc[d]!;
    if (before === 0) touched[count++] = d;
    const after = before + factor * weights[i]!;
    acc[d] = after;
    if (after > best) best = after;
  }
  return [count, best];
}

function addToCandidates(e: TermEntry, s: Scratch, count: number, docLang: Uint8Array, multiLanguage: boolean): void {
  const { docs, weights, factor, language } = e;
  const { acc, touched } = s;
  if (count * 16 < docs.length) {
    for (let j = 0; j < count; j++) {
      const d = touched[j]!;
      if (multiLanguage && docLang[d] !== language) continue;
      let lo = 0;
      let hi = docs.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = docs[mid]!;
        if (v === d) {
          acc[d] = acc[d]! + factor * weights[mid]!;
          break;
        }
        if (v < d) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return;
  }
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!;
    if (acc[d] === 0 || (multiLanguage && docLang[d] !== language)) continue;
    acc[d] = acc[d]! + factor * weights[i]!;
  }
}

/** The k-th best partial score among accepted candidates (0 when fewer than k are accepted). */
function kthBest(s: Scratch, count: number, k: number, accept: ((doc: number) => boolean) | undefined): number {
  const best: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = s.touched[i]!;
    const score = s.acc[d]!;
    if (best.length === k && score <= best[k - 1]!) continue;
    if (accept && !accept(d)) continue;
    let j = best.length;
    while (j > 0 && best[j - 1]! < score) j--;
    best.splice(j, 0, score);
    if (best.length > k) best.pop();
  }
  return best.length === k ? best[k - 1]! : 0;
}

export function scoreTopK(
  entries: TermEntry[],
  s: Scratch,
  docLang: Uint8Array,
  multiLanguage: boolean,
  limit: number,
  accept?: (doc: number) => boolean,
): Hit[] {
  if (limit <= 0 || entries.length === 0) return [];
  entries.sort((a, b) => b.max - a.max);
  const remaining = new Float64Array(entries.length + 1);
  for (let i = entries.length - 1; i >= 0; i--) remaining[i] = remaining[i + 1]! + entries[i]!.max;

  let count = 0;
  let best = 0;
  let i = 0;
  for (; i < entries.length; i++) {
    const e = entries[i]!;
    // θ ≤ the best partial score, so computing θ is only worth it when even that could beat what remains.
    if (count > 0 && e.docs.length >= PRUNE_FROM_POSTINGS && remaining[i]! < best && remaining[i]! < kthBest(s, count, limit, accept)) break;
    [count, best] = accumulate(e, s, count, best, docLang, multiLanguage);
  }
  for (; i < entries.length; i++) addToCandidates(entries[i]!, s, count, docLang, multiLanguage);

  const top: Hit[] = [];
  for (let j = 0; j < count; j++) {
    const d = s.touched[j]!;
    const score = s.acc[d]!;
    s.acc[d] = 0;
    if (top.length === limit && score <= top[top.length - 1]!.score) continue;
    if (accept && !accept(d)) continue;
    let k = top.length;
    while (k > 0 && top[k - 1]!.score < score) k--;
    top.splice(k, 0, { doc: d, score });
    if (top.length > limit) top.pop();
  }
  // Stable order for equal scores: the document given first wins.
  return top.sort((a, b) => b.score - a.score || a.doc - b.doc);
}
