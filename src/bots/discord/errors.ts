import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, HTTPError, RateLimitError } from "discord.js";
import { BotError } from "../../core/escalation/port.js";

/** Discord JSON error codes the bot maps specially (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json). */
export const DISCORD_CODES = {
  unknownChannel: 10003,
  unknownMessage: 10008,
  unknownGuild: 10004,
  missingAccess: 50001,
  missingPermissions: 50013,
  threadArchived: 50083,
} as const;

/**
 * Turns a discord.js failure into the escalation contract's BotError, so no
 * discord.js type leaves this folder:
 * - 401 (token invalid/revoked), 403 Missing Access / Missing Permissions → `auth`
 *   (the hub disables the target and alerts the fallback target);
 * - Unknown Channel / Message / Guild → `not_found`;
 * - a rate limit longer than the bot waits itself → `rate_limited` with Discord's retry_after;
 * - other 4xx → `invalid`; 5xx, network errors → `transient`.
 */
export function toBotError(err: unknown): BotError {
  if (err instanceof BotError) return err;
  if (err instanceof RateLimitError) {
    const ms = Math.max(err.retryAfter, err.timeToReset, err.sublimitTimeout, 0);
    return new BotError("rate_limited", `discord ${err.method.toUpperCase()} ${err.route}: rate limited for ${ms} ms`, ms);
  }
  if (err instanceof DiscordAPIError) {
    const detail = `discord ${err.method.toUpperCase()} ${routeOf(err.url)}: ${err.status} ${err.message} (code ${String(err.code)})`;
    const code = Number(err.code);
    if (err.status === 401) return new BotError("auth", detail);
    if (code === DISCORD_CODES.missingAccess || code === DISCORD_CODES.missingPermissions) return new BotError("auth", detail);
    if (code === DISCORD_CODES.unknownChannel || code === DISCORD_CODES.unknownMessage || code === DISCORD_CODES.unknownGuild) {
      return new BotError("not_found", detail);
    }
    if (err.status === 403) return new BotError("auth", detail);
    if (err.status === 404) return new BotError("not_found", detail);
    if (err.status === 429) return new BotError("rate_limited", detail);
    if (err.status >= 500) return new BotError("transient", detail);
    return new BotError("invalid", detail);
  }
  if (err instanceof HTTPError) {
    const detail = `discord ${err.method.toUpperCase()} ${routeOf(err.url)}: HTTP ${err.status}`;
    if (err.status === 401) return new BotError("auth", detail);
    return new BotError(err.status >= 500 ? "transient" : "invalid", detail);
  }
  if (isTokenFailure(err)) return new BotError("auth", TOKEN_REJECTED);
  return new BotError("transient", `discord: ${err instanceof Error ? err.message : String(err)}`);
}

const TOKEN_REJECTED = "discord: the bot token was rejected (401); reset it in the Developer Portal and set DISCORD_BOT_TOKEN";

/**
 * True when the failure means the token itself is bad: a 401, discord.js's
 * TokenInvalid at login, or the REST client refusing to send because an
 * earlier 401 cleared the token (it does that so a revoked token is not
 * retried into a Cloudflare ban).
 */
export function isTokenFailure(err: unknown): boolean {
  if (err instanceof DiscordAPIError || err instanceof HTTPError) return err.status === 401;
  if (err instanceof DiscordjsError) return err.code === DiscordjsErrorCodes.TokenInvalid;
  return err instanceof Error && /Expected token to be set for this request/.test(err.message);
}

/** The path of a REST url without host, query or tokens (interaction tokens live in the path, so they are cut). */
function routeOf(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    /* keep as is */
  }
  return path.replace(/\/(interactions|webhooks)\/(\d+)\/[^/]+/, "/$1/$2/:token");
}
