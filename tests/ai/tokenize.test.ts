import { describe, expect, it } from "vitest";
import { DEFAULT_FEATURES, fitTransform, rawFeatures, vectorize } from "../../src/ai/local/features.js";
import { stem } from "../../src/ai/local/stem.js";
import { normalize, tokenize, words } from "../../src/ai/local/tokenize.js";

describe("normalize", () => {
  it("lower-cases, applies NFKC and strips accents", () => {
    expect(normalize("Café CRÈME")).toBe("cafe creme");
    expect(normalize("ｃａｆｅ")).toBe("cafe"); // full-width forms
    expect(normalize("cafe\u0301")).toBe("cafe"); // combining accent
    expect(normalize("ﬁnance")).toBe("finance"); // ligature
  });

  it("expands English contractions, whatever the apostrophe", () => {
    expect(normalize("I can't pay")).toBe("i can not pay");
    expect(normalize("It won’t work")).toBe("it will not work");
    expect(normalize("I'm sure they've left")).toBe("i am sure they have left");
    expect(normalize("hasn't arrived")).toBe("has not arrived");
    expect(normalize("the shop's hours")).toBe("the shop hours");
  });

  it("collapses whitespace and is idempotent", () => {
    const once = normalize("  Where\tis   MY order?\n");
    expect(once).toBe("where is my order?");
    expect(normalize(once)).toBe(once);
  });
});

describe("words / tokenize", () => {
  it("splits on punctuation and keeps letters and digits of any script", () => {
    expect(words(normalize("Order #12345: where's it?!"))).toEqual(["order", "12345", "where", "it"]);
    expect(words("über straße 東京")).toEqual(["über", "straße", "東京"]);
  });

  it("stems English words by default", () => {
    expect(tokenize("Refunds refunded refunding")).toEqual(["refund", "refund", "refund"]);
    expect(tokenize("Refunds", { stem: false })).toEqual(["refunds"]);
  });

  it("returns nothing for text without letters or digits", () => {
    expect(tokenize("?!... --")).toEqual([]);
  });
});

describe("Porter stemmer", () => {
  it.each([
    ["caresses", "caress"],
    ["ponies", "poni"],
    ["cats", "cat"],
    ["agreed", "agre"],
    ["hopping", "hop"],
    ["filing", "file"],
    ["happy", "happi"],
    ["relational", "relat"],
    ["generalization", "gener"],
    ["delivery", "deliveri"],
    ["cancelled", "cancel"],
    ["payments", "payment"],
  ])("%s -> %s", (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it("leaves short words, numbers and non-ASCII words alone", () => {
    expect(stem("is")).toBe("is");
    expect(stem("2024")).toBe("2024");
    expect(stem("straße")).toBe("straße");
  });
});

describe("hashed features", () => {
  it("are deterministic and L2-normalised when every n-gram is known", () => {
    const texts = ["where is my order", "refund my order please"];
    const { space, vectors } = fitTransform(texts);
    const norm = Math.hypot(...vectors[0]!.val);
    expect(norm).toBeCloseTo(1, 5);
    expect(Array.from(vectorize(space, texts[0]!).idx)).toEqual(Array.from(vectors[0]!.idx));
    expect(rawFeatures("where is my order", DEFAULT_FEATURES)).toEqual(rawFeatures("WHERE is my order!", DEFAULT_FEATURES));
  });

  it("shrink the vector of text made of unseen n-grams (the out-of-scope signal)", () => {
    const { space } = fitTransform(["where is my order", "refund my order please"]);
    const known = Math.hypot(...vectorize(space, "where is my refund").val);
    const mostlyUnknown = Math.hypot(...vectorize(space, "quantum chromodynamics lecture my").val);
    expect(mostlyUnknown).toBeLessThan(known);
    expect(vectorize(space, "zzzz qqqq").idx.length).toBe(0);
  });
});
