/** German signal patterns (folded text: "ü" is "u", typed "ue" too). */
import { near, rule, whole, type SignalRule } from "./kinds.js";

const U = "ue?";
const A = "ae?";
const O = "oe?";
const KIND = String.raw`\b(?:kind|kinder|sohn|tochter|baby|kleinkind|kleine[rn]?|junge|madchen|maedchen|enkel\w*|(?:\d+|zwei|drei|vier)[- ]?jahrig\w*)\b`;

export const DE_RULES: readonly SignalRule[] = [
  rule("legal_threat", String.raw`\b(?:rechts)?anw${A}lt(?:in|e|en|s)?\b|\banwaltlich\w*|\brechtsbeistand\b`),
  rule(
    "legal_threat",
    String.raw`\bverklag\w*|\bklage\b|\bklagen\b|\b(?:vor|ans|zum|beim) gericht\b|\bgerichtlich\w*|\brechtliche(?:n)? schritte\b|\brechtsweg\b|\bverbraucherzentrale\b|\bstrafanzeige\b|\banzeige (?:erstatten|erstattet)\b|\bzeige (?:euch|sie|dich) an\b`,
  ),
  rule(
    "chargeback",
    String.raw`\br${U}ckbuch\w*|\bzur${U}ckbuch\w*|\br${U}cklastschrift\w*|\blastschrift (?:zur${U}ck\w*|widerruf\w*|stornier\w*)|\bk${A}uferschutz\b|\bpaypal[- ]?(?:fall|konflikt|klage)\b`,
  ),
  rule(
    "chargeback",
    near(
      String.raw`\b(?:zahlung|abbuchung|belastung|betrag|geld|lastschrift)\w*\b`,
      String.raw`\b(?:anfecht\w*|widersprech\w*|widerspruch|stornieren lassen|sperren lassen)\b`,
      40,
    ),
  ),
  rule(
    "chargeback",
    near(
      String.raw`\b(?:bank|kreditkart\w*|kartenherausgeber|paypal)\b`,
      String.raw`\b(?:widerspruch|widersprech\w*|anfecht\w*|zur${U}ckhol\w*|zur${U}ckfordern|reklamier\w*|einschalten)\b`,
      40,
    ),
  ),
  rule(
    "safety",
    String.raw`\b(?:suizid\w*|selbstmord\w*|mich (?:zu )?umbringen|umzubringen|mir das leben (?:zu )?nehmen|mir (?:etwas|was) an(?:zu)?tun|mir weh (?:zu )?tun|nicht mehr leben|ich (?:will|kann) nicht mehr\s*[.!]*$|mach(?:e)? (?:jetzt )?schluss\b|will sterben|m${O}chte sterben|lebensm${U}de|ritzen|selbstverletz\w*)\b`,
  ),
  rule("safety", near(KIND, String.raw`\b(?:verschluck\w*|geschluckt|schluckt\w*|erstick\w*|im mund|kleinteil\w*)\b`, 60)),
  rule("safety", String.raw`\b(?:verschluckt|hat \w+ geschluckt|knopfzelle\w*)\b`),
  rule("safety", near(KIND, String.raw`\b(?:missbrauch\w*|misshandel\w*|misshandl\w*|in gefahr)\b`, 30)),
  rule(
    "safety",
    String.raw`\b(?:verletz(?:t|ung\w*)|krankenhaus|notaufnahme|notarzt|rettungswagen|krankenwagen|genaht|blutet\w*|stromschlag|feuer|in brand|brennt|gebrannt|verbrannt|verbrennung\w*|explodiert\w*|qualmt\w*|funken|geschmolzen|erstick\w*|allergische reaktion|vergift\w*)\b`,
  ),
  rule("safety", String.raw`\b(?:gef${A}hrlich\w*|giftig\w*)\b(?![^.!?\n]*\?)`),
  rule(
    "security",
    String.raw`\b(?:gehackt|hacker\w*|phishing|identit${A}tsdiebstahl|kontoübernahme|konto${U}bernahme|nicht autorisiert\w*|unbefugt\w*|unberechtigt\w*)\b`,
  ),
  rule(
    "security",
    String.raw`\b(?:jemand|fremde[rn]?|unbekannte[rn]?)\b[^.!?]{0,40}\b(?:eingeloggt|angemeldet|zugriff|zugegriffen|benutzt|bestellt|ge${A}ndert|${U}bernommen)\b|\b(?:konto|account)\b[^.!?]{0,20}\b(?:${U}bernommen|gekapert)\b`,
  ),
  rule(
    "security",
    String.raw`\bpasswort\b[^.!?]{0,30}\bge${A}ndert\b[^.!?]{0,30}\bnicht (?:ich|von mir)\b|\bpasswort wurde (?:\w+ ){0,2}ge${A}ndert\b(?! erfolgreich)|\b(?:habe|hab) ich (?:nicht|nie|nie ?mals) (?:bestellt|gekauft|get${A}tigt|aufgegeben)\b|\bnicht von mir (?:bestellt|get${A}tigt|aufgegeben)|\b(?:bestellung(?:en)?|abbuchung(?:en)?|zahlung(?:en)?|k${A}ufe?)\b[^.!?]{0,30}\b(?:die|das) ich (?:nicht|nie) (?:bestellt|get${A}tigt|aufgegeben|gemacht|autorisiert)\b|\bverd${A}chtige (?:e-?mail|anmeldung|sms|nachricht|bestellung)\w*|\bkenne (?:diese|die|den) (?:bestellung|abbuchung|zahlung)\w* nicht\b`,
  ),
  rule(
    "human_request",
    String.raw`\bmitarbeiter(?:in|innen)?\b(?!-)|\b(?:mit )?(?:einem|einer) mensch(?:en)?\b|\b(?:echte[nmr]?|richtige[nmr]?) (?:person|mensch\w*)\b|\bkein(?:en)? (?:bot|roboter|computer|ki)\b|\bsachbearbeiter\w*|\bkundenberater\w*|\bvorgesetzte\w*|\bmensch(?:en)? (?:sprechen|reden|bitte)\b`,
  ),
  rule("human_request", whole(String.raw`mensch|mitarbeiter|berater|kundendienst|support|person`)),
  rule(
    "abuse",
    String.raw`\b(?:idiot(?:en)?|vollidiot\w*|arschl${O}ch\w*|trottel|depp(?:en)?|penner|versager|inkompetent\w*|betr${U}ger(?:bande)?|verpiss dich|halt(?:'s| das)? maul)\b`,
  ),
  rule("abuse", String.raw`\b(?:ihr|du|sie) (?:seid |bist |sind )?(?:so |total |v${O}llig )?(?:dumm|bl${O}d|unf${A}hig|nutzlos)\w*`),
  rule("abuse", String.raw`\bich (?:mach|mache|werde) (?:euch|dich|sie) (?:fertig|finden)\b`),
];
