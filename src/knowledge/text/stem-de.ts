/**
 * CISTEM (Weissweiler & Fraser, 2017), a small German stemmer that does
 * well in retrieval: "Rücksendungen", "Rücksendung" → "rucksendung";
 * "versandkosten" → "versandkost". Input is a normalised word (lower case,
 * umlauts already folded to plain vowels, ß to ss); stemming is
 * case-insensitive, as the original's `case_insensitive` mode.
 */
export function stemGerman(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.startsWith("ge") && w.length >= 6) w = w.slice(2);
  w = w.replace(/sch/g, "$").replace(/ei/g, "%").replace(/ie/g, "&");
  w = w.replace(/(.)\1/g, "$1*");
  while (w.length > 3) {
    if (w.length > 5 && /e[mr]$/.test(w)) w = w.slice(0, -2);
    else if (w.length > 5 && w.endsWith("nd")) w = w.slice(0, -2);
    else if (w.endsWith("t")) w = w.slice(0, -1);
    else if (/[esn]$/.test(w)) w = w.slice(0, -1);
    else break;
  }
  w = w.replace(/(.)\*/g, "$1$1");
  return w.replace(/\$/g, "sch").replace(/%/g, "ei").replace(/&/g, "ie");
}
