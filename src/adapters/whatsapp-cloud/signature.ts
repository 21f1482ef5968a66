import { createHmac, timingSafeEqual } from "node:crypto";

/** The `X-Hub-Signature-256` value Meta sends for a body: `sha256=` + hex HMAC-SHA256 keyed with the app secret. */
export function hubSignature(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}

/** True when `header` is the valid signature of exactly these bytes (constant-time comparison). */
export function verifyHubSignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (typeof header !== "string" || !/^sha256=[0-9a-fA-F]{64}$/.test(header.trim())) return false;
  const expected = Buffer.from(hubSignature(appSecret, rawBody).slice("sha256=".length), "hex");
  const given = Buffer.from(header.trim().slice("sha256=".length), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Constant-time string equality (the verify token of the handshake). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
