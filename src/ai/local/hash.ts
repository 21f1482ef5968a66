/**
 * 32-bit string hashing for feature hashing: FNV-1a over UTF-16 code units,
 * finished with the MurmurHash3 avalanche so that the low bits used as a
 * bucket index are well mixed. Pure integer maths: the same string maps to
 * the same bucket on every platform and run, which keeps trained models and
 * test expectations stable.
 */

/** FNV-1a offset basis; distinct seeds give independent feature namespaces. */
export const FNV_OFFSET = 0x811c9dc5;

/** One FNV-1a step: mixes a UTF-16 code unit into the running hash `h`. */
export function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193) >>> 0;
}

/** FNV-1a of `s` continuing from `h` (default: the offset basis). */
export function fnvString(s: string, h = FNV_OFFSET): number {
  let x = h;
  for (let i = 0; i < s.length; i++) x = fnvStep(x, s.charCodeAt(i));
  return x;
}

/** MurmurHash3 fmix32 finaliser: full avalanche of a 32-bit value. */
export function mix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
