import { parseSetCommand } from "../../core/escalation/commands.js";
import type { BotBehaviour } from "../../core/escalation/module.js";

/** What a plain thread message becomes. */
export type ThreadMessageIntent = { kind: "note"; text: string } | { kind: "reply"; text: string } | { kind: "set_attribute"; key: string; value: string };

/**
 * Reply safety for a plain message typed in an escalation thread.
 *
 * Order matters and is the invariant: the note prefix is checked FIRST, so a
 * message that starts with it is a note in every configuration (even when
 * the reply prefix is a prefix of it, or the two are configured equal). Then
 * the set prefix sets a contact attribute (internal), then the reply prefix
 * makes an explicit reply. Otherwise the target decides:
 * internal note unless it was configured `replies_by_default`.
 *
 * An empty (or blank) prefix is treated as "not configured": an empty reply
 * prefix would otherwise turn every message into a reply.
 */
export function classifyThreadMessage(
  raw: string,
  behaviour: Pick<BotBehaviour, "replyPrefix" | "notePrefix" | "setPrefix">,
  repliesByDefault: boolean,
): ThreadMessageIntent {
  const note = stripPrefix(raw, behaviour.notePrefix);
  if (note !== null) return { kind: "note", text: note };
  // After the note prefix, before the reply prefix: "!set tier vip" sets a contact attribute and never reaches the customer.
  const set = parseSetCommand(raw, behaviour.setPrefix);
  if (set) return { kind: "set_attribute", ...set };
  const reply = stripPrefix(raw, behaviour.replyPrefix, true);
  if (reply !== null) return { kind: "reply", text: reply };
  return repliesByDefault ? { kind: "reply", text: raw.trim() } : { kind: "note", text: raw.trim() };
}

/**
 * The text after `prefix` (case-insensitive, leading whitespace of the message
 * ignored), or null when it does not start with it. With `wholeWord` a prefix
 * ending in a letter or digit must be followed by a non-word character, so
 * "!replying to Anna" is not a reply; the note prefix is matched loosely on
 * purpose (a false note is harmless, a false reply is not).
 */
function stripPrefix(raw: string, prefix: string, wholeWord = false): string | null {
  const p = prefix.trim();
  if (p === "") return null;
  const text = raw.trimStart();
  if (text.slice(0, p.length).toLowerCase() !== p.toLowerCase()) return null;
  const rest = text.slice(p.length);
  if (wholeWord && /\w$/.test(p) && /^\w/.test(rest)) return null;
  return rest.trim();
}
