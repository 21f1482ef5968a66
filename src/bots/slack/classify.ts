import { parseSetCommand } from "../../core/escalation/commands.js";

/**
 * Reply safety for plain thread messages (the invariant of the escalation
 * contract): what an agent types in a thread is an internal note unless they
 * say otherwise.
 *
 * - starts with the note prefix → note, in EVERY target (checked first, so a
 *   note can never become a reply, whatever else the text contains);
 * - starts with the set prefix ("!set tier vip") → set a contact attribute
 *   (internal: it never reaches the customer);
 * - starts with the reply prefix → reply (prefix removed);
 * - otherwise → reply only in a target configured `replies_by_default`, else note.
 *
 * A target the bot does not know (e.g. after a restart, before the hub told it
 * about the channel) counts as not `replies_by_default`: the unsafe mistake
 * (an internal remark reaching a customer) is never the fallback.
 */
export type ThreadMessageIntent =
  | { kind: "note"; text: string }
  | { kind: "reply"; text: string }
  | { kind: "set_attribute"; key: string; value: string }
  | { kind: "ignore"; reason: string };

export function classifyThreadMessage(
  text: string,
  options: { replyPrefix: string; notePrefix: string; setPrefix?: string | undefined; repliesByDefault: boolean },
): ThreadMessageIntent {
  const trimmed = text.replace(/^\s+/, "");
  if (trimmed.length === 0) return { kind: "ignore", reason: "empty" };
  const note = stripPrefix(trimmed, options.notePrefix);
  if (note !== null) return note.length > 0 ? { kind: "note", text: note } : { kind: "ignore", reason: "empty note" };
  // After the note prefix (a note stays a note), before the reply prefix: a set command never reaches the customer.
  const set = parseSetCommand(trimmed, options.setPrefix);
  if (set) return { kind: "set_attribute", ...set };
  const reply = stripPrefix(trimmed, options.replyPrefix);
  if (reply !== null) return reply.length > 0 ? { kind: "reply", text: reply } : { kind: "ignore", reason: "empty reply" };
  return options.repliesByDefault ? { kind: "reply", text: trimmed } : { kind: "note", text: trimmed };
}

/** The text after a case-insensitive prefix (trimmed), or null when it does not start with it. An empty prefix never matches. */
function stripPrefix(text: string, prefix: string): string | null {
  const p = prefix.trim();
  if (p.length === 0) return null;
  if (text.slice(0, p.length).toLowerCase() !== p.toLowerCase()) return null;
  const rest = text.slice(p.length);
  // "!reply" must not match "!replying": the prefix ends at a word boundary unless it ends in punctuation.
  if (/[\p{L}\p{N}]$/u.test(p) && /^[\p{L}\p{N}_]/u.test(rest)) return null;
  return rest.trim();
}

/** Slack message fields the echo guard looks at. */
export interface EchoFields {
  user?: string;
  bot_id?: string;
  subtype?: string;
  app_id?: string;
}

/**
 * True for messages the bot must never act on: its own posts (cards,
 * mirrored customer messages, confirmations) and other bots' messages, so a
 * mirrored customer text can never loop back as an agent reply.
 */
export function isEcho(m: EchoFields, own: { botUserId?: string; botId?: string }): boolean {
  if (m.bot_id) return true;
  if (m.subtype === "bot_message") return true;
  if (own.botUserId && m.user === own.botUserId) return true;
  return false;
}
