import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { VerifiedIdentity } from "../../core/identity/index.js";

/**
 * Signed identity of a logged-in shopper (identity verification, like
 * Intercom's and Chatwoot's): the host site's server signs what it knows
 * about the shopper with the shared `identity_secret`, the page hands payload
 * and signature to the widget, and the hub believes it only when the
 * signature matches. How to sign: docs/web-chat.md "Signed identity".
 *
 * signature = hex(HMAC-SHA256(secret, canonicalJson(payload)))
 *
 * where canonicalJson is JSON with object keys sorted (by UTF-16 code units,
 * as JavaScript sorts strings), no whitespace, strings and numbers as
 * JSON.stringify writes them.
 */

/** The payload the host site signs. Strict: a key the hub does not know is refused rather than silently ignored. */
export const signedIdentityPayloadSchema = z.strictObject({
  user_id: z.string().trim().min(1).max(200),
  email: z.email().max(254).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  attributes: z.record(z.string().min(1).max(40), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()])).optional(),
  /** Unix time in seconds after which the signature is refused. */
  exp: z.number().int().positive().optional(),
});
export type SignedIdentityPayload = z.output<typeof signedIdentityPayloadSchema>;

/** Body of POST /api/web/identify. */
export const identifyBodySchema = z.strictObject({
  identity: z.record(z.string(), z.unknown()),
  signature: z.string().regex(/^[0-9a-fA-F]{64}$/, "expected the HMAC-SHA256 as 64 hex digits"),
});

/** JSON with sorted object keys and no whitespace: the exact text that is signed. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The signature a host site sends with `payload` (what its server computes; tests and docs use it too). */
export function signIdentity(secret: string, payload: Readonly<Record<string, unknown>>): string {
  return createHmac("sha256", secret).update(canonicalJson(payload), "utf8").digest("hex");
}

export type IdentityCheck =
  | { ok: true; identity: VerifiedIdentity }
  | { ok: false; status: 401 | 422; code: "invalid_signature" | "identity_expired" | "invalid_identity"; message: string };

/**
 * Checks a signed identity: signature first (constant-time compare of the
 * HMAC, over the payload exactly as received), then the payload's shape, then
 * `exp` against `now`. Nothing about the payload is trusted before the
 * signature matched; the result never echoes payload values (they are PII).
 */
export function verifySignedIdentity(secret: string, payload: Readonly<Record<string, unknown>>, signature: string, now: Date): IdentityCheck {
  const expected = createHmac("sha256", secret).update(canonicalJson(payload), "utf8").digest();
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      status: 401,
      code: "invalid_signature",
      message: "the identity's signature does not match; sign the payload with the identity secret (see docs/web-chat.md)",
    };
  }
  const parsed = signedIdentityPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      status: 422,
      code: "invalid_identity",
      message: `identity.${issue?.path.map(String).join(".") || "(payload)"}: ${issue?.message ?? "invalid"}`,
    };
  }
  const p = parsed.data;
  if (p.exp !== undefined && p.exp * 1000 <= now.getTime()) {
    return { ok: false, status: 401, code: "identity_expired", message: "the signed identity has expired (exp); sign a fresh one" };
  }
  return {
    ok: true,
    identity: {
      userId: p.user_id,
      ...(p.email ? { email: p.email } : {}),
      ...(p.name ? { name: p.name } : {}),
      ...(p.attributes ? { attributes: p.attributes } : {}),
    },
  };
}
