import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Optional semantic retrieval. The knowledge base does not know OpenAI: it
 * talks to this port, which the OpenAI provider (another module) implements;
 * tests pass a deterministic fake.
 */
export interface EmbeddingProvider {
  /** One vector per input text, in order. Any length; all vectors of one model have the same dimension. */
  embed(texts: string[]): Promise<number[][]>;
}

/**
 * Vectors keyed by a hash of (model, text). Because the key is the content,
 * an unchanged passage is never embedded again — not after a hot reload of
 * another article, and (with the file cache) not after a restart — and a
 * changed passage can never be served a stale vector.
 */
export interface EmbeddingCache {
  get(key: string): Float32Array | undefined;
  set(key: string, vector: Float32Array): void;
  readonly size: number;
}

export function embeddingKey(model: string, text: string): string {
  return createHash("sha256").update(model).update("\0").update(text).digest("hex");
}

export function memoryEmbeddingCache(): EmbeddingCache {
  const map = new Map<string, Float32Array>();
  return {
    get: (key) => map.get(key),
    set: (key, vector) => void map.set(key, vector),
    get size() {
      return map.size;
    },
  };
}

/**
 * A cache persisted as JSON lines (`{"k": key, "v": [..]}`), loaded once and
 * appended to; unreadable lines are skipped (a crash mid-append loses one
 * vector, which is simply embedded again).
 */
export function fileEmbeddingCache(path: string): EmbeddingCache {
  const mem = memoryEmbeddingCache();
  if (existsSync(path)) {
    for (const line of readFileSync(path, "utf8").split("\n")) {
      if (!line) continue;
      try {
        const { k, v } = JSON.parse(line) as { k: string; v: number[] };
        if (typeof k === "string" && Array.isArray(v)) mem.set(k, Float32Array.from(v));
      } catch {
        // Partial last line after a crash: ignore.
      }
    }
  }
  let dirReady = false;
  return {
    get: (key) => mem.get(key),
    set(key, vector) {
      if (mem.get(key)) return;
      mem.set(key, vector);
      if (!dirReady) mkdirSync(dirname(path), { recursive: true }), (dirReady = true);
      appendFileSync(path, `${JSON.stringify({ k: key, v: Array.from(vector) })}\n`);
    },
    get size() {
      return mem.size;
    },
  };
}

/** Scales a vector to unit length (cosine similarity becomes a dot product). */
export function unit(v: readonly number[]): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return Float32Array.from(v, (x) => x / norm);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Embeds the texts missing from the cache (in batches) and returns a unit
 * vector for every text. Only cache misses reach the provider.
 */
export async function embedAll(
  texts: readonly string[],
  deps: { provider: EmbeddingProvider; cache: EmbeddingCache; model: string; batchSize?: number },
): Promise<{ vectors: Float32Array[]; embedded: number }> {
  const keys = texts.map((t) => embeddingKey(deps.model, t));
  const missing = [
    ...new Set(
      keys
        .map((k, i) => (deps.cache.get(k) ? -1 : i))
        .filter((i) => i >= 0)
        .map((i) => keys[i]!),
    ),
  ];
  const textOf = new Map(keys.map((k, i) => [k, texts[i]!]));
  const batch = deps.batchSize ?? 64;
  for (let i = 0; i < missing.length; i += batch) {
    const slice = missing.slice(i, i + batch);
    const vectors = await deps.provider.embed(slice.map((k) => textOf.get(k)!));
    if (vectors.length !== slice.length) throw new Error(`embedding provider returned ${vectors.length} vectors for ${slice.length} texts`);
    slice.forEach((k, j) => deps.cache.set(k, unit(vectors[j]!)));
  }
  return { vectors: keys.map((k) => deps.cache.get(k)!), embedded: missing.length };
}

export interface RankedDoc {
  doc: number;
  score: number;
}

/**
 * Hybrid ranking: a convex combination of the BM25 score (divided by the
 * best BM25 score of this query, so it lies in [0, 1]) and the cosine
 * similarity (clamped to [0, 1]). `weight` is the embeddings' share.
 * A document found by only one side gets 0 from the other, so exact keyword
 * matches (order numbers, product names) and paraphrases both surface.
 */
export function hybridRank(lexical: readonly RankedDoc[], semantic: readonly RankedDoc[], weight: number, limit: number): RankedDoc[] {
  const best = lexical.reduce((m, h) => Math.max(m, h.score), 0) || 1;
  const combined = new Map<number, number>();
  for (const h of lexical) combined.set(h.doc, (1 - weight) * (h.score / best));
  for (const h of semantic) combined.set(h.doc, (combined.get(h.doc) ?? 0) + weight * Math.max(0, h.score));
  return [...combined]
    .map(([doc, score]) => ({ doc, score }))
    .filter((h) => h.score > 0)
    .sort((a, b) => b.score - a.score || a.doc - b.doc)
    .slice(0, limit);
}
