/**
 * The phrase rules behind signals.ts, in every language the demo config
 * ships (English, German, French, Spanish: one file each under signals/).
 * Rules run case-insensitively on the FOLDED text (lower case, accents
 * removed character by character, ’ → '), which keeps every index of the
 * original, so the match sliced from the original is the evidence, verbatim.
 * Write patterns without accents ("retrofacturation", "ruckbuchung"); German
 * "ü" typed as "ue" is covered by `U` ("ue?").
 *
 * Writing rules: prefer stems and word pairs near each other (`near`) over
 * whole sentences, and phrases over single words where a word is common in
 * harmless messages ("bank" alone is not a chargeback: "my bank account
 * number is…"; "useless" alone is about a product, not an insult to staff).
 */
import { DE_RULES } from "./signals/de.js";
import { EN_RULES } from "./signals/en.js";
import { ES_RULES } from "./signals/es.js";
import { FR_RULES } from "./signals/fr.js";
import type { SignalRule } from "./signals/kinds.js";

export { NEGATABLE, RISK_SIGNAL_KINDS, type RiskSignalKind, type SignalRule } from "./signals/kinds.js";

export const SIGNAL_RULES: readonly SignalRule[] = [...EN_RULES, ...DE_RULES, ...FR_RULES, ...ES_RULES];

/**
 * A negation close before a match ("I don't want to sue", "no need for an
 * agent", "ohne Mitarbeiter", "je ne veux pas", "no quiero") cancels the
 * kinds in NEGATABLE, unless the message goes on with "but / unless /
 * otherwise" (a veiled threat: "I don't want to sue you, but…").
 */
export const NEGATION_BEFORE =
  /\b(?:don't|dont|do not|doesn't|does not|won't|will not|not going to|no need (?:to|for)|not necessary|no intention|without|never|no|not|nicht|kein(?:e|en)?|ohne|nie|ne|n'|pas|sans|jamais|no|nunca|sin)\b[^.!?,;]{0,24}$/iu;
export const BUT_AFTER = /\b(?:but|unless|otherwise|or else|aber|sonst|ausser|mais|sinon|pero|sino|si no)\b/iu;
