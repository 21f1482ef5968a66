/**
 * Seeded pseudo-random numbers (mulberry32). Everything random in training
 * (example order, hold-out slices) draws from here, so a model is a pure
 * function of (examples, options, seed).
 */

/** A deterministic generator of floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for shuffling; period 2^32. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place; returns `items`. */
export function shuffleInPlace<T, A extends { length: number; [index: number]: T }>(items: A, rng: Rng): A {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
