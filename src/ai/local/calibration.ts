/**
 * Confidence calibration and out-of-scope thresholds.
 *
 * Two calibrators, both fitted on held-out predictions (never on the
 * examples a model was trained on, whose scores are over-confident):
 *
 * - {@link fitPlatt}: P(top intent is correct | top score s) = σ(a·s + b),
 *   Platt scaling with Lin–Lin–Weng's smoothed targets and Newton steps.
 *   The top score alone turned out to separate out-of-scope text best
 *   (docs/intent-classifier.md), and since a > 0 is enforced the calibrated
 *   confidence is monotonic in it: thresholding the confidence is
 *   thresholding the score.
 * - {@link fitTemperature}: one temperature T for softmax(z / T) minimising
 *   the held-out negative log-likelihood; used to spread the remaining
 *   probability mass over the runner-up intents.
 */

/** σ(a·s + b) with a > 0. */
export interface PlattScaling {
  a: number;
  b: number;
}

/** Calibrated probability for raw score `s`; always in (0, 1), increasing in s. */
export function applyPlatt(p: PlattScaling, s: number): number {
  const t = p.a * s + p.b;
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

/** Smallest slope accepted: keeps the calibrated map strictly increasing. */
const MIN_SLOPE = 1e-3;

/**
 * Fits Platt scaling to (score, was-it-correct) pairs, optionally weighted.
 * Smoothed targets (N₊+1)/(N₊+2) and 1/(N₋+2) (weighted counts) keep the
 * fit finite when every held-out prediction was right, which is common with
 * tiny training sets.
 */
export function fitPlatt(scores: readonly number[], correct: readonly boolean[], weights?: readonly number[]): PlattScaling {
  const n = scores.length;
  const wt = (i: number): number => (weights ? weights[i]! : 1);
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < n; i++) {
    if (correct[i]) pos += wt(i);
    else neg += wt(i);
  }
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (neg + 2);
  const target = correct.map((c) => (c ? hi : lo));
  let a = 1;
  let b = Math.log((pos + 1) / (neg + 1));
  const loss = (aa: number, bb: number): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const t = aa * scores[i]! + bb;
      // -[y log σ(t) + (1-y) log(1-σ(t))], computed stably.
      const li = t >= 0 ? (1 - target[i]!) * t + Math.log1p(Math.exp(-t)) : -target[i]! * t + Math.log1p(Math.exp(t));
      f += wt(i) * li;
    }
    return f;
  };
  let f = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let g1 = 0;
    let g2 = 0;
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      const p = applyPlatt({ a, b }, s);
      const d1 = wt(i) * (p - target[i]!);
      const d2 = wt(i) * p * (1 - p);
      g1 += s * d1;
      g2 += d1;
      h11 += s * s * d2;
      h22 += d2;
      h21 += s * d2;
    }
    if (Math.abs(g1) < 1e-7 && Math.abs(g2) < 1e-7) break;
    const det = h11 * h22 - h21 * h21;
    if (!(det > 0)) break;
    const da = -(h22 * g1 - h21 * g2) / det;
    const db = -(-h21 * g1 + h11 * g2) / det;
    let step = 1;
    while (step > 1e-8) {
      const na = a + step * da;
      const nb = b + step * db;
      const nf = loss(na, nb);
      if (nf < f + 1e-4 * step * (g1 * da + g2 * db)) {
        a = na;
        b = nb;
        f = nf;
        break;
      }
      step /= 2;
    }
    if (step <= 1e-8) break;
  }
  if (!(a >= MIN_SLOPE) || !Number.isFinite(b)) {
    // Degenerate fit (scores carry no signal about correctness on this
    // held-out set): keep a gentle increasing map centred on the mean score.
    const mean = n > 0 ? scores.reduce((x, y) => x + y, 0) / n : 0;
    a = Math.max(a, 1);
    b = Math.log(hi / (1 - hi)) - a * mean;
  }
  return { a, b };
}

/** softmax(z / T) written into `out`; returns `out`. */
export function softmax(z: ArrayLike<number>, temperature: number, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k]! > max) max = z[k]!;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp((z[k]! - max) / temperature);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) out[k]! /= sum;
  return out;
}

/**
 * Temperature minimising the mean negative log-likelihood of `labels[i]`
 * under softmax(logits[i] / T); golden-section search on ln T ∈ [-7, 3].
 */
export function fitTemperature(logits: readonly Float64Array[], labels: readonly number[]): number {
  if (logits.length === 0) return 1;
  const buf = new Float64Array(logits[0]!.length);
  const nll = (lnT: number): number => {
    const T = Math.exp(lnT);
    let f = 0;
    logits.forEach((z, i) => {
      softmax(z, T, buf);
      f -= Math.log(Math.max(buf[labels[i]!]!, 1e-300));
    });
    return f;
  };
  const phi = (Math.sqrt(5) - 1) / 2;
  let lo = -7;
  let hi = 3;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let f1 = nll(x1);
  let f2 = nll(x2);
  for (let i = 0; i < 40; i++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = nll(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = nll(x2);
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** One held-out prediction, as used to choose an out-of-scope threshold. */
export interface ThresholdPoint {
  confidence: number;
  /** True when the gold label is out of scope. */
  outOfScope: boolean;
  /** For in-scope points: the top intent equals the gold intent. */
  correct: boolean;
}

/**
 * Chooses the rejection threshold (reject when confidence < threshold) that
 * maximises in-scope accuracy subject to out-of-scope recall ≥ `minOosRecall`.
 * In-scope accuracy only falls as the threshold rises, so the answer is the
 * lowest threshold reaching the recall: just above the k-th lowest
 * out-of-scope confidence, k = ⌈minOosRecall · #oos⌉. Returns null when there
 * are no out-of-scope points.
 */
export function chooseThreshold(points: readonly ThresholdPoint[], minOosRecall = 0.8): number | null {
  const oos = points
    .filter((p) => p.outOfScope)
    .map((p) => p.confidence)
    .sort((x, y) => x - y);
  if (oos.length === 0) return null;
  const k = Math.max(1, Math.ceil(minOosRecall * oos.length - 1e-9));
  const boundary = oos[k - 1]!;
  let next = Infinity;
  for (const p of points) if (p.confidence > boundary && p.confidence < next) next = p.confidence;
  if (next === Infinity) return Math.min(1, boundary + 1e-6);
  return (boundary + next) / 2;
}
