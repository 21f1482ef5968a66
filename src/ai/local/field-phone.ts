/**
 * Phone numbers → E.164 ("+4915123456789").
 *
 * Accepted: "+49 151 2345 6789", "+49 (0)151 23456789", "0049 151 23456789",
 * and, with a default calling code, national forms: "0151 23456789" (trunk
 * "0" dropped) or "(555) 123-4567" for +1. Separators: spaces, "-", ".",
 * "/", parentheses. Rejected: letters, fewer than 8 or more than 15 digits
 * (E.164), a national number without a default calling code, and +1 numbers
 * that are not 10 digits after the "1".
 */
import { fail, ok, type FieldCandidate, type FieldContext, type FieldResult } from "./field-types.js";

export function normalisePhone(raw: string, ctx: Pick<FieldContext, "defaultCallingCode">): FieldResult {
  const s = raw.trim().replace(/\(0\)/g, "");
  if (!/^\+?[\d\s().\-/]+$/.test(s)) return fail("a phone number holds only digits, spaces, + - . / ( )");
  let digits = s.replace(/\D/g, "");
  if (s.startsWith("+")) {
    // already international
  } else if (digits.startsWith("00")) {
    digits = digits.slice(2);
  } else {
    const cc = (ctx.defaultCallingCode ?? "").replace(/\D/g, "");
    if (!cc) return fail("the phone number needs a country calling code such as +49");
    if (cc === "1") digits = digits.length === 11 && digits.startsWith("1") ? digits : `1${digits}`;
    else digits = cc + (digits.startsWith("0") ? digits.slice(1) : digits);
  }
  if (digits.startsWith("0")) return fail("a country calling code never starts with 0");
  if (digits.length < 8 || digits.length > 15) return fail("an international phone number has 8 to 15 digits");
  if (digits.startsWith("1") && digits.length !== 11) return fail("a +1 number has 10 digits after the country code");
  return ok(`+${digits}`);
}

const CANDIDATE = /(?<![\p{L}\p{N}+\-#./])(?:\+|00)?\(?\d[\d\s().\-/]{5,22}\d(?![\p{L}\p{N}])/gu;

/** Phone numbers in running text (each validated as above). */
export function findPhones(text: string, ctx: FieldContext): FieldCandidate[] {
  const out: FieldCandidate[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const raw = m[0];
    if (raw.replace(/\D/g, "").length < 7) continue;
    // "12.03.2026" or "2026-03-12" are dates, not phone numbers.
    if (/^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}$/.test(raw)) continue;
    const r = normalisePhone(raw, ctx);
    if (r.ok) out.push({ start: m.index, end: m.index + raw.length, value: r.value });
  }
  return out;
}
