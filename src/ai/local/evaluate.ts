/**
 * Train-and-measure helpers shared by `threadline eval intents` and the
 * benchmark, so that both report exactly the same figures.
 */
import { chooseThreshold, type ThresholdPoint } from "./calibration.js";
import { trainIntentClassifier, type IntentClassifier, type IntentExample, type TrainIntentOptions } from "./classifier.js";
import { intentMetrics, percentile, type IntentMetrics } from "./metrics.js";

/** The label that marks out-of-scope rows in CSV files. */
export const OOS_LABEL = "oos";

export interface LabelledText {
  text: string;
  label: string;
}

/** Training input of labelled rows: `oos` rows are not a class, only known out-of-scope texts. */
export function examplesFromRows(rows: readonly LabelledText[]): { examples: IntentExample[]; outOfScope: string[] } {
  const examples = rows.filter((r) => r.label !== OOS_LABEL).map((r) => ({ text: r.text, intent: r.label }));
  return { examples, outOfScope: rows.filter((r) => r.label === OOS_LABEL).map((r) => r.text) };
}

/**
 * Trains on rows; rows labelled `oos` are not a class but are passed as
 * known out-of-scope texts (they only influence the threshold).
 */
export function trainFromRows(rows: readonly LabelledText[], options: TrainIntentOptions = {}): { classifier: IntentClassifier; trainMs: number } {
  const { examples, outOfScope } = examplesFromRows(rows);
  const t0 = performance.now();
  const classifier = trainIntentClassifier(examples, { ...options, outOfScope });
  return { classifier, trainMs: performance.now() - t0 };
}

/** Metrics plus per-text classification latency. */
export interface Evaluation extends IntentMetrics {
  predictMsP50: number;
  predictMsP99: number;
}

/** Classifies every row once, timing each call. */
export function evaluateClassifier(classifier: IntentClassifier, rows: readonly LabelledText[]): Evaluation {
  const predicted: (string | null)[] = [];
  const times: number[] = [];
  for (const row of rows) {
    const t0 = performance.now();
    predicted.push(classifier.classify(row.text).intent);
    times.push(performance.now() - t0);
  }
  const metrics = intentMetrics(
    rows.map((r) => r.label),
    predicted,
    OOS_LABEL,
  );
  return { ...metrics, predictMsP50: percentile(times, 0.5), predictMsP99: percentile(times, 0.99) };
}

/**
 * The threshold that maximises in-scope accuracy on `rows` subject to
 * out-of-scope recall ≥ `minOosRecall`; null when `rows` has no `oos` rows.
 */
export function calibrateThreshold(classifier: IntentClassifier, rows: readonly LabelledText[], minOosRecall = 0.8): number | null {
  const points: ThresholdPoint[] = rows.map((row) => {
    const p = classifier.classify(row.text);
    return { confidence: p.confidence, outOfScope: row.label === OOS_LABEL, correct: p.ranking[0]?.intent === row.label };
  });
  return chooseThreshold(points, minOosRecall);
}
