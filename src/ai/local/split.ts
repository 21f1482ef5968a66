/**
 * Deterministic data splits for evaluation: a stratified train/dev split and
 * a k-shot subset. Both depend only on (rows, seed), never on Math.random,
 * so every figure in docs/intent-classifier.md can be reproduced exactly.
 */
import { createRng, shuffleInPlace } from "./prng.js";

function groupByLabel<T>(rows: readonly T[], labelOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const label = labelOf(row);
    let g = groups.get(label);
    if (!g) groups.set(label, (g = []));
    g.push(row);
  }
  return groups;
}

/**
 * Splits each label's rows (in file order, shuffled with `seed`) so that
 * round(devFraction × count) go to dev and the rest to train. Labels are
 * visited in sorted order so the result does not depend on row order
 * across labels.
 */
export function stratifiedSplit<T>(rows: readonly T[], labelOf: (row: T) => string, devFraction: number, seed: number): { train: T[]; dev: T[] } {
  const rng = createRng(seed);
  const train: T[] = [];
  const dev: T[] = [];
  const groups = groupByLabel(rows, labelOf);
  for (const label of [...groups.keys()].sort()) {
    const g = shuffleInPlace<T, T[]>([...groups.get(label)!], rng);
    const nDev = Math.round(g.length * devFraction);
    dev.push(...g.slice(0, nDev));
    train.push(...g.slice(nDev));
  }
  return { train, dev };
}

/** Up to `k` rows per label, chosen by a seeded shuffle within each label. */
export function kShotSubset<T>(rows: readonly T[], labelOf: (row: T) => string, k: number, seed: number): T[] {
  const rng = createRng(seed);
  const out: T[] = [];
  const groups = groupByLabel(rows, labelOf);
  for (const label of [...groups.keys()].sort()) {
    out.push(...shuffleInPlace<T, T[]>([...groups.get(label)!], rng).slice(0, k));
  }
  return out;
}

/**
 * The dev-split conventions behind the figures in docs/intent-classifier.md,
 * shared by the benchmark and the tests so they measure the same thing:
 * Banking77 train → stratified 80/20 train/dev with seed 77; the k-shot
 * subset is drawn from the 80 % part with seed 10.
 */
export const DEV_SPLIT = { devFraction: 0.2, seed: 77, kShotSeed: 10 } as const;
