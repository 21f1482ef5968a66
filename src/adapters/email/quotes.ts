/**
 * Removes quoted history and signatures from the text of a reply, so the
 * conversation stores what the customer actually wrote this time. The
 * original MIME source is kept separately (see raw-store.ts), so nothing is
 * lost when a heuristic cuts too much.
 */

/** A line that starts the quoted original on its own ("On … wrote:", "Am … schrieb …:", French, Spanish, Dutch). */
const ATTRIBUTION = [
  /^on\b.{0,300}\bwrote:?\s*$/i,
  /^am\b.{0,300}\bschrieb\b.{0,200}:?\s*$/i,
  /^le\b.{0,300}\ba [ée]crit\s*:?\s*$/i,
  /^el\b.{0,300}\bescribi[óo]\s*:?\s*$/i,
  /^op\b.{0,300}\bschreef\b.{0,200}:?\s*$/i,
];
/** Separators mail clients put above a forwarded or quoted original. */
const SEPARATOR = [
  /^-{2,}\s*(original message|ursprüngliche nachricht|originalnachricht|message d'origine|mensaje original|forwarded message|weitergeleitete nachricht)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^-{10,}\s*$/,
];
/** Outlook's header block: "From:"/"Von:" followed within a few lines by "Sent:"/"Gesendet:"/"Date:". */
const HEADER_FROM = /^\*?(from|von|de|van|da)\s*:\*?\s+\S/i;
const HEADER_SENT = /^\*?(sent|gesendet|date|datum|envoy[ée]|enviado|verzonden|inviato|to|an|à|para|aan|subject|betreff|objet|asunto|onderwerp)\s*:\*?\s/i;
/** Signature delimiter ("-- ", RFC 3676) and mobile taglines. */
const SIGNATURE = /^--\s?$/;
const MOBILE = /^(sent from my \S+.*|sent from (outlook|mail) for \S+.*|get outlook for \S+.*|von meinem \S+ gesendet.*|gesendet von meinem \S+.*|envoy[ée] de mon \S+.*|enviado desde mi \S+.*)$/i;

/** The new part of a reply: quoted blocks, attribution lines, Outlook header blocks, signatures and mobile taglines removed. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (SIGNATURE.test(line.trimStart()) || MOBILE.test(trimmed)) break;
    if (ATTRIBUTION.some((r) => r.test(trimmed))) break;
    // "On Mon, 3 Nov 2025 at 10:00, Ann Example <ann@example.com>" + "wrote:" on the next line.
    if (/^(on|am|le)\b/i.test(trimmed) && i + 1 < lines.length && ATTRIBUTION.some((r) => r.test(`${trimmed} ${lines[i + 1]!.trim()}`))) break;
    if (SEPARATOR.some((r) => r.test(trimmed))) break;
    if (HEADER_FROM.test(trimmed) && lines.slice(i + 1, i + 5).some((l) => HEADER_SENT.test(l.trim()))) break;
    if (trimmed.startsWith(">")) continue;
    kept.push(line.trimEnd());
  }
  const result = kept.join("\n").replace(/\n{3,}/g, "\n\n").trim();
  // A mail that is nothing but a quote (or a forward): keep the whole text rather than store nothing.
  return result === "" ? text.trim() : result;
}
