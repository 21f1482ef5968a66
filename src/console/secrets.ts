import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

/** A random token (256 bits, base64url): invite links, session cookies, CSRF tokens. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the store keeps of a token: its SHA-256 (a leaked table signs nobody in). */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

/** Constant-time equality of two strings (CSRF tokens). */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

/**
 * Password hashing: Argon2id (@node-rs/argon2, OWASP's parameters:
 * 19 MiB, 2 iterations, 1 lane). The PHC string carries its parameters, so
 * stronger settings later still verify old hashes.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
}

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
  async verify(hashed, password) {
    try {
      return await verify(hashed, password);
    } catch {
      return false; // a malformed stored hash signs nobody in
    }
  },
};
