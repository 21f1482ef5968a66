import type { BotModule } from "../../core/escalation/module.js";
import { discordConfigSchema, type DiscordConfig } from "./config.js";

/** The Discord escalation bot (discord.js): a `bots.discord` section and one registry line; discord.js is loaded only when the bot runs. */
export const discordBot: BotModule<DiscordConfig> = {
  platform: "discord",
  configSchema: discordConfigSchema,
  requiredSecrets: ["token"],
  create: async (config, deps) => (await import("./bot.js")).createDiscordBot(config, deps),
};
