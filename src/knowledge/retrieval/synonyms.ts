import type { Analyzer } from "../text/analyzer.js";

/**
 * Query expansion with synonyms: customers rarely use the article's words
 * ("money back" for "refund", "postage" for "shipping", "Geld zurück" for
 * "Erstattung"). When every word of one expression of a group occurs in the
 * query, the other expressions' words are searched too, at a lower weight
 * than the customer's own words, so an exact match still ranks first.
 *
 * The built-in groups cover customer service for online shops in English and
 * German; `knowledge.synonyms` adds an organisation's own (product names,
 * internal terms). Groups may mix languages: each language only ever matches
 * its own passages.
 */
export const BUILT_IN_SYNONYMS: readonly (readonly string[])[] = [
  ["refund", "money back", "reimburse", "reimbursement", "erstattung", "rückerstattung", "geld zurück", "rückzahlung"],
  ["shipping", "delivery", "postage", "shipment", "versand", "lieferung", "zustellung"],
  ["parcel", "package", "box", "paket", "sendung"],
  ["cost", "price", "fee", "charge", "kosten", "preis", "gebühr"],
  ["return", "send back", "bring back", "rücksendung", "retoure", "zurückschicken", "zurücksenden", "schicke zurück", "rückgabe"],
  ["exchange", "swap", "different size", "other size"],
  ["damaged", "broken", "crushed", "torn", "hole", "beschädigt", "kaputt"],
  ["faulty", "defect", "defective", "not working", "stopped working", "won't work", "ignite", "defekt"],
  ["password", "passwort", "kennwort"],
  ["sign in", "log in", "login", "signin", "anmelden"],
  ["locked", "locked out", "blocked", "gesperrt"],
  ["phone", "call", "telephone", "hotline", "telefon", "anrufen"],
  ["hours", "opening hours", "opening times", "open", "öffnungszeiten", "erreichbar"],
  ["store", "shop", "physical shop", "laden", "filiale"],
  ["tracking", "track", "follow", "sendungsverfolgung"],
  ["invoice", "receipt", "bill", "rechnung", "quittung"],
  ["discount code", "voucher", "coupon", "promo code", "gutschein", "rabattcode"],
  ["gift card", "gift voucher", "geschenkgutschein"],
  ["warranty", "guarantee", "garantie", "gewährleistung"],
  ["united kingdom", "uk", "britain", "great britain", "england", "scotland", "wales", "northern ireland", "großbritannien"],
  ["united states", "usa", "america"],
  ["eu", "europe", "european union", "europa"],
  ["germany", "deutschland"],
  ["express", "faster", "next day", "tomorrow", "overnight", "nächsten tag", "morgen", "schnell"],
  ["repair", "fix", "mend", "reparatur", "reparieren"],
  ["wash", "clean", "washing", "waschen", "reinigen"],
  ["christmas", "xmas", "public holiday", "holidays", "weihnachten", "feiertag"],
  ["declined", "rejected", "refused", "failed", "abgelehnt"],
  ["customs", "duties", "import duty", "import fees", "import tax", "zoll"],
  ["register", "sign up", "create an account", "registrieren", "konto erstellen"],
  ["how long", "how many days", "days", "wie lange", "dauer", "dauert", "tage"],
  ["debited", "charged", "billed", "abgebucht"],
  ["email", "e-mail", "mail"],
  ["delete", "remove", "erase", "löschen"],
  ["jacket", "shell", "coat", "jacke"],
  ["tent", "zelt"],
  ["shoes", "footwear", "boots", "trainers", "sneakers", "schuhe", "stiefel"],
  ["backpack", "rucksack"],
  ["gas", "fuel", "canister", "cartridge", "kartusche"],
  ["wrong", "incorrect", "mistake", "falsch"],
  ["missing", "not received", "never arrived", "lost", "fehlt", "verloren"],
];

/**
 * One-way expansions from a narrower word to the broader one articles use:
 * a customer asks about "Austria", the shipping article has a section on
 * "EU countries". Not synonyms: "EU" must not expand to "Austria", and
 * Austria is not France.
 */
export const BUILT_IN_BROADER: readonly (readonly [readonly string[], readonly string[]])[] = [
  [
    [
      "austria",
      "österreich",
      "france",
      "frankreich",
      "netherlands",
      "niederlande",
      "holland",
      "italy",
      "italien",
      "spain",
      "spanien",
      "poland",
      "polen",
      "sweden",
      "schweden",
      "belgium",
      "belgien",
      "denmark",
      "dänemark",
      "ireland",
      "irland",
      "portugal",
      "finland",
      "finnland",
      "czechia",
      "czech republic",
      "tschechien",
      "luxembourg",
      "luxemburg",
      "greece",
      "griechenland",
      "hungary",
      "ungarn",
      "slovakia",
      "slowakei",
      "slovenia",
      "slowenien",
      "croatia",
      "kroatien",
      "romania",
      "rumänien",
      "bulgaria",
      "bulgarien",
      "estonia",
      "estland",
      "latvia",
      "lettland",
      "lithuania",
      "litauen",
      "malta",
      "cyprus",
      "zypern",
    ],
    ["eu", "european union", "europe", "eu-länder", "europa"],
  ],
];

export interface CompiledSynonyms {
  /** Extra terms (with weights) for the analysed query terms. */
  expand(terms: ReadonlySet<string>): Map<string, number>;
}

/** Weight of a term reached only through a synonym (the customer's own words weigh 1). */
export const SYNONYM_WEIGHT = 0.5;

export function compileSynonyms(
  groups: readonly (readonly string[])[],
  analyzer: Analyzer,
  broader: typeof BUILT_IN_BROADER = BUILT_IN_BROADER,
): CompiledSynonyms {
  const analyse = (group: readonly string[]) => group.map((expression) => analyzer.terms(expression)).filter((terms) => terms.length > 0);
  const compiled = groups.map(analyse).filter((group) => group.length > 1);
  const oneWay = broader.map(([narrow, broad]) => [analyse(narrow), analyse(broad)] as const);
  return {
    expand(terms) {
      const out = new Map<string, number>();
      const add = (expressions: readonly string[][]) => {
        for (const expression of expressions) {
          for (const t of expression) if (!terms.has(t)) out.set(t, SYNONYM_WEIGHT / expression.length ** 0.5);
        }
      };
      const present = (expressions: readonly string[][]) => expressions.some((expression) => expression.every((t) => terms.has(t)));
      for (const group of compiled) if (present(group)) add(group);
      for (const [narrow, broad] of oneWay) if (present(narrow)) add(broad);
      return out;
    },
  };
}
