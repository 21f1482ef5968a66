import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, signIdentity, verifySignedIdentity } from "../../../src/adapters/web/identity.js";

const SECRET = "identity-secret-0123456789abcdef";
const NOW = new Date("2026-03-02T10:00:00Z");
const nowSec = NOW.getTime() / 1000;

describe("signed identity (web chat)", () => {
  it("signs canonical JSON: keys sorted at every level, no whitespace", () => {
    expect(canonicalJson({ user_id: "42", attributes: { tier: "vip", b: 1, a: true }, email: "a@b.c" })).toBe(
      '{"attributes":{"a":true,"b":1,"tier":"vip"},"email":"a@b.c","user_id":"42"}',
    );
    const payload = { user_id: "42", email: "ana@example.com" };
    // What a host site's server computes with nothing but node:crypto (the docs' example).
    const byHand = createHmac("sha256", SECRET).update('{"email":"ana@example.com","user_id":"42"}').digest("hex");
    expect(signIdentity(SECRET, payload)).toBe(byHand);
    // Key order as written does not matter.
    expect(signIdentity(SECRET, { email: "ana@example.com", user_id: "42" })).toBe(byHand);
  });

  it("accepts a valid signature and maps the payload", () => {
    const payload = { user_id: " shop-42 ", email: "Ana@Example.com", name: "Ana Lima", attributes: { tier: "vip" }, exp: nowSec + 300 };
    const checked = verifySignedIdentity(SECRET, payload, signIdentity(SECRET, payload), NOW);
    expect(checked).toEqual({ ok: true, identity: { userId: "shop-42", email: "Ana@Example.com", name: "Ana Lima", attributes: { tier: "vip" } } });
  });

  it("refuses a signature made with another secret, a changed payload, or a truncated signature (401 invalid_signature)", () => {
    const payload = { user_id: "42", attributes: { tier: "standard" } };
    const good = signIdentity(SECRET, payload);
    const other = verifySignedIdentity(SECRET, payload, signIdentity("another-secret-0123456789abcdef", payload), NOW);
    const tampered = verifySignedIdentity(SECRET, { ...payload, attributes: { tier: "vip" } }, good, NOW);
    const short = verifySignedIdentity(SECRET, payload, good.slice(0, 62), NOW);
    for (const c of [other, tampered, short]) expect(c).toMatchObject({ ok: false, status: 401, code: "invalid_signature" });
    // Hex case does not matter; the bytes do.
    expect(verifySignedIdentity(SECRET, payload, good.toUpperCase(), NOW).ok).toBe(true);
  });

  it("refuses an expired signature (401 identity_expired), also at the exact second", () => {
    const past = { user_id: "42", exp: nowSec - 1 };
    expect(verifySignedIdentity(SECRET, past, signIdentity(SECRET, past), NOW)).toMatchObject({ ok: false, status: 401, code: "identity_expired" });
    const atNow = { user_id: "42", exp: nowSec };
    expect(verifySignedIdentity(SECRET, atNow, signIdentity(SECRET, atNow), NOW)).toMatchObject({ ok: false, code: "identity_expired" });
    const later = { user_id: "42", exp: nowSec + 1 };
    expect(verifySignedIdentity(SECRET, later, signIdentity(SECRET, later), NOW).ok).toBe(true);
  });

  it("checks the shape only after the signature, and never echoes payload values", () => {
    const unknownKey = { user_id: "42", role: "admin" };
    const noUser = { email: "ana@example.com" };
    const badEmail = { user_id: "42", email: "not-an-address" };
    for (const p of [unknownKey, noUser, badEmail]) {
      const c = verifySignedIdentity(SECRET, p, signIdentity(SECRET, p), NOW);
      expect(c).toMatchObject({ ok: false, status: 422, code: "invalid_identity" });
      if (!c.ok) expect(c.message).not.toContain("ana@example.com");
    }
    // Unsigned garbage is a signature failure, not a shape report.
    expect(verifySignedIdentity(SECRET, unknownKey, "0".repeat(64), NOW)).toMatchObject({ code: "invalid_signature" });
  });
});
