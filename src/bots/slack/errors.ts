import { BotError } from "../../core/escalation/port.js";

/** Errors that mean the token itself no longer works: the whole bot is down until an admin fixes it. */
const TOKEN_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "no_permission",
  "missing_scope",
  "team_access_not_granted",
  "ekm_access_denied",
]);
/** Errors that disable one target (channel): the bot was removed or the channel archived. */
const TARGET_AUTH_ERRORS = new Set(["not_in_channel", "is_archived", "channel_is_archived", "restricted_action", "restricted_action_read_only_channel"]);
/** The channel (or the thread/message) does not exist (any more). */
const CHANNEL_NOT_FOUND = new Set(["channel_not_found"]);
const MESSAGE_NOT_FOUND = new Set(["thread_not_found", "message_not_found", "cant_update_message"]);

export type SlackFailureScope = "bot" | "target" | "call";

/** A Web API failure mapped to the contract's error kind, and what it says about our health. */
export interface MappedSlackError {
  error: BotError;
  /** "bot": the token is dead; "target": this channel is unusable; "call": only this call failed. */
  scope: SlackFailureScope;
  /** Slack's error code (e.g. "token_revoked"), or a transport description. */
  code: string;
}

interface SlackErrorShape {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  original?: { message?: string };
  message?: string;
}

/**
 * Maps an error thrown by the Slack WebClient (platform errors carry
 * `data.error`, rate limits `retryAfter` in seconds when the client rejects
 * rate-limited calls, transport errors an `original`) to a {@link BotError}.
 * Never includes the token or the request in the message.
 */
export function mapSlackError(err: unknown, method: string): MappedSlackError {
  if (err instanceof BotError) return { error: err, scope: "call", code: err.kind };
  const e = (err ?? {}) as SlackErrorShape;
  if (e.code === "slack_webapi_rate_limited_error") {
    const retryAfterMs = Math.max(1, e.retryAfter ?? 1) * 1000;
    return {
      error: new BotError("rate_limited", `slack ${method}: rate limited, retry after ${retryAfterMs / 1000} s`, retryAfterMs),
      scope: "call",
      code: "ratelimited",
    };
  }
  if (e.code === "slack_webapi_platform_error") {
    const code = e.data?.error ?? "unknown_error";
    if (code === "ratelimited") return { error: new BotError("rate_limited", `slack ${method}: ratelimited`, 1000), scope: "call", code };
    if (TOKEN_ERRORS.has(code)) return { error: new BotError("auth", `slack ${method}: ${code}`), scope: "bot", code };
    if (TARGET_AUTH_ERRORS.has(code)) return { error: new BotError("auth", `slack ${method}: ${code}`), scope: "target", code };
    if (CHANNEL_NOT_FOUND.has(code)) return { error: new BotError("not_found", `slack ${method}: ${code}`), scope: "target", code };
    if (MESSAGE_NOT_FOUND.has(code)) return { error: new BotError("not_found", `slack ${method}: ${code}`), scope: "call", code };
    if (code === "fatal_error" || code === "internal_error" || code === "service_unavailable" || code === "request_timeout") {
      return { error: new BotError("transient", `slack ${method}: ${code}`), scope: "call", code };
    }
    return { error: new BotError("invalid", `slack ${method}: ${code}`), scope: "call", code };
  }
  if (e.code === "slack_webapi_http_error") {
    const status = e.statusCode ?? 0;
    if (status === 401 || status === 403) return { error: new BotError("auth", `slack ${method}: HTTP ${status}`), scope: "bot", code: `http_${status}` };
    return { error: new BotError("transient", `slack ${method}: HTTP ${status}`), scope: "call", code: `http_${status}` };
  }
  const detail = e.original?.message ?? e.message ?? String(err);
  return { error: new BotError("transient", `slack ${method}: ${detail}`), scope: "call", code: "request_error" };
}
