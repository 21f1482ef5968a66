import type { BotModule } from "../core/escalation/module.js";
import { discordBot } from "./discord/module.js";
import { inboxBot } from "./inbox/index.js";
import { slackBot } from "./slack/module.js";

/**
 * Every internal-workspace bot the hub knows. Adding a platform means one
 * folder under src/bots exporting a BotModule, plus one line here.
 */
export const BOT_MODULES: readonly BotModule[] = [slackBot, discordBot, inboxBot];
