import type { AttributeDeclaration, AttributeDeclarations } from "../config/attributes-schema.js";

/** A value as it arrives: JSON from the API or a signed identity, or text from an agent's command. `null` removes the attribute. */
export type RawAttributeValue = string | number | boolean | null;

/** Why a value was refused, naming the attribute. */
export interface AttributeProblem {
  key: string;
  code: "unknown_attribute" | "invalid_attribute";
  message: string;
}

export type AttributeCheck =
  /** Canonical text per attribute (what the profile stores), `null` for removal. */
  { ok: true; values: Record<string, string | null> } | { ok: false; problem: AttributeProblem };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER_TEXT = /^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Checks one value against its declaration and returns the canonical text the
 * profile stores: numbers in JavaScript's shortest form ("42", "0.5"),
 * booleans "true"/"false", dates "YYYY-MM-DD", enum values exactly as
 * declared (matched case-insensitively, so "!set tier VIP" works).
 * Text from a command ("42", "true", "yes") is accepted for numbers and booleans.
 */
export function canonicalAttributeValue(
  decl: AttributeDeclaration,
  raw: Exclude<RawAttributeValue, null>,
): { ok: true; value: string } | { ok: false; message: string } {
  switch (decl.type) {
    case "string": {
      if (typeof raw !== "string") return { ok: false, message: "expected text" };
      const text = raw.trim();
      if (text.length === 0) return { ok: false, message: "must not be empty (send null to remove it)" };
      if (text.length > decl.max_length) return { ok: false, message: `longer than ${decl.max_length} characters` };
      return { ok: true, value: text };
    }
    case "number": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && NUMBER_TEXT.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
      if (!Number.isFinite(n)) return { ok: false, message: "expected a number" };
      if (decl.min !== undefined && n < decl.min) return { ok: false, message: `must be at least ${decl.min}` };
      if (decl.max !== undefined && n > decl.max) return { ok: false, message: `must be at most ${decl.max}` };
      return { ok: true, value: String(n) };
    }
    case "boolean": {
      if (typeof raw === "boolean") return { ok: true, value: String(raw) };
      const text = typeof raw === "string" ? raw.trim().toLowerCase() : "";
      if (["true", "yes", "on"].includes(text)) return { ok: true, value: "true" };
      if (["false", "no", "off"].includes(text)) return { ok: true, value: "false" };
      return { ok: false, message: "expected true or false" };
    }
    case "enum": {
      const text = typeof raw === "string" ? raw.trim() : null;
      const match = text === null ? undefined : decl.values.find((v) => v.toLowerCase() === text.toLowerCase());
      return match ? { ok: true, value: match } : { ok: false, message: `expected one of ${decl.values.join(", ")}` };
    }
    case "date": {
      const m = typeof raw === "string" ? DATE.exec(raw.trim()) : null;
      if (!m) return { ok: false, message: "expected a date as YYYY-MM-DD" };
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      if (d.toISOString().slice(0, 10) !== m[0]) return { ok: false, message: "not a calendar date" };
      return { ok: true, value: m[0] };
    }
  }
}

/**
 * Validates a set of attribute values against the declarations in config.
 * All or nothing: the first unknown name or bad value refuses the whole set
 * (names are checked in the order given), so a caller never writes half of it.
 */
export function checkAttributes(declarations: AttributeDeclarations, input: Readonly<Record<string, RawAttributeValue>>): AttributeCheck {
  const values: Record<string, string | null> = {};
  for (const [key, raw] of Object.entries(input)) {
    const decl = Object.prototype.hasOwnProperty.call(declarations, key) ? declarations[key] : undefined;
    if (!decl) {
      const known = Object.keys(declarations);
      return {
        ok: false,
        problem: {
          key,
          code: "unknown_attribute",
          message: `unknown attribute "${key}" (declared: ${known.join(", ") || "none; declare them under attributes:"})`,
        },
      };
    }
    if (raw === null) {
      values[key] = null;
      continue;
    }
    const checked = canonicalAttributeValue(decl, raw);
    if (!checked.ok) return { ok: false, problem: { key, code: "invalid_attribute", message: `attribute "${key}": ${checked.message}` } };
    values[key] = checked.value;
  }
  return { ok: true, values };
}

/** The declared attributes a contact has, in declaration order, for display (handoff card, API). */
export function contactAttributes(
  declarations: AttributeDeclarations,
  profile: Readonly<Record<string, string>>,
): { key: string; label: string; value: string }[] {
  return Object.entries(declarations)
    .filter(([key]) => Object.prototype.hasOwnProperty.call(profile, key))
    .map(([key, decl]) => ({ key, label: decl.label ?? key, value: profile[key]! }));
}
