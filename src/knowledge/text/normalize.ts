/**
 * Text normalisation shared by indexing, queries and the forbidden-phrase
 * guard. Invariant: `normalize` is idempotent and folds what a reader sees as
 * the same word to one string — case, accents ("Rückgabe" / "Ruckgabe"),
 * compatibility forms ("ｆｕｌｌ" / "full"), German ß / ss — so neither an
 * article's spelling nor a customer's keyboard decides whether a word matches.
 */

const MARKS = /\p{M}+/gu;
const TOKEN = /[\p{L}\p{N}]+/gu;

const ASCII = /^[\x00-\x7f]*$/;

export function normalize(text: string): string {
  // Plain ASCII (most English text) only needs lower-casing: skip three Unicode passes.
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize("NFKC").toLowerCase().replace(/ß/g, "ss").normalize("NFD").replace(MARKS, "").normalize("NFC");
}

/** Words (letters and digits) of already normalised text, in order. Apostrophes split words ("don't" → "don", "t"). */
export function words(normalized: string): string[] {
  return normalized.match(TOKEN) ?? [];
}
