import type { Identity, IdentityKind } from "../model/index.js";
import { toE164 } from "../util/phone.js";

/**
 * Normalises an identity value so the same person is recognised whatever way a
 * platform spells them: e-mail lower-cased and trimmed, phone numbers reduced
 * to E.164 with the numbering plan (a number that does not parse keeps `+` and
 * its digits; a leading 00 becomes +), platform ids trimmed.
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
  // Platforms hand over international numbers ("+39 06…", "4915…@c.us"); read them with the numbering plan.
  const plus = raw.trim().replace(/@.*$/, "");
  const parsed = toE164(/^[+0]/.test(plus) ? plus : `+${plus}`);
  if (parsed.ok) return parsed.e164;
  const digits = raw.replace(/[^\d+]/g, "");
  if (digits.startsWith("00")) return `+${digits.slice(2)}`;
  if (digits.startsWith("+")) return `+${digits.slice(1).replace(/\+/g, "")}`;
  return `+${digits}`;
}
