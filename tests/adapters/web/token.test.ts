import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newVisitorSession, signVisitorToken, verifyVisitorToken } from "../../../src/adapters/web/token.js";

const secret = Buffer.from("a-test-secret-that-is-long-enough");

describe("visitor tokens", () => {
  it("round-trips a new visitor", () => {
    const s = newVisitorSession(secret);
    expect(s.visitorId).toMatch(/^vis_[0-9a-f]{32}$/);
    expect(s.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyVisitorToken(secret, s.token)).toBe(s.visitorId);
  });

  it("gives every visitor a different, unguessable id", () => {
    const ids = new Set(Array.from({ length: 200 }, () => newVisitorSession(secret).visitorId));
    expect(ids.size).toBe(200);
  });

  it("rejects a token signed with another secret", () => {
    const s = newVisitorSession(randomBytes(32));
    expect(verifyVisitorToken(secret, s.token)).toBeNull();
  });

  it("rejects a forged token: someone else's visitor id with my signature", () => {
    const mine = newVisitorSession(secret);
    const victim = newVisitorSession(secret);
    const [, mySig] = mine.token.split(".");
    const [victimId] = victim.token.split(".");
    expect(verifyVisitorToken(secret, `${victimId}.${mySig}`)).toBeNull();
  });

  it("rejects a guessed id with no or a made-up signature", () => {
    const id = Buffer.from("vis_" + "0".repeat(32)).toString("base64url");
    expect(verifyVisitorToken(secret, id)).toBeNull();
    expect(verifyVisitorToken(secret, `${id}.`)).toBeNull();
    expect(verifyVisitorToken(secret, `${id}.${randomBytes(32).toString("base64url")}`)).toBeNull();
  });

  it("rejects truncated and garbled tokens", () => {
    const { token } = newVisitorSession(secret);
    expect(verifyVisitorToken(secret, token.slice(0, -1))).toBeNull();
    expect(verifyVisitorToken(secret, token.slice(0, token.indexOf(".")))).toBeNull();
    expect(verifyVisitorToken(secret, token + "A")).toBeNull();
    expect(verifyVisitorToken(secret, token.replace(".", ".."))).toBeNull();
    expect(verifyVisitorToken(secret, `${token}.${token}`)).toBeNull();
    const flipped = token.slice(0, -3) + (token.at(-3) === "A" ? "B" : "A") + token.slice(-2);
    expect(verifyVisitorToken(secret, flipped)).toBeNull();
    for (const junk of ["", ".", "abc", "a.b", "!!!.???", "x".repeat(500), null, undefined, 42, {}]) {
      expect(verifyVisitorToken(secret, junk)).toBeNull();
    }
  });

  it("rejects a signed value that is not a visitor id", () => {
    expect(() => signVisitorToken(secret, "ct_123")).toThrow();
  });
});
