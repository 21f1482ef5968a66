/**
 * E-mail threading helpers: our Message-IDs and reply tokens, reference
 * chains, and subject normalisation. Pure functions; no I/O.
 */

/** Reply/forward prefixes mail clients add, in the languages our customers write (case-insensitive, with or without a counter like "Re[2]:"). */
const PREFIX =
  /^\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|antw|antwort|tr|rif|odp|r|res|enc|doorst)(?:\s*\[\d+\]|\s*\(\d+\))?\s*[:：]\s*|\[(?:external|extern|ext)\]\s*)/i;
const TOKEN_IN_SUBJECT = /\s*\[#c_(cv_[A-Za-z0-9]+)\]\s*/;
const TOKEN_IN_ADDRESS = /^[^@\s]*\+c_(cv_[A-Za-z0-9]+)@/i;

/** The subject without reply/forward prefixes, our token, or surplus whitespace. */
export function cleanSubject(subject: string | null | undefined): string {
  let s = (subject ?? "").replace(TOKEN_IN_SUBJECT, " ");
  for (let i = 0; i < 10; i++) {
    const next = s.replace(PREFIX, "");
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, " ").trim();
}

/** Comparison key of a subject: cleaned and lower-cased; "" when too generic to thread on. */
export function subjectKey(subject: string | null | undefined): string {
  const key = cleanSubject(subject).toLowerCase();
  return key.length >= 4 ? key : "";
}

/** "Re: <original subject>" (one prefix, however many the customer's client piled up). */
export function replySubject(subject: string | null | undefined, fallback: string): string {
  const clean = cleanSubject(subject);
  return `Re: ${clean || fallback}`;
}

/** The token of a conversation as it appears in the Reply-To address and the subject. */
export function conversationToken(conversationId: string): string {
  return `c_${conversationId}`;
}

/** Reply-To address from the template: {local}+{token}@{domain} by default. */
export function replyToAddress(template: string, address: { local: string; domain: string }, conversationId: string): string {
  return template
    .replace(/\{local\}/g, address.local)
    .replace(/\{domain\}/g, address.domain)
    .replace(/\{token\}/g, conversationToken(conversationId));
}

/** The conversation id named by our token in any of the addresses (plus-addressing) or in the subject. */
export function findToken(addresses: readonly string[], subject: string | null | undefined): string | null {
  for (const a of addresses) {
    const m = TOKEN_IN_ADDRESS.exec(a.trim());
    if (m) return m[1]!;
  }
  const s = TOKEN_IN_SUBJECT.exec(subject ?? "");
  return s ? s[1]! : null;
}

/** Our Message-ID for a hub message: stable per message, so a retried send carries the same id. */
export function ourMessageId(messageId: string, domain: string): string {
  return `<${messageId}@${domain}>`;
}

/** True for a Message-ID we generated (a mail of ours coming back: a loop, a Bcc, the Sent folder). */
export function isOurMessageId(id: string | null | undefined, domain: string): boolean {
  if (!id) return false;
  const m = /^<?(msg_[0-9a-f]+)@([^>]+)>?$/i.exec(id.trim());
  return m !== null && m[2]!.toLowerCase() === domain.toLowerCase();
}

/** Normalises one Message-ID to "<…>" form; null when it is not one. */
export function normaliseMessageId(id: string | null | undefined): string | null {
  const t = (id ?? "").trim();
  if (!t) return null;
  const inner = t.replace(/^<|>$/g, "").trim();
  return inner && !/\s/.test(inner) ? `<${inner}>` : null;
}

/** Splits a References/In-Reply-To value (a string with several ids, or a list) into ids, in order, without duplicates. */
export function parseIdList(value: string | readonly string[] | null | undefined): string[] {
  const parts = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  const ids: string[] = [];
  for (const part of parts) {
    for (const m of part.matchAll(/<[^<>\s]+>|[^<>\s,]+@[^<>\s,]+/g)) {
      const id = normaliseMessageId(m[0]);
      if (id && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/**
 * The ids a reply should be matched on, most relevant first: In-Reply-To, then
 * References newest first (Outlook often sends In-Reply-To without References).
 */
export function threadReferences(inReplyTo: readonly string[], references: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of [...inReplyTo, ...[...references].reverse()]) if (!out.includes(id)) out.push(id);
  return out;
}

/** References header for our reply: the customer's chain plus their message, capped to the most recent ids (RFC 5322 allows trimming the middle). */
export function replyReferences(chain: readonly string[], parent: string | null, max = 20): string[] {
  const all = parent && !chain.includes(parent) ? [...chain, parent] : [...chain];
  return all.length <= max ? all : [all[0]!, ...all.slice(all.length - max + 1)];
}
