/**
 * Rule-based risk signals and sentiment for the mandatory escalation rules
 * (DESIGN.md: legal threats, chargebacks, safety, security, requests for a
 * human, abuse, strong negative sentiment). No model; English, German,
 * French and Spanish phrase rules (signal-rules.ts, signals/*.ts).
 *
 * Decisions worth knowing:
 * - A close negation cancels human requests, legal threats and chargebacks
 *   ("I don't need a human", "I won't file a chargeback") unless the message
 *   goes on with "but / otherwise" ("I don't want to sue you, but…" is a
 *   veiled threat) or the negation is a demand ("don't make me call my
 *   lawyer"). Safety, security and abuse are never cancelled: "I'm not
 *   suicidal but…" still deserves a person. A false positive costs an
 *   escalation; a false negative on these kinds costs far more.
 * - Matching runs on folded text of the same length as the original
 *   (lower case, accents stripped per character), so typed-without-accents
 *   and accented spellings both match and the evidence is sliced verbatim.
 * - "not a bot" / "kein Bot" is a request for a human.
 * - `evidence` is the matched phrase as the customer wrote it. It is customer
 *   text: show it on the handoff card, never log it.
 * - Sentiment is a VADER-like sum of lexicon valences (sentiment-lexicon.ts)
 *   with intensifiers, dampeners and negation; words in ALL CAPS, a shouted
 *   message and runs of "!" push it further; legal, chargeback and abuse
 *   signals lower it. Normalised to −1..1 by s / √(s² + 15).
 */
import { BUT_AFTER, NEGATABLE, NEGATION_BEFORE, SIGNAL_RULES, RISK_SIGNAL_KINDS, type RiskSignalKind } from "./signal-rules.js";
import { DAMPENERS, INTENSIFIERS, NEGATORS, VALENCE } from "./sentiment-lexicon.js";

export { RISK_SIGNAL_KINDS, type RiskSignalKind };

export interface RiskSignal {
  kind: RiskSignalKind;
  /** The matched phrase, verbatim (customer text: never log it). */
  evidence: string;
}

export interface Signals {
  /** −1 (very negative) .. 1 (very positive); 0 for neutral text. */
  sentiment: number;
  /** At most one per kind (the first match), in the order of {@link RISK_SIGNAL_KINDS}. */
  signals: RiskSignal[];
}

const SIGNAL_VALENCE: Partial<Record<RiskSignalKind, number>> = { legal_threat: -1.5, chargeback: -1.5, abuse: -2, security: -0.5, safety: -1 };
const ALPHA = 15;

/** Detects risk signals and sentiment in one customer message. */
export function detectSignals(text: string): Signals {
  const found = new Map<RiskSignalKind, string>();
  const folded = foldSameLength(text);
  for (const { kind, pattern } of SIGNAL_RULES) {
    if (found.has(kind)) continue;
    pattern.lastIndex = 0;
    for (const m of folded.matchAll(pattern)) {
      if (NEGATABLE.has(kind) && negated(folded, m.index, m.index + m[0].length)) continue;
      found.set(kind, text.slice(m.index, m.index + m[0].length).trim());
      break;
    }
  }
  const signals = RISK_SIGNAL_KINDS.filter((k) => found.has(k)).map((kind) => ({ kind, evidence: found.get(kind)! }));
  let s = lexiconScore(text);
  for (const sig of signals) s += SIGNAL_VALENCE[sig.kind] ?? 0;
  s += emphasis(text, s);
  const sentiment = s / Math.sqrt(s * s + ALPHA);
  return { sentiment: Math.round(sentiment * 1000) / 1000, signals };
}

const DEMAND = /\b(?:make me|force me|have to|until|unless|if)\b/u;

function negated(folded: string, start: number, end: number): boolean {
  const before = folded.slice(Math.max(0, start - 40), start);
  if (!NEGATION_BEFORE.test(before) || DEMAND.test(before)) return false;
  return !BUT_AFTER.test(folded.slice(end));
}

/**
 * Lower case with accents stripped, one UTF-16 unit for one unit, so a match
 * index in the folded text is the same index in the original.
 */
export function foldSameLength(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const lower = c.toLowerCase();
    const base = lower.length === 1 ? lower.normalize("NFD")[0]! : c;
    out += base === "’" ? "'" : base;
  }
  return out;
}

const TOKEN = /[\p{L}]+(?:['’][\p{L}]+)?/gu;
const MARKS = /\p{M}+/gu;

function fold(word: string): string {
  return word.toLowerCase().replace(/’/g, "'").normalize("NFD").replace(MARKS, "").replace(/ß/g, "ss");
}

function isCaps(word: string): boolean {
  return word.length >= 3 && word === word.toUpperCase() && word !== word.toLowerCase();
}

function lexiconScore(text: string): number {
  const raw = text.match(TOKEN) ?? [];
  const tokens = raw.map(fold);
  let sum = 0;
  for (let i = 0; i < tokens.length; i++) {
    let v = VALENCE.get(tokens[i]!) ?? 0;
    if (v === 0) continue;
    if (isCaps(raw[i]!)) v *= 1.5;
    for (let j = Math.max(0, i - 2); j < i; j++) {
      if (INTENSIFIERS.has(tokens[j]!)) v *= isCaps(raw[j]!) ? 1.8 : 1.5;
      else if (DAMPENERS.has(tokens[j]!)) v *= 0.6;
    }
    for (let j = Math.max(0, i - 3); j < i; j++) {
      if (NEGATORS.test(tokens[j]!)) {
        v *= -0.6;
        break;
      }
    }
    sum += v;
  }
  return sum;
}

/** Shouting (most letters upper case) and runs of "!" make a message more negative (or more positive if it already is). */
function emphasis(text: string, score: number): number {
  let delta = 0;
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = letters.filter((c) => c !== c.toLowerCase()).length;
  if (letters.length >= 8 && upper / letters.length >= 0.7) delta -= score > 0 ? 0 : 1.2;
  const bangs = Math.min((text.match(/!/g) ?? []).length, 4);
  if (bangs >= 2 || /!{2,}/.test(text)) delta += score > 0 ? 0.2 * bangs : -0.35 * bangs;
  return delta;
}
