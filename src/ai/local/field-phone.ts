/**
 * Phone numbers → E.164 ("+4915123456789").
 *
 * Accepted: "+49 151 2345 6789", "+49 (0)151 23456789", "0049 151 23456789",
 * and, with a default calling code, national forms: "0151 23456789" (the
 * trunk "0" dropped where the country drops it, kept for Italy) or
 * "(555) 123-4567" for +1. Separators: spaces, "-", ".", "/", parentheses.
 * Rejected: letters, numbers of an impossible length for their country, and a
 * national number without a default calling code (see core/util/phone.ts).
 */
import { toE164 } from "../../core/util/phone.js";
import { fail, ok, type FieldCandidate, type FieldContext, type FieldResult } from "./field-types.js";

export function normalisePhone(raw: string, ctx: Pick<FieldContext, "defaultCallingCode">): FieldResult {
  if (!/^\+?[\d\s().\-/]+$/.test(raw.trim())) return fail("a phone number holds only digits, spaces, + - . / ( )");
  const r = toE164(raw, ctx.defaultCallingCode);
  return r.ok ? ok(r.e164) : fail(r.reason);
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
