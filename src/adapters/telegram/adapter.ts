import { timingSafeEqual } from "node:crypto";
import type { Express, Request, Response } from "express";
import { Bot, BotError, webhookCallback } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { z } from "zod";
import { SendError, type ChannelHost, type OutboundMessage, type SendResult } from "../../core/channel/adapter.js";
import { connectionStatus } from "../../core/channel/status.js";
import type { ChannelDeps, HttpChannelAdapter } from "../../core/channel/module.js";
import { normaliseApiRoot, type TelegramChannelConfig } from "./config.js";
import { createConnection, type Connection } from "./connection.js";
import { createPoisonGuard } from "../dead-letter.js";
import { createRefusalLog } from "../../core/util/refusal-log.js";
import { updateProblem } from "./update-schema.js";
import { decodeUpdate, type DecodeContext } from "./decode.js";
import { describeTelegramError, toSendError } from "./errors.js";
import { createSendLimiter, type SendLimiterOptions } from "./rate-limit.js";

/**
 * Where a Telegram reply goes: the chat (private chat = the user's id; groups
 * are negative) and, in a forum supergroup, the topic (`message_thread_id`)
 * the customer wrote in.
 */
export const telegramAddressSchema = z.object({
  chatId: z.string().regex(/^-?\d{1,20}$/),
  threadId: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
});
export type TelegramAddress = z.output<typeof telegramAddressSchema>;

/** Telegram's limit for one text message. */
export const TELEGRAM_MAX_TEXT = 4096;
/** Telegram's limit for callback_data, in bytes. */
const MAX_CALLBACK_DATA_BYTES = 64;

export interface TelegramAdapterOptions {
  /** Long-poll timeout in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** First reconnect delay (default 1 s), doubling per failure up to `maxBackoffMs` (default 60 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Outbound spacing (per chat, global, longest wait). */
  limiter?: SendLimiterOptions;
  /** How often one update may fail to be stored before it is dead-lettered (default 5). */
  maxIngestAttempts?: number;
}

/** The Telegram channel adapter: the contract plus a helper to turn an attachment's `ref` (file_id) into a download URL. */
export interface TelegramChannelAdapter extends HttpChannelAdapter {
  readonly id: "telegram";
  typing(address: Record<string, unknown>, on: boolean): Promise<void>;
  /**
   * Download URL of a file a customer sent (an attachment's `ref`), via getFile.
   * The URL embeds the bot token: fetch it server-side, never show or log it.
   * Telegram keeps it valid for at least an hour.
   */
  resolveFileUrl(fileId: string): Promise<string>;
}

/**
 * Telegram through grammY: long polling (default) or a webhook guarded by the
 * secret token; private chats, and groups when the bot is addressed. Every
 * update is acknowledged only after the hub stored it (polling: the offset
 * moves after ingest resolved; webhook: 200 after ingest resolved) or, after
 * `maxIngestAttempts` failures, dead-lettered (see dead-letter.ts).
 */
export function createTelegramChannelAdapter(config: TelegramChannelConfig, deps: ChannelDeps, options: TelegramAdapterOptions = {}): TelegramChannelAdapter {
  const logger = deps.logger;
  const token = config.token ?? "";
  const apiRoot = normaliseApiRoot(config.api_root);
  const pollTimeoutSeconds = options.pollTimeoutSeconds ?? 30;
  const bot = token ? new Bot(token, { client: { apiRoot, timeoutSeconds: pollTimeoutSeconds + 15 } }) : null;
  const limiter = createSendLimiter(options.limiter);
  // Appended, not resolved: a hub behind a proxy at https://example.com/support keeps its prefix.
  const webhookUrl = `${deps.publicUrl.replace(/\/+$/, "")}${config.webhook_path}`;
  const misconfigured = !bot
    ? "no bot token"
    : config.mode === "webhook" && !config.webhook_secret
      ? "webhook mode needs webhook_secret (TELEGRAM_WEBHOOK_SECRET)"
      : null;
  let host: ChannelHost | null = null;
  let stopped = false;
  let decodeContext: DecodeContext | null = null;
  let connection: Connection | null = null;
  const refusals = createRefusalLog({ logger, now: () => deps.clock.now().getTime() });
  const poison = createPoisonGuard({
    channel: "telegram",
    dataDir: deps.dataDir,
    logger,
    clock: deps.clock,
    ...(options.maxIngestAttempts === undefined ? {} : { maxAttempts: options.maxIngestAttempts }),
  });

  if (bot) {
    // One middleware: decode, ingest (awaited, so the update is confirmed only once stored), then answer a button press.
    bot.use(async (ctx) => {
      const channelHost = stopped ? null : host;
      if (!channelHost || !decodeContext) throw new Error("telegram: the channel is not running");
      const decoded = decodeUpdate(ctx.update, decodeContext);
      if (decoded.kind === "skip") {
        logger.debug({ updateId: ctx.update.update_id, reason: decoded.reason }, "telegram: update skipped");
        return;
      }
      const message = decoded.message;
      // Bounded: an update that keeps failing is dead-lettered so later updates (other customers) are not held back.
      const outcome = await poison.run(`update:${ctx.update.update_id}`, ctx.update, async () => {
        await channelHost.ingest([message]);
      });
      if (outcome === "dead_lettered") return;
      if (decoded.callbackQueryId !== undefined) {
        await bot.api
          .answerCallbackQuery(decoded.callbackQueryId)
          .catch((err: unknown) => logger.warn({ error: describeTelegramError(err) }, "telegram: answering a button press failed"));
      }
    });
  }

  const secretMatches = (header: string | undefined): boolean => {
    if (!config.webhook_secret || header === undefined) return false;
    const a = Buffer.from(header);
    const b = Buffer.from(config.webhook_secret);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  function targetOf(address: Record<string, unknown>): { chatId: string; topic: { message_thread_id?: number } } {
    const parsed = telegramAddressSchema.safeParse(address);
    if (!parsed.success) throw new SendError("invalid_recipient", 'a Telegram address is { chatId: "<numeric chat id>", threadId?: "<topic id>" }');
    const { chatId, threadId } = parsed.data;
    return { chatId, topic: threadId === undefined ? {} : { message_thread_id: Number(threadId) } };
  }

  return {
    id: "telegram",
    capabilities: { maxTextLength: TELEGRAM_MAX_TEXT, buttons: true, attachments: false, typing: true, replyWindowHours: null },

    mount(app: Express) {
      if (config.mode !== "webhook" || !bot) return;
      const handle = config.webhook_secret ? webhookCallback(bot, "express", { secretToken: config.webhook_secret }) : null;
      app.post(config.webhook_path, async (req: Request, res: Response) => {
        if (!handle || !secretMatches(req.header("x-telegram-bot-api-secret-token"))) {
          refusals.note("telegram.bad_secret", req.ip ?? "");
          res.status(401).json({ error: { code: "unauthorized", message: "wrong or missing X-Telegram-Bot-Api-Secret-Token" } });
          return;
        }
        if (stopped || !host || !decodeContext) {
          res.status(503).json({ error: { code: "not_ready", message: "the Telegram channel is not running yet" } });
          return;
        }
        // Signed but malformed (not an update, or a field the decoder reads has the wrong type): a 4xx, never a 500.
        const problem = updateProblem(req.body);
        if (problem) {
          res.status(400).json({ error: { code: "bad_update", message: `not a valid Telegram update (${problem})` } });
          return;
        }
        try {
          // Resolves once the middleware (and so the ingest) finished; a failure answers 500 and Telegram retries.
          await handle(req, res);
        } catch (err) {
          logger.error({ error: describeTelegramError(err instanceof BotError ? err.error : err) }, "telegram: webhook update not stored; Telegram will retry");
          if (!res.headersSent) res.status(500).json({ error: { code: "internal", message: "update not stored" } });
        }
      });
    },

    async start(channelHost: ChannelHost) {
      host = channelHost;
      stopped = false;
      if (misconfigured || !bot) {
        logger.error(`telegram: not running: ${misconfigured}`);
        return;
      }
      connection ??= createConnection({
        bot,
        mode: config.mode,
        logger,
        webhookUrl,
        pollTimeoutSeconds,
        ...(config.webhook_secret ? { webhookSecret: config.webhook_secret } : {}),
        initialBackoffMs: options.initialBackoffMs ?? 1000,
        maxBackoffMs: options.maxBackoffMs ?? 60_000,
        onConnected(me) {
          decodeContext = {
            botId: me.id,
            botUsername: (config.bot_username ?? me.username).replace(/^@/, ""),
            groupMode: config.group_mode,
            now: () => deps.clock.now(),
          };
        },
      });
      // Never awaited: an unreachable API or a bad token must not keep the hub from starting.
      connection.start();
    },

    async stop() {
      stopped = true;
      await connection?.stop();
    },

    status() {
      return connectionStatus({
        enabled: config.enabled,
        problem: misconfigured,
        stopped,
        state: connection?.state() ?? null,
        healthy: ["polling", "webhook"],
      });
    },

    async send(address: Record<string, unknown>, message: OutboundMessage): Promise<SendResult> {
      const { chatId, topic } = targetOf(address);
      if (!bot) throw new SendError("auth", "telegram: no bot token");
      if (stopped) throw new SendError("transient", "telegram: the channel is stopping");
      if (message.text.trim() === "") throw new SendError("unsupported", "telegram: cannot send an empty text");
      if (message.attachments.length > 0)
        logger.warn(
          { messageId: message.messageId, count: message.attachments.length },
          "telegram: outbound attachments are not supported; sending the text only",
        );
      const chunks = splitText(message.text, TELEGRAM_MAX_TEXT);
      let last = "";
      for (const [i, chunk] of chunks.entries()) {
        const isLast = i === chunks.length - 1;
        const keyboard = isLast ? inlineKeyboard(message.buttons ?? []) : null;
        await limiter.acquire(chatId);
        try {
          const sent = await bot.api.sendMessage(chatId, chunk, { ...topic, ...(keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}) });
          last = `${chatId}:${sent.message_id}`;
        } catch (err) {
          throw toSendError(err);
        }
      }
      return { externalId: last };
    },

    async typing(address: Record<string, unknown>, on: boolean) {
      // Telegram shows "typing…" for about 5 s per call and has no way to hide it early.
      if (!on || !bot || stopped) return;
      const { chatId, topic } = targetOf(address);
      await bot.api
        .sendChatAction(chatId, "typing", topic)
        .catch((err: unknown) => logger.debug({ error: describeTelegramError(err) }, "telegram: typing indicator failed"));
    },

    async resolveFileUrl(fileId: string) {
      if (!bot) throw new Error("telegram: no bot token");
      const file = await bot.api.getFile(fileId);
      if (!file.file_path) throw new Error("telegram: the file is not available for download (over 20 MB?)");
      return `${apiRoot}/file/bot${token}/${file.file_path}`;
    },
  };
}

/** One inline button per row (quick replies read best stacked); callback_data is the button id (at most 64 bytes). */
function inlineKeyboard(buttons: { id: string; label: string }[]): InlineKeyboardButton[][] | null {
  if (buttons.length === 0) return null;
  return buttons.map((b) => [{ text: b.label, callback_data: truncateBytes(b.id, MAX_CALLBACK_DATA_BYTES) }]);
}

function truncateBytes(s: string, max: number): string {
  let out = s;
  while (Buffer.byteLength(out) > max) out = out.slice(0, -1);
  return out;
}

/** Splits a long text at paragraph or line breaks where possible, so each part fits one Telegram message. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf("\n\n"), window.lastIndexOf("\n"), window.lastIndexOf(" "));
    const at = cut > max / 2 ? cut : max;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  parts.push(rest);
  return parts;
}
