import type { BotModule } from "../../core/escalation/module.js";
import { missingModeSecret, slackConfigSchema, type SlackConfig } from "./config.js";

/**
 * The Slack escalation bot (@slack/bolt): Events API on the hub's server or
 * Socket Mode. `bot_token` is the static required secret; the mode-specific
 * one (signing_secret in http mode, app_token in socket mode) is checked by
 * `cannotRun`, which then reports the bot disabled with the variable named.
 * Bolt is loaded only when the bot runs.
 */
export const slackBot: BotModule<SlackConfig> = {
  platform: "slack",
  configSchema: slackConfigSchema,
  requiredSecrets: ["bot_token"],
  cannotRun: missingModeSecret,
  create: async (config, deps) => (await import("./bot.js")).createSlackBot(config, deps),
};
