/**
 * Light stemmers for French and Spanish in the spirit of Savoy's "light"
 * stemmers: they remove plural and the most common inflectional and
 * derivational endings only. Light stemming is what retrieval needs —
 * over-stemming merges unrelated words and hurts precision more than it helps.
 * Input: a normalised word (accents already removed).
 */

export function stemFrench(word: string): string {
  if (word.length <= 4 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith("aux")) w = w.slice(0, -3) + "al";
  else if (/[sx]$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ["issement", "ement", "ation", "ition", "euse", "eur", "ment", "ite", "ique", "ees", "ee", "er", "ez", "e"]) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) return w.slice(0, -suffix.length);
  }
  return w;
}

export function stemSpanish(word: string): string {
  if (word.length <= 4 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith("ces")) w = w.slice(0, -3) + "z";
  else if (w.endsWith("es") && w.length > 5) w = w.slice(0, -2);
  else if (w.endsWith("s")) w = w.slice(0, -1);
  for (const suffix of ["amiento", "imiento", "mente", "acion", "icion", "ador", "ando", "iendo", "ado", "ido", "ar", "er", "ir", "o", "a", "e"]) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) return w.slice(0, -suffix.length);
  }
  return w;
}
