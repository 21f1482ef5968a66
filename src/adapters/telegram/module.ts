import type { ChannelModule } from "../../core/channel/module.js";
import { telegramChannelConfigSchema, type TelegramChannelConfig } from "./config.js";

/**
 * The Telegram channel: a bot in private chats and groups, by long polling or
 * webhook (grammY). grammY is loaded only when the channel runs.
 */
export const telegramChannel: ChannelModule<TelegramChannelConfig> = {
  id: "telegram",
  configSchema: telegramChannelConfigSchema,
  requiredSecrets: ["token"],
  cannotRun: (config) =>
    config.mode === "webhook" && !config.webhook_secret
      ? "webhook mode needs webhook_secret (TELEGRAM_WEBHOOK_SECRET): without it every webhook call is refused"
      : null,
  create: async (config, deps) => (await import("./adapter.js")).createTelegramChannelAdapter(config, deps),
};
