import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { embeddingKey, fileEmbeddingCache, hybridRank, memoryEmbeddingCache, type EmbeddingProvider } from "../../src/knowledge/embeddings.js";
import { knowledgeSettings, published, tempDir, testKb, writeFiles } from "./helpers/kb.js";

/**
 * A deterministic stand-in for an embedding model: words map to a few
 * "concepts", so paraphrases without shared words ("cash returned" / "refunds")
 * land close together, as with a real model. Records what it was asked to embed.
 */
function fakeProvider(options: { fail?: boolean } = {}) {
  const CONCEPTS: Record<string, number> = {
    refund: 0,
    refunds: 0,
    cash: 0,
    reimbursed: 0,
    returned: 0,
    card: 0,
    parcel: 1,
    norway: 1,
    delivery: 1,
    days: 1,
    tent: 2,
    zipper: 2,
  };
  const calls: string[][] = [];
  const provider: EmbeddingProvider = {
    async embed(texts) {
      calls.push([...texts]);
      if (options.fail) throw new Error("provider unreachable");
      return texts.map((t) => {
        const v = [0.01, 0.01, 0.01, 0.01];
        for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) if (w in CONCEPTS) v[CONCEPTS[w]!]! += 1;
        return v;
      });
    },
  };
  return { provider, calls, passagesEmbedded: () => calls.filter((c) => c.length > 1 || !c[0]?.startsWith("q:")).flat() };
}

const files = {
  "refunds.md": published("refunds", {}, "## Timing\n\nRefunds reach your card in 5 days."),
  "norway.md": published("norway", {}, "## Norway\n\nA parcel to Norway takes 4 days."),
};
const hybridSettings = (weight = 0.5) => knowledgeSettings({ embeddings: { enabled: true, weight } });

describe("embeddings and hybrid ranking", () => {
  it("finds a paraphrase BM25 alone cannot, combining both scores", async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    const fake = fakeProvider();
    const { kb } = testKb(dir, { settings: hybridSettings(), embeddings: { provider: fake.provider, cache: memoryEmbeddingCache() } });
    await kb.reload();
    await kb.embeddingsSettled();
    const lexicalOnly = testKb(dir).kb;
    await lexicalOnly.reload();
    expect(await lexicalOnly.search("cash returned")).toEqual([]);
    const hits = await kb.search("cash returned");
    expect(hits[0]).toMatchObject({ articleId: "refunds", version: 1 });
    // An exact keyword still wins with its lexical score on top of the semantic one.
    expect((await kb.search("norway"))[0]?.articleId).toBe("norway");
  });

  it("embeds each passage once per content: unchanged passages are never re-embedded", async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    const fake = fakeProvider();
    const cache = memoryEmbeddingCache();
    const { kb } = testKb(dir, { settings: hybridSettings(), embeddings: { provider: fake.provider, cache } });
    await kb.reload();
    await kb.embeddingsSettled();
    expect(fake.calls.flat()).toHaveLength(2);
    writeFiles(dir, { "norway.md": published("norway", {}, "## Norway\n\nA parcel to Norway takes 5 days.") });
    await kb.reload();
    await kb.embeddingsSettled();
    expect(fake.calls.flat()).toHaveLength(3);
    expect(fake.calls.at(-1)).toEqual(["Title of norway\nNorway\nA parcel to Norway takes 5 days."]);
    await kb.reload();
    await kb.embeddingsSettled();
    expect(fake.calls.flat()).toHaveLength(3);
    // Query vectors are cached in memory too.
    await kb.search("cash returned");
    await kb.search("cash returned");
    expect(fake.calls.flat()).toHaveLength(4);
    expect(kb.metrics().embeddings).toMatchObject({ enabled: true, embedded: 3, failures: 0 });
  });

  it("persists vectors in a file so a restart embeds nothing", async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    const path = join(tempDir(), "embeddings.jsonl");
    const first = fakeProvider();
    const a = testKb(dir, { settings: hybridSettings(), embeddings: { provider: first.provider, cache: fileEmbeddingCache(path) } });
    await a.kb.reload();
    await a.kb.embeddingsSettled();
    const second = fakeProvider();
    const b = testKb(dir, { settings: hybridSettings(), embeddings: { provider: second.provider, cache: fileEmbeddingCache(path) } });
    await b.kb.reload();
    await b.kb.embeddingsSettled();
    expect(first.calls.flat()).toHaveLength(2);
    expect(second.calls).toEqual([]);
    expect(fileEmbeddingCache(path).get(embeddingKey("text-embedding-3-small", "Title of refunds\nTiming\nRefunds reach your card in 5 days."))).toBeDefined();
  });

  it("falls back to BM25 when the provider fails", async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    const fake = fakeProvider({ fail: true });
    const { kb } = testKb(dir, { settings: hybridSettings(), embeddings: { provider: fake.provider, cache: memoryEmbeddingCache() } });
    await kb.reload();
    await kb.embeddingsSettled();
    expect((await kb.search("norway"))[0]?.articleId).toBe("norway");
    expect(kb.metrics().embeddings.failures).toBe(1);
  });

  it("hybridRank mixes normalised BM25 with cosine by weight", () => {
    const lexical = [
      { doc: 1, score: 8 },
      { doc: 2, score: 4 },
    ];
    const semantic = [
      { doc: 3, score: 0.9 },
      { doc: 2, score: 0.8 },
    ];
    expect(hybridRank(lexical, semantic, 0, 3).map((h) => h.doc)).toEqual([1, 2]);
    expect(hybridRank(lexical, semantic, 1, 3).map((h) => h.doc)).toEqual([3, 2]);
    expect(hybridRank(lexical, semantic, 0.5, 3)).toEqual([
      { doc: 2, score: 0.65 },
      { doc: 1, score: 0.5 },
      { doc: 3, score: 0.45 },
    ]);
  });
});
