/**
 * From raw SVM scores to the classifier's calibrated confidences.
 *
 * `confidence` = P(top intent is right | top score), Platt-fitted on held-out
 * predictions (holdout.ts) that mix
 * - in-scope examples scored by a model that knows their intent, and
 * - examples of intents hidden from the scoring model ("unknown intent"),
 *   weighted so they make up `unknownIntentPrior` of the fitted traffic,
 * - plus any caller-supplied out-of-scope texts (weight 1 each).
 * So the confidence answers "how likely is this answer right for a message
 * from real traffic, where some messages ask for things no intent covers?"
 * Why the mix: with a config-sized training set nearly every held-out
 * in-scope prediction is right, and a fit on those alone maps even an
 * unrelated question to a confident answer.
 *
 * The runner-up intents share the remaining 1 − confidence in proportion to
 * a temperature-scaled softmax of their scores (temperature fitted on the
 * held-out in-scope predictions), capped so the ranking stays ordered.
 */
import { applyPlatt, chooseThreshold, fitPlatt, fitTemperature, softmax, type PlattScaling, type ThresholdPoint } from "./calibration.js";
import type { HeldOutScores } from "./holdout.js";

export interface ConfidenceModel {
  platt: PlattScaling;
  temperature: number;
  /** Threshold meeting 80 % recall on caller-supplied out-of-scope texts; null without them. */
  oosThreshold: number | null;
}

/** Fits the confidence model on held-out scores. */
export function fitConfidence(held: HeldOutScores, unknownIntentPrior: number): ConfidenceModel {
  const tops = held.inScope.map((h) => max(h.scores));
  const correct = held.inScope.map((h) => argmax(h.scores) === h.label);
  const unknownTops = held.unknownIntent.map(max);
  const oosTops = held.outOfScope.map(max);
  const prior = Math.min(Math.max(unknownIntentPrior, 0), 0.99);
  const unknownWeight = unknownTops.length === 0 ? 0 : ((prior / (1 - prior)) * tops.length) / unknownTops.length;
  const platt = fitPlatt(
    [...tops, ...unknownTops, ...oosTops],
    [...correct, ...unknownTops.map(() => false), ...oosTops.map(() => false)],
    [...tops.map(() => 1), ...unknownTops.map(() => unknownWeight), ...oosTops.map(() => 1)],
  );
  const temperature = fitTemperature(
    held.inScope.map((h) => h.scores),
    held.inScope.map((h) => h.label),
  );
  const points: ThresholdPoint[] = [
    ...tops.map((s, i) => ({ confidence: applyPlatt(platt, s), outOfScope: false, correct: correct[i]! })),
    ...oosTops.map((s) => ({ confidence: applyPlatt(platt, s), outOfScope: true, correct: false })),
  ];
  return { platt, temperature, oosThreshold: chooseThreshold(points) };
}

/** A ranked intent index with its confidence. */
export interface RankedIndex {
  index: number;
  confidence: number;
}

/**
 * The `size` best intents for one score vector, best first. The first
 * confidence is the calibrated top confidence; the rest sum to at most
 * 1 − that, and the sequence is non-increasing.
 */
export function rankScores(model: ConfidenceModel, scores: Float64Array, size: number): RankedIndex[] {
  const order = topK(scores, size);
  const probs = softmax(scores, model.temperature, new Float64Array(scores.length));
  const best = order[0]!;
  const confidence = applyPlatt(model.platt, scores[best]!);
  const rest = 1 - probs[best]!;
  const ranked: RankedIndex[] = [{ index: best, confidence }];
  for (let r = 1; r < order.length; r++) {
    const k = order[r]!;
    const share = rest > 1e-12 ? (probs[k]! / rest) * (1 - confidence) : 0;
    ranked.push({ index: k, confidence: Math.min(share, ranked[r - 1]!.confidence) });
  }
  return ranked;
}

export function max(a: Float64Array): number {
  let m = -Infinity;
  for (const v of a) if (v > m) m = v;
  return m;
}

export function argmax(a: Float64Array): number {
  let b = 0;
  for (let k = 1; k < a.length; k++) if (a[k]! > a[b]!) b = k;
  return b;
}

/** Indices of the k largest values, largest first (ties: lower index first). */
export function topK(a: Float64Array, k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) {
    let pos = out.length;
    while (pos > 0 && a[out[pos - 1]!]! < a[i]!) pos--;
    if (pos < k) {
      out.splice(pos, 0, i);
      if (out.length > k) out.pop();
    }
  }
  return out;
}
