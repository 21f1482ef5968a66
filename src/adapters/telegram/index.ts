import type { ChannelModule } from "../../core/channel/module.js";
import { createTelegramChannelAdapter } from "./adapter.js";
import { telegramChannelConfigSchema, type TelegramChannelConfig } from "./config.js";

export type { TelegramChannelConfig } from "./config.js";
export {
  createTelegramChannelAdapter, telegramAddressSchema, splitText, TELEGRAM_MAX_TEXT,
  type TelegramAddress, type TelegramAdapterOptions, type TelegramChannelAdapter,
} from "./adapter.js";
export { createSendLimiter, type SendLimiter, type SendLimiterOptions } from "./rate-limit.js";

/** The Telegram channel: a bot in private chats and groups, by long polling or webhook (grammY). */
export const telegramChannel: ChannelModule<TelegramChannelConfig> = {
  id: "telegram",
  configSchema: telegramChannelConfigSchema,
  requiredSecrets: ["token"],
  cannotRun: (config) => (config.mode === "webhook" && !config.webhook_secret
    ? "webhook mode needs webhook_secret (TELEGRAM_WEBHOOK_SECRET): without it every webhook call is refused" : null),
  create: (config, deps) => createTelegramChannelAdapter(config, deps),
};
