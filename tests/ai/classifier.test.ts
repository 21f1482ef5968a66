import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLD, trainIntentClassifier, type IntentClassifier } from "../../src/ai/local/classifier.js";
import { SHOP_HELD_OUT, SHOP_OUT_OF_SCOPE, SHOP_TRAIN } from "./fixtures/shop.js";

describe("local intent classifier on a small shop dataset", () => {
  let clf: IntentClassifier;
  beforeAll(() => {
    clf = trainIntentClassifier(SHOP_TRAIN, { seed: 1 });
  });

  it("knows the intents, sorted, and uses the default threshold", () => {
    expect(clf.intents).toEqual([...new Set(SHOP_TRAIN.map((e) => e.intent))].sort());
    expect(clf.threshold).toBe(DEFAULT_THRESHOLD);
  });

  it.each(SHOP_HELD_OUT.map((e) => [e.text, e.intent] as const))("classifies the paraphrase %j as %s", (text, intent) => {
    const p = clf.classify(text);
    expect(p.intent).toBe(intent);
    expect(p.confidence).toBeGreaterThan(clf.threshold);
  });

  it.each(SHOP_OUT_OF_SCOPE)("rejects the out-of-scope %j", (text) => {
    const p = clf.classify(text);
    expect(p.intent).toBeNull();
    expect(p.confidence).toBeLessThan(clf.threshold);
    // The ranking is still there for whoever wants a best guess.
    expect(p.ranking).toHaveLength(5);
  });

  it("rejects empty or meaningless text", () => {
    for (const text of ["", "   ", "?!?", "zzqx vvbn"]) expect(clf.classify(text).intent).toBeNull();
  });

  it("returns coherent confidences: in [0,1], ranking non-increasing, summing to at most 1", () => {
    for (const text of [...SHOP_HELD_OUT.map((e) => e.text), ...SHOP_OUT_OF_SCOPE]) {
      const p = clf.classify(text);
      expect(p.ranking[0]!.confidence).toBe(p.confidence);
      expect(new Set(p.ranking.map((r) => r.intent)).size).toBe(p.ranking.length);
      let sum = 0;
      p.ranking.forEach((r, i) => {
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
        if (i > 0) expect(r.confidence).toBeLessThanOrEqual(p.ranking[i - 1]!.confidence);
        sum += r.confidence;
      });
      expect(sum).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it("gets more confident as the text gets closer to an intent's examples", () => {
    const vague = clf.classify("my order").confidence;
    const clear = clf.classify("where is my order, it hasn't arrived yet").confidence;
    expect(clear).toBeGreaterThan(vague);
  });

  it("classifies in well under a millisecond", () => {
    const texts = SHOP_HELD_OUT.map((e) => e.text);
    for (const t of texts) clf.classify(t); // warm up
    const t0 = performance.now();
    const rounds = 50;
    for (let r = 0; r < rounds; r++) for (const t of texts) clf.classify(t);
    const perCall = (performance.now() - t0) / (rounds * texts.length);
    expect(perCall).toBeLessThan(1);
  });

  it("applies a threshold changed after training", () => {
    const text = SHOP_HELD_OUT[0]!.text;
    const before = clf.threshold;
    try {
      clf.threshold = 1;
      expect(clf.classify(text).intent).toBeNull();
      clf.threshold = 0;
      expect(clf.classify("what's the weather on Mars").intent).not.toBeNull();
    } finally {
      clf.threshold = before;
    }
  });
});

describe("training options and edge cases", () => {
  it("is deterministic for a given seed", () => {
    const a = trainIntentClassifier(SHOP_TRAIN, { seed: 7 });
    const b = trainIntentClassifier(SHOP_TRAIN, { seed: 7 });
    for (const text of [...SHOP_HELD_OUT.map((e) => e.text), ...SHOP_OUT_OF_SCOPE]) {
      expect(b.classify(text)).toEqual(a.classify(text));
    }
  });

  it("uses a given threshold, and out-of-scope examples to set one otherwise", () => {
    expect(trainIntentClassifier(SHOP_TRAIN, { threshold: 0.3 }).threshold).toBe(0.3);
    const withOos = trainIntentClassifier(SHOP_TRAIN, {
      outOfScope: ["tell me about the history of Rome", "what is two plus two", "sing me a song", "how tall is Everest", "recommend a movie"],
    });
    expect(withOos.threshold).toBeGreaterThan(0);
    expect(withOos.threshold).toBeLessThan(1);
    expect(withOos.intents).not.toContain("oos");
  });

  it("works with a handful of examples per intent", () => {
    const tiny = trainIntentClassifier([
      { text: "where is my order", intent: "order_status" },
      { text: "track my package", intent: "order_status" },
      { text: "has my parcel shipped", intent: "order_status" },
      { text: "I want a refund", intent: "refund" },
      { text: "give me my money back", intent: "refund" },
      { text: "refund my purchase", intent: "refund" },
    ]);
    expect(tiny.classify("where is my package").ranking[0]!.intent).toBe("order_status");
    expect(tiny.classify("can I get a refund").ranking[0]!.intent).toBe("refund");
  });

  it("handles a single intent and ignores blank examples", () => {
    const one = trainIntentClassifier([
      { text: "talk to a human", intent: "human" },
      { text: "  ", intent: "human" },
      { text: "real person please", intent: "human" },
    ]);
    expect(one.intents).toEqual(["human"]);
    const p = one.classify("can I talk to a real person");
    expect(p.ranking).toHaveLength(1);
    expect(p.confidence).toBeGreaterThan(one.classify("the price of bananas in Peru").confidence);
  });

  it("refuses to train on nothing", () => {
    expect(() => trainIntentClassifier([])).toThrow(/no non-empty examples/);
  });
});
