import { GrammyError, HttpError } from "grammy";
import { SendError } from "../../core/channel/adapter.js";

/**
 * Turns a grammY failure into the channel contract's SendError, so no grammY
 * type leaves this folder. 429 → rate_limited (with Telegram's retry_after),
 * 401 → auth, 403 (blocked, kicked, deactivated) and 400 "chat not found" →
 * invalid_recipient, other 4xx → unsupported, 5xx and network errors → transient.
 */
export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  if (err instanceof GrammyError) {
    const detail = `telegram ${err.method}: ${err.error_code} ${err.description}`;
    if (err.error_code === 429) {
      const retryAfter = err.parameters.retry_after;
      return new SendError("rate_limited", detail, typeof retryAfter === "number" ? retryAfter * 1000 : undefined);
    }
    if (err.error_code === 401 || err.error_code === 404) return new SendError("auth", detail);
    if (err.error_code === 403) return new SendError("invalid_recipient", detail);
    if (err.error_code === 400 && /chat not found|user not found|peer_id_invalid|chat_id is empty/i.test(err.description)) {
      return new SendError("invalid_recipient", detail);
    }
    if (err.error_code >= 500) return new SendError("transient", detail);
    return new SendError("unsupported", detail);
  }
  if (err instanceof HttpError) return new SendError("transient", err.message);
  return new SendError("transient", err instanceof Error ? err.message : String(err));
}

/** A short, secret-free description of a grammY failure for logs and status. */
export function describeTelegramError(err: unknown): string {
  if (err instanceof GrammyError) return `${err.method}: ${err.error_code} ${err.description}`;
  if (err instanceof HttpError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/** True when retrying cannot help: the token is wrong or revoked. */
export function isAuthFailure(err: unknown): boolean {
  return err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404);
}
