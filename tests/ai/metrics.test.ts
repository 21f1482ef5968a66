import { describe, expect, it } from "vitest";
import { intentMetrics, percentile } from "../../src/ai/local/metrics.js";

describe("intentMetrics", () => {
  it("matches a hand-computed case with out-of-scope rows", () => {
    const gold = ["a", "a", "a", "b", "oos", "oos", "oos"];
    const predicted = ["a", "a", "b", "b", null, "a", null];
    const m = intentMetrics(gold, predicted);
    // a: P = 2/3 (a predicted for rows 0, 1, 5), R = 2/3 → F1 2/3
    // b: P = 1/2, R = 1 → F1 2/3
    // oos: P = 2/2, R = 2/3 → F1 0.8
    expect(m.accuracy).toBeCloseTo(5 / 7, 12);
    expect(m.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 0.8) / 3, 12);
    expect(m.inScopeAccuracy).toBeCloseTo(3 / 4, 12);
    expect(m.oosPrecision).toBe(1);
    expect(m.oosRecall).toBeCloseTo(2 / 3, 12);
    expect(m.rows).toBe(7);
  });

  it("reports null out-of-scope figures when the gold data has no oos rows", () => {
    const m = intentMetrics(["x", "y", "x"], ["x", "x", null]);
    expect(m.accuracy).toBeCloseTo(1 / 3, 12);
    // Labels x (F1 0.5), y (0) and the wrongly predicted out-of-scope label (0).
    expect(m.macroF1).toBeCloseTo(0.5 / 3, 12);
    expect(m.inScopeAccuracy).toBeNull();
    expect(m.oosPrecision).toBeNull();
    expect(m.oosRecall).toBeNull();
  });

  it("gives precision 0 (not NaN) when nothing is rejected", () => {
    const m = intentMetrics(["a", "oos"], ["a", "a"]);
    expect(m.oosPrecision).toBe(0);
    expect(m.oosRecall).toBe(0);
    expect(m.inScopeAccuracy).toBe(1);
  });

  it("is perfect on a perfect prediction", () => {
    const m = intentMetrics(["a", "b", "oos"], ["a", "b", null]);
    expect([m.accuracy, m.macroF1, m.inScopeAccuracy, m.oosPrecision, m.oosRecall]).toEqual([1, 1, 1, 1, 1]);
  });

  it("rejects arrays of different lengths", () => {
    expect(() => intentMetrics(["a"], [])).toThrow();
  });
});

describe("percentile", () => {
  it("uses the nearest rank", () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.99)).toBe(4);
    expect(Number.isNaN(percentile([], 0.5))).toBe(true);
  });
});
