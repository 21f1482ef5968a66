import { CHANNEL_MODULES } from "../adapters/registry.js";
import { BOT_MODULES } from "../bots/registry.js";
import type { ConfigModules } from "../core/config/schema.js";

/** Both registries, as the config loader and the hub take them. */
export const MODULES: ConfigModules = { channels: CHANNEL_MODULES, bots: BOT_MODULES };
