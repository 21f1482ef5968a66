/** Risk signal kinds and the shape of a phrase rule (signal-rules.ts). */
export type RiskSignalKind = "legal_threat" | "chargeback" | "safety" | "security" | "human_request" | "abuse";

export const RISK_SIGNAL_KINDS: readonly RiskSignalKind[] = ["legal_threat", "chargeback", "safety", "security", "human_request", "abuse"];

/**
 * Kinds a close negation cancels. Safety and abuse are never cancelled: "I'm
 * not suicidal but…" still deserves a person, and a false positive there
 * costs an escalation while a miss costs far more.
 */
export const NEGATABLE: ReadonlySet<RiskSignalKind> = new Set(["legal_threat", "chargeback", "security", "human_request"]);

export interface SignalRule {
  kind: RiskSignalKind;
  pattern: RegExp;
}

/** A rule from a pattern source, run on folded text (see signal-rules.ts). */
export const rule = (kind: RiskSignalKind, source: string): SignalRule => ({ kind, pattern: new RegExp(source, "giu") });

/** `a` and `b` in either order, at most `gap` characters apart within one sentence. */
export function near(a: string, b: string, gap = 40): string {
  return String.raw`(?:(?:${a})[^.!?\n]{0,${gap}}?(?:${b})|(?:${b})[^.!?\n]{0,${gap}}?(?:${a}))`;
}

/** The whole message is (almost) only this: "agent", "human please", "Mitarbeiter!". */
export function whole(words: string): string {
  return String.raw`^\W*(?:(?:please|pls|bitte|svp|s'il vous plait|por favor|une?|una?|a|an|el|la|le|ein(?:en)?|einer?)[\s,]+)*(?:${words})(?:[\s,]+(?:please|pls|bitte|now|jetzt|svp|s'il vous plait|por favor|ya|maintenant))*\W*$`;
}
