import type { z } from "zod";
import type { forbiddenRuleSchema } from "../core/config/schema.js";

/**
 * The forbidden-phrasing guard: one implementation for both places it
 * applies, so an article that passes lint and an answer that passes at run
 * time are held to exactly the same rules.
 *
 * - A `phrase` matches case- and accent-insensitively as whole words, with
 *   any whitespace (including line breaks) between its words and either
 *   apostrophe (' or ’): "Full   Refund" and "full\nrefund" both hit "full refund",
 *   "refunded" does not hit "refund".
 * - A `pattern` is a regular expression compiled with flags `giu`.
 * - `block` wins over `rewrite`: one blocking hit blocks the whole answer.
 */
export type ForbiddenRuleConfig = z.output<typeof forbiddenRuleSchema>;

export interface CompiledRule {
  /** Human label: the phrase, or the pattern between slashes. */
  label: string;
  reason: string;
  action: "block" | "rewrite";
  replacement: string | null;
  appliesTo: readonly ("articles" | "answers")[];
  regex: RegExp;
}

export interface GuardRules {
  readonly rules: readonly CompiledRule[];
}

export interface GuardHit {
  rule: string;
  reason: string;
  action: "block" | "rewrite";
  /** The text that matched, as written. */
  match: string;
  /** Offset of the match in the checked text (before any rewrite). */
  index: number;
}

export interface GuardResult {
  /** allow: no hit; rewrite: only rewrite rules hit and `text` is the rewritten answer; block: do not send, escalate. */
  action: "allow" | "block" | "rewrite";
  /** The text to send: the input unchanged (allow, block) or rewritten (rewrite). */
  text: string;
  hits: GuardHit[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Accent-insensitive character class for one letter (e.g. "e" → "[eéèêë…]"), built from the letter's decomposed forms. */
function letterClass(ch: string): string {
  const base = ch.normalize("NFD").replace(/\p{M}+/gu, "");
  if (!/^\p{L}$/u.test(base)) return ch === "'" || ch === "’" ? "['’]" : escape(ch);
  return `(?:${escape(base)}\\p{M}*|[${ACCENTED[base.toLowerCase()] ?? ""}${escape(base)}])`;
}

const ACCENTED: Record<string, string> = {
  a: "àáâãäåāą",
  c: "çćč",
  e: "èéêëēėę",
  i: "ìíîïī",
  n: "ñń",
  o: "òóôõöøō",
  s: "śšß",
  u: "ùúûüū",
  y: "ýÿ",
  z: "źżž",
};

export function phraseRegex(phrase: string): RegExp {
  const body = phrase
    .trim()
    .split(/\s+/)
    .map((word) => [...word].map(letterClass).join(""))
    .join("\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, "giu");
}

export function compileForbiddenRules(rules: readonly ForbiddenRuleConfig[]): GuardRules {
  return {
    rules: rules.map((r) => ({
      label: r.phrase !== undefined ? r.phrase : `/${r.pattern}/`,
      reason: r.reason,
      action: r.action,
      replacement: r.replacement ?? null,
      appliesTo: r.applies_to,
      regex: r.phrase !== undefined ? phraseRegex(r.phrase) : new RegExp(r.pattern!, "giu"),
    })),
  };
}

const compiledCache = new WeakMap<readonly ForbiddenRuleConfig[], GuardRules>();

function asGuardRules(rules: readonly ForbiddenRuleConfig[] | GuardRules): GuardRules {
  if (!Array.isArray(rules)) return rules as GuardRules;
  const list = rules as readonly ForbiddenRuleConfig[];
  let compiled = compiledCache.get(list);
  if (!compiled) compiledCache.set(list, (compiled = compileForbiddenRules(list)));
  return compiled;
}

/** Every match of the rules that apply to `target`, in text order. */
export function findForbidden(text: string, rules: readonly ForbiddenRuleConfig[] | GuardRules, target: "articles" | "answers"): GuardHit[] {
  const hits: GuardHit[] = [];
  for (const rule of asGuardRules(rules).rules) {
    if (!rule.appliesTo.includes(target)) continue;
    rule.regex.lastIndex = 0;
    for (const m of text.matchAll(rule.regex)) {
      if (m[0] === "") continue;
      hits.push({ rule: rule.label, reason: rule.reason, action: rule.action, match: m[0], index: m.index });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

/**
 * Checks one outbound AI answer. The AI core calls this on every answer
 * before it is queued: `block` means do not send it and escalate to a human;
 * `rewrite` means send `text` (matches replaced); `allow` means send as is.
 * Accepts the config's rule list (compiled once per list) or compiled rules.
 */
export function checkOutboundAnswer(text: string, rules: readonly ForbiddenRuleConfig[] | GuardRules): GuardResult {
  const hits = findForbidden(text, rules, "answers");
  if (hits.length === 0) return { action: "allow", text, hits };
  if (hits.some((h) => h.action === "block")) return { action: "block", text, hits };
  let out = text;
  for (const rule of asGuardRules(rules).rules) {
    if (rule.action !== "rewrite" || !rule.appliesTo.includes("answers")) continue;
    out = out.replace(rule.regex, () => rule.replacement ?? "");
  }
  return { action: "rewrite", text: out, hits };
}
