import type { BotModule } from "../../core/escalation/module.js";
import { createSlackBot } from "./bot.js";
import { missingModeSecret, slackConfigSchema, type SlackConfig } from "./config.js";

export type { SlackConfig } from "./config.js";
export { slackConfigSchema, missingModeSecret, SLACK_DEFAULT_EVENTS_PATH } from "./config.js";
export { createSlackBot, buildSlackApp, type SlackBot, type SlackBotOptions } from "./bot.js";
export { slackManifest, SLACK_BOT_SCOPES, SLACK_BOT_EVENTS } from "./manifest.js";
export { classifyThreadMessage, isEcho } from "./classify.js";
export { slackReactionName } from "./reactions.js";

/**
 * The Slack escalation bot (@slack/bolt): Events API on the hub's server or
 * Socket Mode. `bot_token` is the static required secret; the mode-specific
 * one (signing_secret in http mode, app_token in socket mode) is checked by
 * the factory, which then reports the bot disabled with the variable named.
 */
export const slackBot: BotModule<SlackConfig> = {
  platform: "slack",
  configSchema: slackConfigSchema,
  requiredSecrets: ["bot_token"],
  cannotRun: missingModeSecret,
  create: (config, deps) => createSlackBot(config, deps),
};
