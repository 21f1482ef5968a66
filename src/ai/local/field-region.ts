/**
 * Regions: a value from the field's `options`, matched case- and
 * accent-insensitively, returned in the configured spelling. A small alias
 * map ("UK" → "United Kingdom", "Deutschland" → "Germany") helps only when
 * the alias's target (or the alias itself) is one of the options: aliases
 * never produce a value outside `options`.
 */
import { fail, foldText, ok, type FieldCandidate, type FieldResult } from "./field-types.js";

/** Folded alias → folded canonical name. */
const ALIASES: Readonly<Record<string, string>> = {
  uk: "united kingdom",
  gb: "united kingdom",
  "great britain": "united kingdom",
  britain: "united kingdom",
  england: "united kingdom",
  "vereinigtes konigreich": "united kingdom",
  grossbritannien: "united kingdom",
  us: "united states",
  usa: "united states",
  "u s a": "united states",
  "u s": "united states",
  america: "united states",
  "united states of america": "united states",
  "vereinigte staaten": "united states",
  de: "germany",
  deutschland: "germany",
  allemagne: "germany",
  alemania: "germany",
  at: "austria",
  osterreich: "austria",
  oesterreich: "austria",
  ch: "switzerland",
  schweiz: "switzerland",
  suisse: "switzerland",
  svizzera: "switzerland",
  nl: "netherlands",
  holland: "netherlands",
  "the netherlands": "netherlands",
  niederlande: "netherlands",
  nederland: "netherlands",
  fr: "france",
  frankreich: "france",
  es: "spain",
  spanien: "spain",
  espana: "spain",
  it: "italy",
  italien: "italy",
  italia: "italy",
  be: "belgium",
  belgien: "belgium",
  belgique: "belgium",
  pl: "poland",
  polen: "poland",
  polska: "poland",
  dk: "denmark",
  danemark: "denmark",
  se: "sweden",
  schweden: "sweden",
  sverige: "sweden",
  ie: "ireland",
  irland: "ireland",
  pt: "portugal",
  ca: "canada",
  kanada: "canada",
  au: "australia",
  australien: "australia",
  eu: "european union",
  "europaische union": "european union",
};

const canonical = (folded: string): string => ALIASES[folded] ?? folded;

/** The configured option `raw` denotes, or a rejection. */
export function matchRegion(raw: string, options: readonly string[] | undefined): FieldResult {
  const value = raw.trim();
  if (!value) return fail("empty");
  if (!options || options.length === 0) return value.length <= 100 ? ok(value.replace(/\s+/g, " ")) : fail("longer than 100 characters");
  const c = canonical(foldText(value));
  const hit = options.find((o) => canonical(foldText(o)) === c);
  return hit ? ok(hit) : fail("not one of the configured options");
}

/** Options (or their aliases) named in running text, as whole words. Needs `options`. */
export function findRegions(text: string, options: readonly string[] | undefined): FieldCandidate[] {
  if (!options || options.length === 0) return [];
  const targets = new Map<string, string>(); // folded phrase → option
  for (const o of options) {
    const c = canonical(foldText(o));
    targets.set(foldText(o), o);
    for (const [alias, to] of Object.entries(ALIASES)) if (to === c) targets.set(alias, o);
    targets.set(c, o);
  }
  const out: FieldCandidate[] = [];
  const shouting = !/\p{Ll}/u.test(text);
  // Scan word by word over the original text so spans are positions in it.
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const phrases = [...targets.keys()].sort((a, b) => b.split(" ").length - a.split(" ").length);
  for (let i = 0; i < words.length; i++) {
    for (const phrase of phrases) {
      const n = phrase.split(" ").length;
      if (i + n > words.length) continue;
      const span = words.slice(i, i + n);
      if (span.map((w) => foldText(w[0])).join(" ") !== phrase) continue;
      // Codes such as "UK", "US", "DE" count in running text only in capitals, and not in a shouted
      // message: "us", "it", "de" and "es" are ordinary words.
      const written = text.slice(span[0]!.index, span[n - 1]!.index + span[n - 1]![0].length);
      if (phrase.length <= 3 && (shouting || written !== written.toUpperCase())) continue;
      out.push({ start: span[0]!.index, end: span[n - 1]!.index + span[n - 1]![0].length, value: targets.get(phrase)! });
      i += n - 1;
      break;
    }
  }
  return out;
}
