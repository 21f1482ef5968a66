/**
 * Signature blocks after a "-- " delimiter. The delimiter alone is not
 * enough: customers use "--" as a separator in their own text ("--" above a
 * list of items, between two paragraphs). A block only counts as a
 * signature when it is short, has no list items or prose sentences, and is
 * the last "--" before the quoted history or the end.
 */

const LIST_ITEM = /^\s*(?:[-*•·–+]\s|\d{1,3}[.)]\s|\d+\s*(?:x|×|pcs|stk|st\.?)\s)\s*\S/iu;
const CONTACT_DETAIL =
  /@|https?:\/\/|www\.|\+?\d[\d\s()./-]{6,}\d|\b(?:tel|phone|fon|mobil|mobile|fax|gmbh|ltd|inc|llc|ag|sarl|s\.a\.|b\.v\.|ab|oy|as|sp\. z o\.o\.)\b/iu;

/** Whether a line is a signature delimiter: "-- " (RFC 3676, `loose`) or a bare "--" (needs more evidence). */
export function signatureDelimiter(line: string): "strict" | "loose" | null {
  if (/^-- $/.test(line)) return "strict";
  if (/^--\s*$/.test(line) || /^—\s*$/.test(line)) return "loose";
  return null;
}

function isProse(line: string): boolean {
  const words = line.trim().split(/\s+/).filter(Boolean);
  return words.length >= 9 || (words.length >= 5 && /[.!?]$/.test(line.trim()) && !CONTACT_DETAIL.test(line));
}

/**
 * Whether `block` (the lines after a delimiter, up to the quoted history or
 * the end) reads as a signature: 1–8 short lines, no list items, no prose.
 * After a bare "--" it must also carry contact details (a phone, an address, a URL).
 */
export function looksLikeSignature(block: readonly string[], delimiter: "strict" | "loose"): boolean {
  const lines = block.map((l) => l.trim()).filter((l) => l !== "");
  if (lines.length === 0 || lines.length > 8) return false;
  if (lines.some((l) => l.length > 90 || LIST_ITEM.test(l) || isProse(l) || /\?$/.test(l))) return false;
  // A bare "--" is as often the customer's own separator: only contact details make it a signature.
  return delimiter === "strict" || lines.some((l) => CONTACT_DETAIL.test(l));
}
