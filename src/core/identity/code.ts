import { randomBytes, randomInt, scrypt, timingSafeEqual } from "node:crypto";

/**
 * One-time codes: generation, hashing and comparison. The code itself only
 * ever exists in memory and in the message that carries it to the customer;
 * what is stored is a salted scrypt hash.
 *
 * Why scrypt for a 6-digit code: a million candidates is nothing for a plain
 * hash, so anyone who could read the event log during the code's ten minutes
 * could recover it. scrypt (N=2^14, ~30 ms per guess per core) makes that a
 * matter of hours, far past the expiry.
 */
export const CODE_LENGTH = 6;

export function generateCode(): string {
  return randomInt(0, 10 ** CODE_LENGTH)
    .toString()
    .padStart(CODE_LENGTH, "0");
}

/** Accepts what a customer types ("123 456", "123-456"); null when it cannot be a code. */
export function normaliseCode(input: string): string | null {
  const digits = input.replace(/[\s\-.]/g, "");
  return new RegExp(`^\\d{${CODE_LENGTH}}$`).test(digits) ? digits : null;
}

export interface CodeHash {
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

function derive(code: string, offerId: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // The offer id is bound into the input: a hash copied to another offer does not verify there.
    scrypt(`${offerId}:${code}`, salt, 32, { N: 16_384, r: 8, p: 1 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashCode(code: string, offerId: string): Promise<CodeHash> {
  const salt = randomBytes(16);
  return { salt: salt.toString("base64"), hash: (await derive(code, offerId, salt)).toString("base64") };
}

/** Constant-time comparison of a candidate against the stored hash. */
export async function codeMatches(candidate: string, offerId: string, stored: CodeHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, "base64");
  const actual = await derive(candidate, offerId, Buffer.from(stored.salt, "base64"));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
