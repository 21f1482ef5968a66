export type { TelegramChannelConfig } from "./config.js";
export {
  createTelegramChannelAdapter,
  telegramAddressSchema,
  splitText,
  TELEGRAM_MAX_TEXT,
  type TelegramAddress,
  type TelegramAdapterOptions,
  type TelegramChannelAdapter,
} from "./adapter.js";
export { createSendLimiter, type SendLimiter, type SendLimiterOptions } from "./rate-limit.js";

export { telegramChannel } from "./module.js";
