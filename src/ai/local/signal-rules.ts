/**
 * The phrase rules behind signals.ts, English and German. Each rule is a
 * regular expression run case-insensitively on the original text (so the
 * match is the evidence, verbatim). German rules accept both "ü" and "ue".
 *
 * Writing rules: prefer phrases over single words where a word is common in
 * harmless messages ("bank" alone is not a chargeback: "my bank account
 * number is…"; "useless" alone is about a product, not an insult to staff).
 */
export type RiskSignalKind = "legal_threat" | "chargeback" | "safety" | "security" | "human_request" | "abuse";

export const RISK_SIGNAL_KINDS: readonly RiskSignalKind[] = ["legal_threat", "chargeback", "safety", "security", "human_request", "abuse"];

export interface SignalRule {
  kind: RiskSignalKind;
  pattern: RegExp;
}

const U = "(?:ü|ue)";
const A = "(?:ä|ae)";
const O = "(?:ö|oe)";

const rule = (kind: RiskSignalKind, source: string): SignalRule => ({ kind, pattern: new RegExp(source, "giu") });

export const SIGNAL_RULES: readonly SignalRule[] = [
  // ---------------------------------------------------------------- legal
  rule("legal_threat", String.raw`\b(?:my |a |our )?(?:lawyers?|attorneys?|solicitors?)\b`),
  rule("legal_threat", String.raw`\b(?:sue|suing|sued)\b(?: you| your company| them)?`),
  rule("legal_threat", String.raw`\b(?:legal action|legal steps|lawsuit|court case|small claims(?: court)?)\b`),
  rule("legal_threat", String.raw`\b(?:take|taking|see) (?:you|this|it|them|your company) (?:to|in) court\b`),
  rule("legal_threat", String.raw`\b(?:trading standards|consumer protection (?:agency|office|authority)|ombudsman)\b`),
  rule("legal_threat", String.raw`\b(?:rechts)?anw(?:a|ä|ae)lt(?:in|e|en)?\b|\banwaltlich\w*`),
  rule("legal_threat", String.raw`\bverklag\w*|\bklage (?:ein)?reichen\b|\bklage einreichen\b`),
  rule("legal_threat", String.raw`\b(?:vor |ans? )gericht\b|\brechtliche schritte\b|\bverbraucherzentrale\b`),
  // ----------------------------------------------------------- chargeback
  rule("chargeback", String.raw`\bcharge[- ]?backs?\b`),
  rule("chargeback", String.raw`\breverse (?:the |this |that |my )?(?:charges?|payments?|transactions?)\b`),
  rule("chargeback", String.raw`\bdispute (?:the |this |that |my )?(?:charges?|payments?|transactions?)\b`),
  rule("chargeback", String.raw`\b(?:file|filed|filing|open|opened|opening|raise|raised|raising|start|started|starting) an? dispute\b(?: with (?:my |the )?(?:bank|card issuer|credit card(?: company)?|paypal))?`),
  // "file a claim" alone is usually about a damaged parcel (a carrier claim), not a chargeback.
  rule("chargeback", String.raw`\b(?:file|filed|filing|open|opened|opening|raise|raised|raising|start|started|starting) an? claim with (?:my |the )?(?:bank|card issuer|credit card(?: company)?|paypal)\b`),
  rule("chargeback", String.raw`\bdispute (?:it )?with (?:my |the )?(?:bank|card issuer|credit card(?: company)?)\b`),
  rule("chargeback", String.raw`\bpaypal (?:claim|dispute|case)\b`),
  rule("chargeback", String.raw`\b(?:call|contact|ask|tell) (?:my|the) (?:bank|card issuer|credit card company) to\b`),
  rule("chargeback", String.raw`\br${U}ckbuchung\w*|\bzur${U}ckbuchen\b|\bzur${U}ckbuchung\w*|\blastschrift (?:zur${U}ck\w*|widerruf\w*)|\bk${A}uferschutz\b`),
  rule("chargeback", String.raw`\bzahlung (?:bei (?:meiner|der) bank )?(?:anfechten|zur${U}ckholen|zur${U}ckbuchen|stornieren lassen)\b`),
  // --------------------------------------------------------------- safety
  rule("safety", String.raw`\b(?:suicid(?:e|al)|self[- ]harm|kill (?:myself|me)|end (?:my|it all|my life)\b(?: life)?|hurt (?:myself|me)|want to die)\b`),
  rule("safety", String.raw`\b(?:injur(?:y|ies|ed)|hospital|bleeding|electric(?:al)? shock|electrocuted)\b`),
  rule("safety", String.raw`\b(?:caught fire|on fire|fire hazard|burst into flames|burn(?:ed|t|s)?(?: (?:me|my|him|her))?|explod(?:ed|es|ing)|smoke (?:came|coming))\b`),
  rule("safety", String.raw`\b(?:chok(?:e|ed|ing)|allergic reaction|anaphyla\w*|poison(?:ed|ing|ous)?|unsafe|dangerous|hazardous)\b`),
  rule("safety", String.raw`\b(?:suizid\w*|selbstmord\w*|umbringen|nicht mehr leben|verletz(?:t|ung\w*)|krankenhaus)\b`),
  rule("safety", String.raw`\b(?:feuer|in brand geraten|brennt|gebrannt|verbrannt|explodiert|stromschlag|erstick\w*|verschluckt|allergische reaktion|vergift\w*|gef${A}hrlich\w*)\b`),
  // ------------------------------------------------------------- security
  rule("security", String.raw`\b(?:my )?(?:account|password|e-?mail)(?: (?:was|has been|got|is|been))? (?:hacked|compromised|stolen)\b|\bhacked\b`),
  rule("security", String.raw`\bsome(?:one|body)(?: else)? (?:has )?(?:logged|signed|got) (?:in)?to my account\b|\bsome(?:one|body)(?: else)? (?:is )?us(?:ed|ing) my (?:account|card)\b`),
  rule("security", String.raw`\bunauthori[sz]ed (?:orders?|purchases?|charges?|log-?ins?|access|transactions?|payments?)\b`),
  rule("security", String.raw`\bi (?:did not|didn't|never) (?:place|make|order|authori[sz]e) (?:this|that|these|those|the)(?: orders?| purchases?| payments?)?\b`),
  rule("security", String.raw`\bpassword (?:was |has been |got )?changed (?:but |and )?(?:it )?(?:wasn't|was not|not) (?:by )?me\b|\b(?:did not|didn't|never) change my password\b`),
  rule("security", String.raw`\b(?:phishing|identity theft|suspicious (?:e-?mail|log-?in|link|sms|text))\b`),
  rule("security", String.raw`\bgehackt\b|\bphishing\b|\bidentit${A}tsdiebstahl\b|\bnicht autorisiert\w*|\bunbefugt\w*`),
  rule("security", String.raw`\bjemand (?:hat sich |anderes |fremdes )?(?:in|bei|auf) mein(?:em|en)? (?:konto|account|kundenkonto) (?:eingeloggt|angemeldet)\b`),
  rule("security", String.raw`\bpasswort (?:wurde )?ge${A}ndert\b|\b(?:habe|hab) ich (?:nicht|nie) bestellt\b|\bverd${A}chtige (?:e-?mail|anmeldung|sms|nachricht)\b`),
  // -------------------------------------------------------- human request
  rule("human_request", String.raw`\b(?:talk|speak|chat|connect me|put me through|transfer me) (?:to|with) (?:a |an |the |some |your |one of your )?(?:real |actual |live )?(?:human(?: being)?|person|agent|representative|rep|operator|manager|supervisor|someone|somebody|staff(?: member)?|employee|customer service)\b`),
  rule("human_request", String.raw`\b(?:real|actual|live) (?:person|human|agent)\b|\bhuman (?:agent|being|please)\b|\bnot (?:a |another )?(?:bot|robot|machine)\b|\bno (?:more )?bots?\b`),
  rule("human_request", String.raw`\b(?:i want|i need|get me|give me) (?:a |an )?(?:human|agent|person|representative|operator)\b`),
  rule("human_request", String.raw`\bmitarbeiter(?:in|innen)?\b|\bmit einem menschen\b|\b(?:echte[nmr]?|richtige[nmr]?) (?:person|mensch\w*)\b|\bkein(?:en)? (?:bot|roboter|computer)\b|\bsachbearbeiter\w*|\bkundenberater\w*|\bvorgesetzte\w*`),
  rule("human_request", String.raw`\b(?:mensch(?:en)?) (?:sprechen|reden|bitte)\b`),
  // ----------------------------------------------------------------- abuse
  rule("abuse", String.raw`\b(?:idiots?|morons?|imbeciles?|assholes?|arseholes?|bastards?|clowns|incompetent|retards?|scum)\b`),
  rule("abuse", String.raw`\b(?:f+u+c+k+|f\*+k?|screw) (?:you|off|u)\b|\bgo to hell\b|\bshut up\b`),
  rule("abuse", String.raw`\b(?:you(?:'re| are)?|your (?:staff|team|support|company|service)(?: is| are)?) (?:so |such |fucking |bloody )?(?:stupid|dumb|useless|pathetic|worthless|liars?|thieves|crooks|scammers)\b`),
  rule("abuse", String.raw`\b(?:i(?:'ll| will| am going to|'m going to) (?:find|hurt|kill|get) you|watch your back|you(?:'ll| will) regret)\b`),
  rule("abuse", String.raw`\b(?:idiot(?:en)?|vollidiot\w*|arschl(?:o|ö|oe)ch\w*|trottel|depp(?:en)?|penner|versager|inkompetent\w*|betr${U}ger(?:bande)?|verpiss dich|halt(?:'s| das)? maul)\b`),
  rule("abuse", String.raw`\b(?:ihr|du|sie) (?:seid |bist |sind )?(?:so |total |v${O}llig )?(?:dumm|bl${O}d|unf${A}hig|nutzlos)\w*`),
  rule("abuse", String.raw`\bich (?:mach|mache|werde) (?:euch|dich|sie) (?:fertig|finden)\b`),
];

/**
 * Words that cancel a human request when they precede it closely ("I don't
 * need a human", "no need for an agent", "ohne Mitarbeiter"). Only human
 * requests are cancelled by negation; see signals.ts for why.
 */
export const NEGATION_BEFORE = /\b(?:don't|dont|do not|doesn't|does not|no need (?:to|for)|not necessary|without|never|no|nicht|kein(?:e|en)?|ohne|nie)\b[^.!?,;]{0,24}$/iu;
