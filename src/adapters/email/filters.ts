import type { ParsedEmail } from "./parse.js";
import { isOurMessageId } from "./threading.js";

/**
 * Why a mail must not be stored at all, or null when it may: our own
 * message coming back (storing it would answer ourselves: a mail loop) and
 * mail without a sender address (no one to attach it to). Machine mail
 * (auto-replies, bounces, lists, no-reply senders) IS stored, flagged so
 * the hub never answers it: see robots.ts.
 */
export function skipReason(mail: ParsedEmail, ourDomain: string): string | null {
  if (isOurMessageId(mail.messageId, ourDomain)) return "our own message came back";
  if (!mail.from) return "no sender address";
  return null;
}
