export type { SlackConfig } from "./config.js";
export { slackConfigSchema, missingModeSecret, SLACK_DEFAULT_EVENTS_PATH } from "./config.js";
export { createSlackBot, buildSlackApp, type SlackBot, type SlackBotOptions } from "./bot.js";
export { slackManifest, SLACK_BOT_SCOPES, SLACK_BOT_EVENTS } from "./manifest.js";
export { classifyThreadMessage, isEcho } from "./classify.js";
export { slackReactionName } from "./reactions.js";

export { slackBot } from "./module.js";
