import type { ChannelModule } from "../core/channel/module.js";
import { telegramChannel } from "./telegram/module.js";
import { webChannel } from "./web/index.js";
import { whatsappCloudChannel } from "./whatsapp-cloud/module.js";
import { whatsappChannel } from "./whatsapp/module.js";
import { emailChannel } from "./email/module.js";

/**
 * Every customer channel the hub knows. Adding a channel means one folder under
 * src/adapters exporting a ChannelModule, plus one line here.
 */
export const CHANNEL_MODULES: readonly ChannelModule[] = [webChannel, telegramChannel, whatsappCloudChannel, whatsappChannel, emailChannel];
