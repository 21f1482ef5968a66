/**
 * "I don't have it": recognises a customer saying they cannot give a field
 * ("I don't have an order number, I ordered as a guest", "lost the e-mail",
 * "keine Bestellnummer", "je n'ai pas de numéro de commande", "no tengo el
 * número de pedido"). The AI then takes the alternative path (answer without
 * it, or hand over with what the customer did give) instead of repeating the
 * validator's complaint.
 *
 * Deterministic and deliberately narrow: a negation or loss word must sit
 * close to a noun naming the field (by kind, in en/de/fr/es, plus the words
 * of the field's own name and description), so "no, it's NW-10023" or "I
 * don't know when it ships" are not refusals. Callers check for a valid value
 * first: a message that contains one never counts as declining.
 */
import type { FieldKind, FieldSpec } from "../port.js";

/** Nouns that name a field of each kind (the order confirmation holds the order number, so losing it counts). */
const NOUNS: Record<FieldKind, string> = {
  order_id: String.raw`order(?:\s*(?:number|no\.?|nr\.?|id|#|confirmation|e-?mail))|confirmation(?:\s*e-?mail)?|(?:the|that|this)\s+e-?mail|bestell(?:nummer|bestätigung|-?mail)|auftragsnummer|bestätigung(?:smail)?|num[ée]ro(?:\s+de\s+commande)?|commande|(?:e-?)?mail\s+de\s+confirmation|n[úu]mero(?:\s+de\s+(?:pedido|orden))?|correo(?:\s+de\s+confirmaci[óo]n)?|pedido`,
  email: String.raw`e-?mail(?:[\s-]*(?:address|adresse))|adresse\s+e-?mail|correo(?:\s+electr[óo]nico)?`,
  phone: String.raw`(?:phone|mobile|cell)(?:\s*number)?|telefon(?:nummer)?|handy(?:nummer)?|t[ée]l[ée]phone|portable|tel[ée]fono|m[óo]vil`,
  region: String.raw`country|land|pays|pa[íi]s`,
  date: String.raw`date|datum|fecha`,
  text: String.raw`(?!)`,
};

/** Before the noun: "don't have (an|the|my)", "no", "without", "lost", "kein(e)", "pas de", "no tengo"… */
const BEFORE = String.raw`(?:don'?t|do\s+not|didn'?t|did\s+not|never)\s+(?:have|has|got|get|receive[d]?|know|remember)|haven'?t\s+(?:got|received)?|have\s+no|has\s+no|no|without|lost|deleted|can'?t\s+find|cannot\s+find|couldn'?t\s+find|forgot|kein(?:e|en|er)?|ohne|n'ai\s+(?:pas|jamais)(?:\s+re[çc]u)?|pas\s+de|sans|perdu|no\s+tengo|no\s+recib[íi]|sin|perd[íi]|no\s+encuentro`;
/** After the noun: "…number is lost", "Bestellnummer habe ich nicht", "…e-mail verloren". */
const AFTER = String.raw`(?:is|was|got)?\s*(?:lost|gone|deleted|missing)|(?:habe|hab)\s+ich\s+(?:nicht|keine)|(?:ist\s+)?(?:weg|verloren|gelöscht)|finde\s+ich\s+nicht|perdu|perdido`;
/** Words between the negation and the noun ("don't have THE ORIGINAL order number"). */
const GAP = String.raw`(?:\s+[\p{L}'-]+){0,3}?\s+`;

/** The names of `specs` the customer says they do not have in `text`. */
export function declinedFields(text: string, specs: readonly FieldSpec[]): string[] {
  return specs.filter((s) => declines(text, s)).map((s) => s.name);
}

function declines(text: string, spec: FieldSpec): boolean {
  const own = ownWords(spec);
  const noun = `(?:${NOUNS[spec.kind]}${own ? `|${own}` : ""})`;
  const re = new RegExp(String.raw`(?<![\p{L}])(?:(?:${BEFORE})${GAP}${noun}|${noun}(?:\s+[\p{L}'-]+){0,2}?\s+(?:${AFTER}))(?![\p{L}])`, "iu");
  return re.test(text.replace(/[’`]/g, "'"));
}

/** The field's own name as words ("order id", "customer number"), so custom fields are recognised too. */
function ownWords(spec: FieldSpec): string {
  const words = spec.name.split("_").filter((w) => w.length > 1);
  return words.length > 1 ? words.map(escape).join(String.raw`[\s_-]*`) : "";
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
