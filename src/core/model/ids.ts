import { randomUUID } from "node:crypto";

/**
 * Identifiers are opaque strings with a short prefix naming the entity
 * (`ct_`, `cv_`, `msg_`, `ev_`, `ob_`), so a value pasted into a log or a
 * support ticket says what it is. They are random (UUIDv4 body), never
 * sequential: a web visitor must not be able to guess another's id.
 */
export type IdPrefix = "ct" | "cv" | "msg" | "ev" | "ob" | "vis";

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomUUID().replace(/-/g, "")}`;
}
