import { z } from "zod";

export const TELEGRAM_DEFAULT_WEBHOOK_PATH = "/api/telegram/webhook";

export const telegramChannelConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Run the Telegram bot."),
    token: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        "Bot token from @BotFather, normally ${TELEGRAM_BOT_TOKEN}. When the variable is unset the channel is reported as disabled (the hub still starts).",
      ),
    mode: z
      .enum(["polling", "webhook"])
      .default("polling")
      .describe(
        '"polling" (default): the hub asks Telegram for updates, no public URL needed. "webhook": Telegram posts updates to <hub.public_url><webhook_path> (needs a public HTTPS URL).',
      ),
    webhook_secret: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, "1-256 characters of A-Z, a-z, 0-9, _ and -")
      .optional()
      .describe(
        "Secret Telegram sends in the X-Telegram-Bot-Api-Secret-Token header of every webhook call, normally ${TELEGRAM_WEBHOOK_SECRET}. Required in webhook mode (without it the webhook refuses every call and the channel reports not ready); calls with a wrong or missing header are answered 401.",
      ),
    webhook_path: z
      .string()
      .regex(/^\/[^\s?#]*$/, 'a path starting with "/"')
      .default(TELEGRAM_DEFAULT_WEBHOOK_PATH)
      .describe("Path on the hub that receives webhook calls (webhook mode)."),
    api_root: z
      .url({ protocol: /^https?$/ })
      .default("https://api.telegram.org")
      .describe("Base URL of the Bot API (without a trailing slash). Change it for a self-hosted Bot API server or a test stand-in."),
    bot_username: z
      .string()
      .regex(/^@?[A-Za-z0-9_]{3,64}$/, "a Telegram username such as my_shop_bot")
      .optional()
      .describe("The bot's @username, used to recognise mentions in groups. Optional: it is read from Telegram (getMe) at start."),
    group_mode: z
      .enum(["mentions", "all"])
      .default("mentions")
      .describe(
        'In groups: "mentions" (default) ingests only messages that @mention the bot, use /command@bot or reply to the bot; "all" ingests every message the bot can see (turn off privacy mode in @BotFather for that).',
      ),
  })
  .describe("Telegram: a bot (grammY) in private chats and groups, by long polling or webhook.");

export type TelegramChannelConfig = z.output<typeof telegramChannelConfigSchema>;

/** The API root without trailing slashes (grammY refuses one). */
export function normaliseApiRoot(apiRoot: string): string {
  return apiRoot.replace(/\/+$/, "");
}
