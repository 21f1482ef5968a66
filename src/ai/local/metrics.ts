/**
 * Evaluation metrics for intent classification with an out-of-scope class.
 *
 * Conventions (the same as the CLINC150 paper, and what
 * `threadline eval intents` reports):
 * - A prediction of `null` means "out of scope"; it is correct exactly when
 *   the gold label is the out-of-scope label (default "oos").
 * - accuracy: over all rows.
 * - macroF1: unweighted mean of per-label F1 over the union of gold and
 *   predicted labels, with out-of-scope counted as one label (like
 *   scikit-learn's `f1_score(average="macro")`; a label never predicted
 *   has precision 0).
 * - inScopeAccuracy: over rows whose gold label is in scope; rejecting one
 *   as out of scope counts as an error.
 * - oosPrecision / oosRecall: of the rows predicted out of scope, the share
 *   that really are; of the rows really out of scope, the share rejected.
 *   Precision is 0 when nothing was rejected.
 * The three out-of-scope figures are null when the gold data has no
 * out-of-scope rows (they would be meaningless, not zero).
 */

export interface IntentMetrics {
  rows: number;
  accuracy: number;
  macroF1: number;
  inScopeAccuracy: number | null;
  oosPrecision: number | null;
  oosRecall: number | null;
}

/** Computes {@link IntentMetrics}; `gold` and `predicted` are parallel arrays. */
export function intentMetrics(gold: readonly string[], predicted: readonly (string | null)[], oosLabel = "oos"): IntentMetrics {
  if (gold.length !== predicted.length) throw new Error("gold and predicted must have the same length");
  const n = gold.length;
  const tp = new Map<string, number>();
  const goldCount = new Map<string, number>();
  const predCount = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  let correct = 0;
  let inScope = 0;
  let inScopeCorrect = 0;
  for (let i = 0; i < n; i++) {
    const g = gold[i]!;
    const p = predicted[i] ?? oosLabel;
    inc(goldCount, g);
    inc(predCount, p);
    if (g === p) {
      correct++;
      inc(tp, g);
    }
    if (g !== oosLabel) {
      inScope++;
      if (g === p) inScopeCorrect++;
    }
  }
  const labels = new Set([...goldCount.keys(), ...predCount.keys()]);
  let f1Sum = 0;
  for (const label of labels) {
    const t = tp.get(label) ?? 0;
    const precision = t === 0 ? 0 : t / predCount.get(label)!;
    const recall = t === 0 ? 0 : t / goldCount.get(label)!;
    f1Sum += precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  }
  const oosGold = goldCount.get(oosLabel) ?? 0;
  const oosPred = predCount.get(oosLabel) ?? 0;
  const oosTp = tp.get(oosLabel) ?? 0;
  const hasOos = oosGold > 0;
  return {
    rows: n,
    accuracy: n === 0 ? 0 : correct / n,
    macroF1: labels.size === 0 ? 0 : f1Sum / labels.size,
    inScopeAccuracy: hasOos ? (inScope === 0 ? 0 : inScopeCorrect / inScope) : null,
    oosPrecision: hasOos ? (oosPred === 0 ? 0 : oosTp / oosPred) : null,
    oosRecall: hasOos ? oosTp / oosGold : null,
  };
}

/** The q-quantile (0..1) of `values` by nearest rank; NaN when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}
