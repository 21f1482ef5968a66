import { describe, expect, it } from "vitest";
import { applyPlatt, chooseThreshold, fitPlatt, fitTemperature, softmax } from "../../src/ai/local/calibration.js";
import { createRng } from "../../src/ai/local/prng.js";

describe("Platt scaling", () => {
  it("recovers the sigmoid that generated the labels", () => {
    const rng = createRng(42);
    const scores: number[] = [];
    const correct: boolean[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = rng() * 4 - 2;
      scores.push(s);
      correct.push(rng() < applyPlatt({ a: 3, b: -1 }, s));
    }
    const p = fitPlatt(scores, correct);
    expect(p.a).toBeCloseTo(3, 0);
    expect(p.b).toBeCloseTo(-1, 0);
  });

  it("is increasing and strictly inside (0, 1), even when every held-out answer was right", () => {
    const p = fitPlatt([0.2, 0.5, 0.9, 1.3], [true, true, true, true]);
    expect(p.a).toBeGreaterThan(0);
    let previous = -1;
    for (let s = -50; s <= 50; s += 0.25) {
      const c = applyPlatt(p, s);
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
      expect(c).toBeGreaterThanOrEqual(previous);
      previous = c;
    }
    expect(applyPlatt(p, 1.3)).toBeLessThan(1);
  });

  it("honours weights like repeated points", () => {
    const a = fitPlatt([0, 1, 2, 2], [false, true, true, true]);
    const b = fitPlatt([0, 1, 2], [false, true, true], [1, 1, 2]);
    expect(b.a).toBeCloseTo(a.a, 6);
    expect(b.b).toBeCloseTo(a.b, 6);
  });
});

describe("temperature scaling", () => {
  it("recovers the temperature of softmax-distributed labels", () => {
    const rng = createRng(7);
    const logits: Float64Array[] = [];
    const labels: number[] = [];
    const buf = new Float64Array(5);
    for (let i = 0; i < 4000; i++) {
      const z = Float64Array.from({ length: 5 }, () => rng() * 4);
      softmax(z, 0.5, buf);
      let u = rng();
      let y = 0;
      while (y < 4 && u > buf[y]!) u -= buf[y++]!;
      logits.push(z);
      labels.push(y);
    }
    expect(fitTemperature(logits, labels)).toBeGreaterThan(0.42);
    expect(fitTemperature(logits, labels)).toBeLessThan(0.58);
  });

  it("softmax sums to one and keeps the order of the scores", () => {
    const p = softmax([1, 3, 2], 0.7, new Float64Array(3));
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 12);
    expect(p[1]).toBeGreaterThan(p[2]!);
    expect(p[2]).toBeGreaterThan(p[0]!);
  });
});

describe("chooseThreshold", () => {
  it("picks the lowest threshold rejecting at least 80 % of out-of-scope points", () => {
    const points = [
      ...[0.1, 0.2, 0.3, 0.4, 0.7].map((confidence) => ({ confidence, outOfScope: true, correct: false })),
      ...[0.35, 0.6, 0.8, 0.9].map((confidence) => ({ confidence, outOfScope: false, correct: true })),
    ];
    // 4 of 5 oos must fall below: boundary 0.4, next confidence above it 0.6.
    expect(chooseThreshold(points)).toBeCloseTo(0.5, 12);
    expect(chooseThreshold(points, 1)).toBeCloseTo(0.75, 12);
  });

  it("returns null without out-of-scope points", () => {
    expect(chooseThreshold([{ confidence: 0.5, outOfScope: false, correct: true }])).toBeNull();
  });
});
