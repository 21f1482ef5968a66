import type { BotModule } from "../../core/escalation/module.js";
import { createDiscordBot } from "./bot.js";
import { discordConfigSchema, type DiscordConfig } from "./config.js";

export type { DiscordConfig } from "./config.js";
export { discordConfigSchema } from "./config.js";
export { createDiscordBot, DISCORD_INTENTS, type DiscordBot } from "./bot.js";
export { DISCORD_PERMISSIONS, discordInviteUrl, discordPermissionBits } from "./permissions.js";

/** The Discord escalation bot (discord.js): a `bots.discord` section and one registry line. */
export const discordBot: BotModule<DiscordConfig> = {
  platform: "discord",
  configSchema: discordConfigSchema,
  requiredSecrets: ["token"],
  create: (config, deps) => createDiscordBot(config, deps),
};
