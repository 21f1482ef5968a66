import type { Identity, IdentityKind } from "../model/index.js";

/**
 * Normalises an identity value so the same person is recognised whatever way a
 * platform spells them: e-mail lower-cased and trimmed, phone numbers reduced
 * to E.164 (`+` and digits; a leading 00 becomes +), platform ids trimmed.
 */
export function normaliseIdentity(kind: IdentityKind, value: string): Identity {
  const v = value.trim();
  switch (kind) {
    case "email":
      return { kind, value: v.toLowerCase() };
    case "phone":
    case "whatsapp":
      return { kind, value: normalisePhone(v) };
    default:
      return { kind, value: v };
  }
}

export function normalisePhone(raw: string): string {
  const digits = raw.replace(/[^\d+]/g, "");
  if (digits.startsWith("00")) return `+${digits.slice(2)}`;
  if (digits.startsWith("+")) return `+${digits.slice(1).replace(/\+/g, "")}`;
  return `+${digits}`;
}
