import { BotError, GrammyError, type Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "../../core/logger.js";
import { describeTelegramError, isAuthFailure } from "./errors.js";
import { createRetryLoop, exponentialDelay } from "../../core/util/retry-loop.js";

/** grammY types its signal parameter with the abort-controller polyfill; a native AbortSignal works (it is duck-typed). */
type ApiSignal = Parameters<Bot["api"]["getMe"]>[0];

/** Update types the bot asks Telegram for (others are not delivered at all). */
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"] as const;

export type ConnectionPhase = "idle" | "connecting" | "polling" | "webhook" | "retrying" | "stopped";

export interface ConnectionState {
  phase: ConnectionPhase;
  detail: string;
}

export interface ConnectionOptions {
  bot: Bot;
  mode: "polling" | "webhook";
  logger: Logger;
  /** Full webhook URL to register (webhook mode). */
  webhookUrl?: string;
  webhookSecret?: string;
  /** Long-poll timeout in seconds (Telegram holds getUpdates open this long). */
  pollTimeoutSeconds: number;
  /** First retry delay; doubles per consecutive failure up to `maxBackoffMs`. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Called once getMe succeeded. */
  onConnected(me: UserFromGetMe): void;
}

export interface Connection {
  start(): void;
  stop(): Promise<void>;
  state(): ConnectionState;
}

/**
 * Keeps the bot connected: getMe, then either registers the webhook or long
 * polls. Failures (bad token, API unreachable, a failing ingest) are logged,
 * shown in `state()`, and retried with exponential backoff capped at
 * `maxBackoffMs`; nothing here ever rejects into the hub.
 *
 * Polling uses grammY's Api and `bot.handleUpdate` rather than `bot.start()`
 * so that the offset only moves past an update once its handler (which awaits
 * the hub's ingest) resolved: a failed ingest means Telegram delivers the
 * update again, and stop() never confirms an update that was not stored
 * (grammY's own loop confirms the update it was working on in both cases).
 */
export function createConnection(options: ConnectionOptions): Connection {
  const { bot, logger } = options;
  let state: ConnectionState = { phase: "idle", detail: "not started" };
  let me: UserFromGetMe | null = null;
  let offset = 0;

  let prepared = false;

  async function step(nativeSignal: AbortSignal): Promise<void> {
    const signal = nativeSignal as unknown as ApiSignal;
    if (!me) {
      // While retrying, the last failure stays visible in status().
      if (state.phase !== "retrying") state = { phase: "connecting", detail: "connecting to Telegram" };
      const info = await bot.api.getMe(signal);
      me = info;
      bot.botInfo = info;
      options.onConnected(info);
    }
    if (!prepared && options.mode === "polling") {
      // A webhook left over from an earlier set-up makes getUpdates fail with 409.
      await bot.api.deleteWebhook({}, signal);
    }
    if (!prepared) {
      prepared = true;
      logger.info({ bot: me.username, mode: options.mode }, "telegram: connected");
    }
    if (options.mode === "webhook") {
      await bot.api.setWebhook(options.webhookUrl!, { secret_token: options.webhookSecret!, allowed_updates: [...ALLOWED_UPDATES] }, signal);
      state = { phase: "webhook", detail: `webhook registered as @${me.username}` };
      logger.info({ bot: me.username }, "telegram: webhook registered");
      return;
    }
    state = { phase: "polling", detail: `polling as @${me.username}` };
    const updates = await bot.api.getUpdates({ offset, timeout: options.pollTimeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] }, signal);
    for (const update of updates) {
      if (nativeSignal.aborted) return;
      await bot.handleUpdate(update);
      offset = update.update_id + 1;
    }
  }

  const loop = createRetryLoop({
    attempt: async (signal) => {
      await step(signal);
      return options.mode === "webhook" ? "done" : "again";
    },
    failed: (err, failures) => {
      const cause = err instanceof BotError ? err.error : err;
      const retryAfter = cause instanceof GrammyError && cause.error_code === 429 ? cause.parameters.retry_after : undefined;
      const delay = retryAfter !== undefined ? retryAfter * 1000 : exponentialDelay(failures, options.initialBackoffMs, options.maxBackoffMs);
      const what =
        err instanceof BotError
          ? "storing an update failed; it stays unconfirmed and comes again"
          : isAuthFailure(cause)
            ? "Telegram rejected the bot token (check TELEGRAM_BOT_TOKEN with @BotFather)"
            : cause instanceof GrammyError
              ? `Telegram refused ${cause.method}${cause.method === "setWebhook" ? " (hub.public_url must be a public https URL)" : ""}`
              : "cannot reach the Telegram Bot API";
      const detail = `${what}: ${describeTelegramError(cause)}`;
      state = { phase: "retrying", detail: `${detail}; retrying in ${Math.round(delay / 1000)} s` };
      logger.error({ attempt: failures, retryInMs: delay }, `telegram: ${detail}`);
      return delay;
    },
    crashed: (err) => logger.error({ err }, "telegram: connection loop ended unexpectedly"),
  });

  return {
    start: () => loop.start(),
    async stop() {
      await loop.stop();
      state = { phase: "stopped", detail: "stopped" };
    },
    state: () => state,
  };
}
