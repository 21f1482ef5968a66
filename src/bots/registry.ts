import type { BotModule } from "../core/escalation/module.js";

/**
 * Every internal-workspace bot the hub knows. Adding a platform means one
 * folder under src/bots exporting a BotModule, plus one line here.
 */
export const BOT_MODULES: readonly BotModule[] = [
];
