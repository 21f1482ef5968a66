/**
 * Text commands agents type in an escalation thread, parsed the same way by
 * every bot. Today: the set prefix (`escalation.set_prefix`, "!set "), which
 * sets a contact attribute: `!set tier vip`, `!set company Acme Corp`.
 */
export interface SetCommand {
  /** The attribute name (lower-cased); empty when the agent gave none. */
  key: string;
  /** Everything after the name, trimmed; empty when the agent gave none (the desk then explains the syntax). */
  value: string;
}

/**
 * The set command in a thread message, or null when the message does not
 * start with `prefix` (case-insensitive, leading whitespace ignored; a prefix
 * ending in a letter must be followed by a non-letter, so "!settle" is not a
 * command). An absent or blank prefix never matches.
 */
export function parseSetCommand(text: string, prefix: string | undefined): SetCommand | null {
  const p = prefix?.trim() ?? "";
  if (p === "") return null;
  const trimmed = text.trimStart();
  if (trimmed.slice(0, p.length).toLowerCase() !== p.toLowerCase()) return null;
  const rest = trimmed.slice(p.length);
  if (/[\p{L}\p{N}]$/u.test(p) && /^[\p{L}\p{N}_]/u.test(rest)) return null;
  const m = /^\s*(\S*)\s*([\s\S]*)$/.exec(rest)!;
  return { key: (m[1] ?? "").toLowerCase(), value: (m[2] ?? "").trim() };
}
