import type { ChannelModule } from "../../core/channel/module.js";
import { whatsappCloudConfigSchema, type WhatsappCloudConfig } from "./config.js";

/** The official WhatsApp Cloud API channel (Meta's Graph API and webhooks); its adapter is loaded only when the channel runs. */
export const whatsappCloudChannel: ChannelModule<WhatsappCloudConfig> = {
  id: "whatsapp-cloud",
  configSchema: whatsappCloudConfigSchema,
  requiredSecrets: ["access_token", "app_secret", "verify_token", "phone_number_id"],
  create: async (config, deps) => (await import("./adapter.js")).createWhatsappCloudAdapter(config, deps),
};
