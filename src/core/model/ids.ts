import { randomFillSync } from "node:crypto";

/**
 * Identifiers are opaque strings with a short prefix naming the entity
 * (`ct_`, `cv_`, `msg_`, `ev_`, `ob_`, `vis_`), so a value pasted into a log or
 * a support ticket says what it is.
 *
 * Layout (like UUIDv7): 12 hex digits of the creation time in milliseconds,
 * then 20 hex digits (80 bits) of cryptographic randomness. Time first makes
 * new ids sort after old ones, so database index inserts append instead of
 * splitting pages all over the tree (measured: see README → Benchmarks); the
 * 80 random bits keep them unguessable — a web visitor cannot enumerate
 * another's id.
 */
export type IdPrefix = "ct" | "cv" | "msg" | "ev" | "ob" | "vis" | "tm" | "tk";

/** Random bytes drawn from the OS in blocks (one syscall per 409 ids instead of one per id), handed out once each. */
const POOL = Buffer.alloc(4096);
let poolAt = POOL.length;

function randomHex10(): string {
  if (poolAt + 10 > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  const hex = POOL.toString("hex", poolAt, poolAt + 10);
  poolAt += 10;
  return hex;
}

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  return `${prefix}_${now.toString(16).padStart(12, "0")}${randomHex10()}`;
}
