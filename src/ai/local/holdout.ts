/**
 * Held-out scores for calibration.
 *
 * A model's scores on its own training examples are over-confident, so the
 * calibrators are fitted on predictions from "round" models that never saw
 * the examples they score. Each round hides two things from its model:
 *
 * - one fold of the examples of the remaining intents: their scores say how
 *   often the top intent is right at a given score (in-scope calibration);
 * - every example of a group of intents: to that model those intents do not
 *   exist, so their examples are realistic out-of-scope traffic (close to
 *   the domain, the hardest kind). Without them a small training set gives
 *   no evidence at all about what an unknown request scores.
 *
 * Small sets (≤ {@link CROSS_FIT_LIMIT} examples, e.g. a config file with
 * 10–30 examples per intent) run 5 rounds so every example is used (tiny
 * ones repeat them with new folds, {@link REPEAT_BUDGET}); larger
 * sets run one round (1/7 of the examples and 1/7 of the intents hidden),
 * which costs one extra training on about 3/4 of the data.
 *
 * Each round fits its own feature space (IDF and known-n-gram set) on its
 * training part only: the "unseen n-gram" mass that pushes unfamiliar text
 * towards out of scope must be as large for held-out text as for real text.
 */
import { trainIntentModel, type NameAttributes } from "./clf-attributes.js";
import { fitFeatureSpace, toVector, type FeatureOptions, type RawFeatures } from "./features.js";
import { scoreInto } from "./linear-model.js";
import { createRng, shuffleInPlace } from "./prng.js";
import { toCsr } from "./sparse.js";
import type { SvmOptions } from "./svm.js";

export const CROSS_FIT_LIMIT = 3000;

/** Inputs shared by the final model and the round models. */
export interface TrainingSet {
  raws: readonly RawFeatures[];
  labels: Int32Array;
  /** Examples that are trained on but never scored (e.g. intent names). */
  alwaysTrain: readonly boolean[];
  classes: number;
  /** Intent-name attributes (clf-attributes.ts), or null when not used. */
  attributes: NameAttributes | null;
}

/** Score vectors (one entry per intent) of held-out texts. */
export interface HeldOutScores {
  /** In-scope examples scored by a model that knows their intent. */
  inScope: { scores: Float64Array; label: number }[];
  /** Examples of intents hidden from the scoring model. */
  unknownIntent: Float64Array[];
  /** Caller-supplied out-of-scope texts. */
  outOfScope: Float64Array[];
}

/** Assigns each eligible example a fold in [0, folds), stratified by label; -1 otherwise. */
export function assignFolds(labels: Int32Array, eligible: readonly boolean[], folds: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const fold = new Int32Array(labels.length).fill(-1);
  const byLabel = new Map<number, number[]>();
  labels.forEach((y, i) => {
    if (!eligible[i]) return;
    let g = byLabel.get(y);
    if (!g) byLabel.set(y, (g = []));
    g.push(i);
  });
  for (const y of [...byLabel.keys()].sort((a, b) => a - b)) {
    const g = shuffleInPlace<number, number[]>(byLabel.get(y)!, rng);
    // A random rotation per label spreads the remainders over all folds.
    const offset = Math.floor(rng() * folds);
    g.forEach((idx, pos) => {
      fold[idx] = (pos + offset) % folds;
    });
  }
  return fold;
}

/**
 * Held-out examples budget for repeating the whole cross-fit on very small
 * sets (a config with a few examples per intent): each repeat draws new
 * folds and intent groups, and the calibration is fitted on all of them.
 * Why: with ~100 examples one draw decides whether a borderline unrelated
 * question lands at confidence 0.39 or 0.52; three draws average that out.
 * Repeats = clamp(⌊budget / examples⌋, 1, {@link MAX_REPEATS}), so the extra
 * training stays bounded.
 */
export const REPEAT_BUDGET = 1500;
export const MAX_REPEATS = 3;

/** Runs the rounds described above (repeated on tiny sets) and collects the held-out scores. */
export function heldOutScores(
  set: TrainingSet,
  outOfScope: readonly RawFeatures[],
  features: FeatureOptions,
  svm: Partial<SvmOptions>,
  seed: number,
): HeldOutScores {
  const repeats = Math.max(1, Math.min(MAX_REPEATS, Math.floor(REPEAT_BUDGET / set.labels.length)));
  const result: HeldOutScores = { inScope: [], unknownIntent: [], outOfScope: [] };
  for (let rep = 0; rep < repeats; rep++) crossFit(set, outOfScope, features, svm, seed + 104729 * rep, result);
  return result;
}

function crossFit(
  set: TrainingSet,
  outOfScope: readonly RawFeatures[],
  features: FeatureOptions,
  svm: Partial<SvmOptions>,
  seed: number,
  result: HeldOutScores,
): void {
  const n = set.labels.length;
  const small = n <= CROSS_FIT_LIMIT;
  const folds = small ? 5 : 7;
  const rounds = small ? folds : 1;
  const fold = assignFolds(
    set.labels,
    set.alwaysTrain.map((a) => !a),
    folds,
    seed,
  );
  // Intent groups: with one intent there is nothing to hide.
  const intentGroup = new Int32Array(set.classes).fill(-1);
  if (set.classes > 1) {
    const order = shuffleInPlace<number, number[]>([...Array(set.classes).keys()], createRng(seed + 7919));
    order.forEach((k, pos) => {
      intentGroup[k] = pos % folds;
    });
  }
  for (let r = 0; r < rounds; r++) {
    const trainIdx: number[] = [];
    const inScopeIdx: number[] = [];
    const unknownIdx: number[] = [];
    for (let i = 0; i < n; i++) {
      const hiddenIntent = intentGroup[set.labels[i]!] === r;
      if (hiddenIntent) {
        if (!set.alwaysTrain[i]) unknownIdx.push(i);
      } else if (fold[i] === r) inScopeIdx.push(i);
      else trainIdx.push(i);
    }
    if (trainIdx.length === 0 || inScopeIdx.length + unknownIdx.length === 0) continue;
    const space = fitFeatureSpace(
      trainIdx.map((i) => set.raws[i]!),
      features,
    );
    const X = toCsr(trainIdx.map((i) => toVector(space, set.raws[i]!)));
    const y = Int32Array.from(trainIdx, (i) => set.labels[i]!);
    const model = trainIntentModel(X, y, set.classes, space.dim, { ...svm, seed: seed + r }, set.attributes);
    const score = (raw: RawFeatures): Float64Array => {
      const s = new Float64Array(set.classes);
      scoreInto(model, toVector(space, raw), s);
      return s;
    };
    for (const i of inScopeIdx) result.inScope.push({ scores: score(set.raws[i]!), label: set.labels[i]! });
    for (const i of unknownIdx) result.unknownIntent.push(score(set.raws[i]!));
    for (const raw of outOfScope) result.outOfScope.push(score(raw));
  }
}
