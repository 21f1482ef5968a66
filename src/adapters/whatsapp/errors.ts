import { SendError } from "../../core/channel/adapter.js";
import { scrubPii } from "../../core/logger.js";

/** Longest error text kept (browser errors carry whole stack traces). */
const MAX_DETAIL = 300;

/**
 * Turns a whatsapp-web.js failure into the channel contract's SendError.
 * The library throws plain Errors from inside the browser page, so the kind
 * is read from the text: an invalid or unknown chat id is
 * `invalid_recipient`; a logged-out session is `auth` (only a new QR scan
 * helps); rate limiting is `rate_limited`; everything else (closed page,
 * protocol errors, timeouts, unknown failures) is `transient` so the outbox
 * retries with backoff. Phone numbers inside the text (chat ids) are masked
 * because the text ends up in logs and events.
 */
export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const detail = describeWaError(err);
  if (/\b(rate.?limit|too many|429)\b/i.test(detail)) return new SendError("rate_limited", detail);
  if (/invalid wid|wid error|no lid for user|not a valid|not registered|chat not found|invalid (chat|number|recipient)|phone number is not/i.test(detail)) {
    return new SendError("invalid_recipient", detail);
  }
  if (/logged out|\blogout\b|unpaired|not logged in/i.test(detail)) return new SendError("auth", detail);
  return new SendError("transient", detail);
}

/** A short, PII-free description of a failure for logs, status and events. */
export function describeWaError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const firstLine = text.split("\n")[0] ?? text;
  const scrubbed = scrubPii(maskChatIds(firstLine));
  return scrubbed.length > MAX_DETAIL ? `${scrubbed.slice(0, MAX_DETAIL)}…` : scrubbed;
}

const CHAT_ID = /(?<!\d)\d{5,}(?:-\d+)?@(c\.us|g\.us|lid)/g;

/**
 * Replaces chat ids (which are phone numbers) with "[chat]". WhatsApp message
 * ids embed the chat id ("false_4915123456789@c.us_3EB0…"), so ids are passed
 * through this before they are logged; the unique tail still identifies the message.
 */
export function maskChatIds(text: string): string {
  return text.replace(CHAT_ID, "[chat]");
}
