/**
 * Reads a CSAT answer (1–5) from what a customer wrote back: a digit, a
 * pressed button (its label starts with the digit), "4/5", "4 out of 5",
 * "4 Sterne", or star emoji ("⭐⭐⭐⭐", "★★★★☆"), optionally followed by a
 * comment after a separator ("2 - the parcel came late", "5! Great service"). Anything else is
 * not a rating (null), so "2 more questions about my order" stays a new
 * request: a number alone at the start is not enough without a separator.
 */
export function parseCsat(text: string): { score: number; comment: string | null } | null {
  const t = text.trim().normalize("NFC");
  const stars = /^([⭐★]{1,5})[☆\s]*$/u.exec(t);
  if (stars) return { score: [...stars[1]!].length, comment: null };
  const m = SCORE.exec(t);
  if (!m) return null;
  const comment = m[2]?.trim() ?? "";
  return { score: Number(m[1]), comment: comment === "" ? null : comment };
}

const OUT_OF = String.raw`(?:\s*\/\s*5|\s+(?:out of|of|von|sur|de)\s+5)?`;
const UNIT = String.raw`(?:\s*(?:stars?|sterne?|étoiles?|estrellas?|points?|punkte?|puntos?|⭐+|★+))?`;
const SCORE = new RegExp(String.raw`^([1-5])${OUT_OF}${UNIT}\s*(?:(?:[-–—:,;]|[!.]+)\s*(.*?))?\s*$`, "isu");
