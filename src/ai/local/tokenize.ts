/**
 * Text normalisation and word tokenisation for the local intent classifier.
 *
 * Invariant: `normalize` is idempotent and maps visually/semantically equal
 * inputs ("Café", "CAFE\u0301", "ｃａｆｅ") to the same string, so that the
 * hashed features of a message never depend on how the client encoded it.
 */
import { stem } from "./stem.js";

const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4\u2032]/g;
const MARKS = /\p{M}+/gu;
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

/** English contractions expanded so "can't" and "cannot" share the feature "not". */
const CONTRACTIONS: readonly [RegExp, string][] = [
  [/\bwon't\b/g, "will not"],
  [/\bcan't\b/g, "can not"],
  [/\bcannot\b/g, "can not"],
  [/\bain't\b/g, "is not"],
  [/\bshan't\b/g, "shall not"],
  [/n't\b/g, " not"],
  [/'re\b/g, " are"],
  [/'ve\b/g, " have"],
  [/'ll\b/g, " will"],
  [/'d\b/g, " would"],
  [/'m\b/g, " am"],
  [/'s\b/g, ""],
];

/**
 * Unicode NFKC, lower-case, accents stripped, typographic apostrophes folded
 * to ASCII, English contractions expanded, whitespace collapsed.
 */
export function normalize(text: string): string {
  let s = text.normalize("NFKC").toLowerCase();
  s = s.normalize("NFD").replace(MARKS, "").normalize("NFC");
  s = s.replace(APOSTROPHES, "'");
  if (s.includes("'") || s.includes("cannot")) {
    for (const [re, rep] of CONTRACTIONS) s = s.replace(re, rep);
  }
  return s.replace(/\s+/g, " ").trim();
}

/**
 * Word tokens of an already-normalised string: runs of letters and digits;
 * punctuation separates tokens and is dropped; a remaining apostrophe suffix
 * (e.g. "o'clock") stays attached.
 */
export function words(normalized: string): string[] {
  return normalized.match(WORD) ?? [];
}

/** Options for {@link tokenize}. */
export interface TokenizeOptions {
  /** Apply the Porter stemmer (English) to each word. Default true. */
  stem?: boolean;
}

/** Normalises and splits `text` into word tokens, stemmed by default. */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const ws = words(normalize(text));
  return options.stem === false ? ws : ws.map(stem);
}
