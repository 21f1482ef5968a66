export type { DiscordConfig } from "./config.js";
export { discordConfigSchema } from "./config.js";
export { createDiscordBot, DISCORD_INTENTS, type DiscordBot } from "./bot.js";
export { DISCORD_PERMISSIONS, discordInviteUrl, discordPermissionBits } from "./permissions.js";

export { discordBot } from "./module.js";
