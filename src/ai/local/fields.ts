/**
 * Typed validation and rule-based extraction of ticket fields (FieldSpec),
 * used by the local provider's `extract` and usable by the AI core to check
 * any provider's values again.
 *
 * Kinds and normal forms:
 * - `order_id`: `pattern` (default {@link DEFAULT_ORDER_PATTERN}); "#" and
 *   surrounding blanks stripped, upper case.
 * - `email`: lower case. - `phone`: E.164 (field-phone.ts).
 * - `region`: one of `options`, in its configured spelling (field-region.ts).
 * - `date`: ISO yyyy-mm-dd (field-date.ts). - `text`: trimmed, blanks
 *   collapsed, at most `maxTextLength` characters.
 * Any kind with `pattern` must match it (whole value, after normalisation);
 * any kind other than region with `options` must be one of them.
 *
 * Extraction from running text only uses kinds with a recognisable shape
 * (order ids, e-mail addresses, phone numbers, dates, regions named from
 * `options`). A free-text answer becomes a field's whole value only when the
 * AI has just asked for that field (`expecting`): "blue, size 42" is a fine
 * answer to "what colour and size?" but must not become the `text` field of
 * every message. Two fields never claim overlapping characters.
 */
import type { FieldKind, FieldSpec } from "../port.js";
import { findDates, parseDate } from "./field-date.js";
import { findPhones, normalisePhone } from "./field-phone.js";
import { findRegions, matchRegion } from "./field-region.js";
import { fail, ok, wholePattern, type FieldCandidate, type FieldContext, type FieldResult } from "./field-types.js";

export type { FieldCandidate, FieldContext, FieldResult } from "./field-types.js";

/** Order ids such as "NW-123456", "AB12345" or "12345" (4–12 digits, optional 2–4 letter prefix). */
export const DEFAULT_ORDER_PATTERN = "(?:[A-Z]{2,4}-?)?\\d{4,12}";
const DEFAULT_MAX_TEXT = 500;

/** Checks and normalises one raw value for a field. Never throws (a bad `pattern` is a rejection). */
export function validateField(spec: FieldSpec, raw: string, ctx: FieldContext): FieldResult {
  const base = validateKind(spec, raw, ctx);
  if (!base.ok) return base;
  if (spec.pattern && spec.kind !== "order_id") {
    const re = wholePattern(spec.pattern);
    if (!re) return fail("the field's pattern is not a valid regular expression");
    if (!re.test(base.value)) return fail("does not match the field's pattern");
  }
  if (spec.options?.length && spec.kind !== "region") {
    const hit = spec.options.find((o) => o.toLowerCase() === base.value.toLowerCase());
    return hit ? ok(hit) : fail("not one of the configured options");
  }
  return base;
}

function validateKind(spec: FieldSpec, raw: string, ctx: FieldContext): FieldResult {
  switch (spec.kind) {
    case "order_id":
      return normaliseOrderId(raw, spec.pattern);
    case "email":
      return normaliseEmail(raw);
    case "phone":
      return normalisePhone(raw, ctx);
    case "region":
      return matchRegion(raw, spec.options);
    case "date":
      return parseDate(raw, ctx);
    case "text": {
      const value = raw.trim().replace(/\s+/g, " ");
      if (!value) return fail("empty");
      const max = ctx.maxTextLength ?? DEFAULT_MAX_TEXT;
      return value.length <= max ? ok(value) : fail(`longer than ${max} characters`);
    }
  }
}

export function normaliseOrderId(raw: string, pattern?: string): FieldResult {
  const value = raw.trim().replace(/^#\s*/, "").trim().toUpperCase();
  if (!value) return fail("empty");
  const re = wholePattern(pattern ?? DEFAULT_ORDER_PATTERN);
  if (!re) return fail("the field's pattern is not a valid regular expression");
  return re.test(value) ? ok(value) : fail("does not look like an order number");
}

const EMAIL_WHOLE = /^[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}$/u;
const EMAIL_IN_TEXT = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

export function normaliseEmail(raw: string): FieldResult {
  const value = raw
    .trim()
    .replace(/^mailto:/i, "")
    .toLowerCase();
  if (!EMAIL_WHOLE.test(value)) return fail("not an e-mail address");
  if (value.includes("..") || value.startsWith(".") || value.includes(".@")) return fail("not an e-mail address");
  return ok(value);
}

/** Candidates for one field in running text, in order of appearance. */
export function findField(text: string, spec: FieldSpec, ctx: FieldContext, expected = false): FieldCandidate[] {
  const raw = findRaw(text, spec, ctx, expected);
  const out: FieldCandidate[] = [];
  for (const c of raw) {
    const r = validateField(spec, c.value, ctx);
    if (r.ok) out.push({ ...c, value: r.value });
  }
  return out;
}

const ORDER_KEYWORD =
  /(?:order|bestellung|bestellnummer|auftrag|auftragsnummer|commande|pedido|ordine|bestelling)(?:\s*(?:no\.?|nr\.?|number|nummer|num[eé]ro|n[º°o]\.?|id|#))?\s*[:#]?\s*(\d{4,12})(?![\p{L}\p{N}])/giu;
const ORDER_SHAPED = /(?<![\p{L}\p{N}@.-])(#\s?\d{4,12}|[A-Za-z]{2,4}-?\d{4,12})(?![\p{L}\p{N}])/gu;

function findRaw(text: string, spec: FieldSpec, ctx: FieldContext, expected: boolean): FieldCandidate[] {
  switch (spec.kind) {
    case "email":
      return [...text.matchAll(EMAIL_IN_TEXT)].map((m) => ({ start: m.index, end: m.index + m[0].length, value: m[0] }));
    case "phone":
      return findPhones(text, ctx);
    case "date":
      return findDates(text, ctx);
    case "region":
      return findRegions(text, spec.options);
    case "text":
      return [];
    case "order_id": {
      // A configured pattern is specific enough to search for anywhere; so is the default one
      // when the AI has just asked for the order number ("it's 12345").
      if (spec.pattern || expected) {
        let re: RegExp;
        try {
          re = new RegExp(`(?<![\\p{L}\\p{N}])#?\\s?(?:${spec.pattern ?? DEFAULT_ORDER_PATTERN})(?![\\p{L}\\p{N}])`, "giu");
        } catch {
          return [];
        }
        return [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length, value: m[0] }));
      }
      const out = [...text.matchAll(ORDER_KEYWORD)].map((m) => {
        const start = m.index + m[0].length - m[1]!.length;
        return { start, end: start + m[1]!.length, value: m[1]! };
      });
      for (const m of text.matchAll(ORDER_SHAPED)) out.push({ start: m.index, end: m.index + m[0].length, value: m[0] });
      return out.sort((a, b) => a.start - b.start);
    }
  }
}

/** Kinds claim spans in this order: an e-mail address holds digits, a date looks like a phone number. */
const CLAIM_ORDER: readonly FieldKind[] = ["email", "date", "order_id", "phone", "region", "text"];

/**
 * Extracts the requested fields from one customer message. Absent fields are
 * omitted. With `expecting` (the field the AI just asked for), the whole
 * message is tried as that field's value first, then running text.
 */
export function extractFields(text: string, specs: readonly FieldSpec[], ctx: FieldContext & { expecting?: string }): Record<string, string> {
  const out: Record<string, string> = {};
  const taken: FieldCandidate[] = [];
  const expected = specs.find((s) => s.name === ctx.expecting);
  if (expected) {
    const whole = validateField(expected, text, ctx);
    if (whole.ok) {
      out[expected.name] = whole.value;
      taken.push({ start: 0, end: text.length, value: whole.value });
    }
  }
  const ordered = [...specs].sort((a, b) => CLAIM_ORDER.indexOf(a.kind) - CLAIM_ORDER.indexOf(b.kind));
  for (const spec of ordered) {
    if (spec.name in out) continue;
    const free = findField(text, spec, ctx, spec === expected).find((c) => !taken.some((t) => t.start < c.end && c.start < t.end));
    if (!free) continue;
    out[spec.name] = free.value;
    taken.push(free);
  }
  return out;
}

/** Kinds whose values are recognisable in any message, whatever it is about. */
const IDENTIFIER_KINDS: ReadonlySet<FieldKind> = new Set(["order_id", "email", "phone"]);

/**
 * Identifiers (order ids, e-mail addresses, phone numbers) in any customer
 * message, before the topic is known ("NW-10023" first, "where is it?"
 * next), so a value given once is never asked for again. Stricter than
 * {@link extractFields}: an order id needs its shape or the word "order"
 * nearby ("NW-10023", "order 10023"), never a bare number (a postcode, an
 * amount), even when the field's `pattern` would accept one; the value must
 * still pass the field's own validation. Regions and dates are left out:
 * "do you ship to Austria?" does not make Austria the customer's country.
 */
export function extractIdentifiers(text: string, specs: readonly FieldSpec[], ctx: FieldContext): Record<string, string> {
  const loose = specs
    .filter((s) => IDENTIFIER_KINDS.has(s.kind))
    .map(({ pattern, ...rest }) => (rest.kind === "order_id" ? rest : { ...rest, ...(pattern ? { pattern } : {}) }));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(extractFields(text, loose, ctx))) {
    const spec = specs.find((s) => s.name === name)!;
    const checked = validateField(spec, value, ctx);
    if (checked.ok) out[name] = checked.value;
  }
  return out;
}
