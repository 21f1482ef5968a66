import { describe, expect, it } from "vitest";
import { addNameAttributes, nameAttributes } from "../../src/ai/local/clf-attributes.js";
import { SYNONYM_CLASSES, synonymClass } from "../../src/ai/local/clf-synonyms.js";
import { DEFAULT_FEATURES, fitFeatureSpace, rawFeatures, toVector } from "../../src/ai/local/features.js";
import { heldOutScores } from "../../src/ai/local/holdout.js";
import { scoreInto } from "../../src/ai/local/linear-model.js";
import { toCsr } from "../../src/ai/local/sparse.js";
import { trainOvrSvm } from "../../src/ai/local/svm.js";

const INTENTS = ["card_fee", "card_lost", "transfer_fee", "transfer_lost"];
const EXAMPLES: [string, number][] = [
  ["how much does a new card cost", 0],
  ["is there a charge for ordering a card", 0],
  ["i lost my card", 1],
  ["my card was stolen yesterday", 1],
  ["what do you charge to send money abroad", 2],
  ["is sending money free", 2],
  ["my transfer never arrived", 3],
  ["the money i sent has gone missing", 3],
];

function fixture() {
  const raws = EXAMPLES.map(([t]) => rawFeatures(t, DEFAULT_FEATURES));
  const space = fitFeatureSpace(raws, DEFAULT_FEATURES);
  const X = toCsr(raws.map((r) => toVector(space, r)));
  const labels = Int32Array.from(EXAMPLES, ([, y]) => y);
  return { space, X, labels };
}

describe("intent-name attributes", () => {
  it("give intents whose names share a (stemmed) word the same attribute", () => {
    const a = nameAttributes(["card_fee", "Card_fees", "transfer-lost", "lost_or_stolen_card"]);
    const ids = a.ofIntent.map((x) => [...x]);
    expect(ids[0]).toEqual(ids[1]); // card, fee(s) → same stems
    expect(ids[2]!.filter((id) => ids[3]!.includes(id))).toHaveLength(1); // lost
    expect(a.count).toBe(6); // card, fee, transfer, lost, or, stolen
  });

  it("are folded into the intent weights: score = own score + mean attribute score", () => {
    const { space, X, labels } = fixture();
    const attrs = nameAttributes(INTENTS);
    const own = trainOvrSvm(X, labels, INTENTS.length, space.dim);
    const has = attrs.ofIntent.map((ids) => new Set(ids));
    const attrModel = trainOvrSvm(X, labels, attrs.count, space.dim, {}, (i, a) => has[labels[i]!]!.has(a));
    const folded = addNameAttributes(trainOvrSvm(X, labels, INTENTS.length, space.dim), X, labels, attrs, {});
    const x = toVector(space, rawFeatures("what is the fee for a card", DEFAULT_FEATURES));
    const s = new Float64Array(INTENTS.length);
    const sa = new Float64Array(attrs.count);
    const sf = new Float64Array(INTENTS.length);
    scoreInto(own, x, s);
    scoreInto(attrModel, x, sa);
    scoreInto(folded, x, sf);
    INTENTS.forEach((_, k) => {
      const ids = attrs.ofIntent[k]!;
      const expected = s[k]! + ids.reduce((sum, a) => sum + sa[a]!, 0) / ids.length;
      expect(sf[k]).toBeCloseTo(expected, 4);
    });
  });

  it("train multi-label problems: an example is positive for every attribute of its intent", () => {
    const { space, X, labels } = fixture();
    const attrs = nameAttributes(INTENTS);
    const has = attrs.ofIntent.map((ids) => new Set(ids));
    const model = trainOvrSvm(X, labels, attrs.count, space.dim, {}, (i, a) => has[labels[i]!]!.has(a));
    const s = new Float64Array(attrs.count);
    scoreInto(model, toVector(space, rawFeatures(EXAMPLES[0]![0], DEFAULT_FEATURES)), s);
    for (const a of attrs.ofIntent[0]!) expect(s[a]).toBeGreaterThan(0); // card and fee
    for (const a of attrs.ofIntent[3]!) expect(s[a]).toBeLessThan(0); // transfer and lost
  });
});

describe("synonym classes", () => {
  it("map synonyms (surface forms) to one class and leave other words alone", () => {
    expect(synonymClass("funds")).toBe(synonymClass("money"));
    expect(synonymClass("cheque")).toBe(synonymClass("check"));
    expect(synonymClass("declined")).toBe(synonymClass("rejected"));
    expect(synonymClass("funds")).not.toBe(synonymClass("declined"));
    expect(synonymClass("penguin")).toBeUndefined();
    expect(SYNONYM_CLASSES).toBeGreaterThan(10);
  });

  it("add a shared word feature only when enabled", () => {
    const on = { ...DEFAULT_FEATURES, synonyms: true };
    const shared = (a: string, b: string, o = on): number => {
      const x = rawFeatures(a, o).word;
      return [...rawFeatures(b, o).word.keys()].filter((k) => x.has(k)).length;
    };
    expect(shared("my funds", "my money")).toBe(shared("my funds", "my money", DEFAULT_FEATURES) + 1);
    expect(shared("my penguin", "my walrus")).toBe(shared("my penguin", "my walrus", DEFAULT_FEATURES));
  });
});

describe("held-out scores on tiny sets", () => {
  it("repeat the cross-fit with new folds, so every example is an unknown-intent point several times", () => {
    const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"];
    const texts: string[] = [];
    const labels: number[] = [];
    words.forEach((w, k) => {
      for (let i = 0; i < 10; i++) {
        texts.push(`${w} request number ${i} ${words[(k + i) % words.length]}`);
        labels.push(k);
      }
    });
    const set = {
      raws: texts.map((t) => rawFeatures(t, DEFAULT_FEATURES)),
      labels: Int32Array.from(labels),
      alwaysTrain: texts.map(() => false),
      classes: words.length,
      attributes: null,
    };
    const held = heldOutScores(set, [], DEFAULT_FEATURES, {}, 1);
    // 60 examples → 3 repeats; each example's intent is hidden once per repeat.
    expect(held.unknownIntent).toHaveLength(3 * texts.length);
  });
});
