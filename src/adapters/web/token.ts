import { createHmac, timingSafeEqual } from "node:crypto";
import { newId } from "../../core/model/index.js";

/**
 * Visitor tokens. A token is `base64url(visitorId) "." base64url(HMAC-SHA256(secret, "web-visitor:" + visitorId))`:
 * stateless (nothing stored per visitor until they write), unguessable (the
 * visitor id is random and the signature needs the secret), and verified in
 * constant time. Whoever holds the token is that visitor, so it lives only in
 * the browser's localStorage and is never logged.
 */
const VISITOR_ID = /^vis_[0-9a-f]{32}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;
const PURPOSE = "web-visitor:";
/** Longest token we bother decoding: an id (36 chars → 48) + "." + a signature (32 bytes → 43). */
const MAX_TOKEN_LENGTH = 128;

export interface VisitorSession {
  token: string;
  visitorId: string;
}

function signature(secret: Buffer, visitorId: string): Buffer {
  return createHmac("sha256", secret)
    .update(PURPOSE + visitorId, "utf8")
    .digest();
}

export function signVisitorToken(secret: Buffer, visitorId: string): string {
  if (!VISITOR_ID.test(visitorId)) throw new Error("not a visitor id");
  return `${Buffer.from(visitorId, "utf8").toString("base64url")}.${signature(secret, visitorId).toString("base64url")}`;
}

/** A new visitor: a fresh random id and its token. */
export function newVisitorSession(secret: Buffer): VisitorSession {
  const visitorId = newId("vis");
  return { visitorId, token: signVisitorToken(secret, visitorId) };
}

/** The visitor id a token was issued for, or null when it is malformed, truncated or signed with another secret. */
export function verifyVisitorToken(secret: Buffer, token: unknown): string | null {
  if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [idPart, sigPart] = parts as [string, string];
  if (!B64URL.test(idPart) || !B64URL.test(sigPart)) return null;
  const visitorId = Buffer.from(idPart, "base64url").toString("utf8");
  if (!VISITOR_ID.test(visitorId)) return null;
  // Re-encoding must give back the same text, so no two spellings of one token exist.
  if (Buffer.from(visitorId, "utf8").toString("base64url") !== idPart) return null;
  const given = Buffer.from(sigPart, "base64url");
  const expected = signature(secret, visitorId);
  if (given.length !== expected.length || given.toString("base64url") !== sigPart) return null;
  return timingSafeEqual(given, expected) ? visitorId : null;
}
