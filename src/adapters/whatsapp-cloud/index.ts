import type { ChannelModule } from "../../core/channel/module.js";
import { createWhatsappCloudAdapter } from "./adapter.js";
import { whatsappCloudConfigSchema, type WhatsappCloudConfig } from "./config.js";

export type { WhatsappCloudConfig, WindowTemplate } from "./config.js";
export {
  createWhatsappCloudAdapter, whatsappCloudAddressSchema, OUTSIDE_WINDOW_MESSAGE, type WhatsappCloudAddress, type WhatsappCloudAdapter,
} from "./adapter.js";
export { hubSignature, verifyHubSignature } from "./signature.js";

/** The official WhatsApp Cloud API channel (Meta's Graph API and webhooks). */
export const whatsappCloudChannel: ChannelModule<WhatsappCloudConfig> = {
  id: "whatsapp-cloud",
  configSchema: whatsappCloudConfigSchema,
  requiredSecrets: ["access_token", "app_secret", "verify_token", "phone_number_id"],
  create: (config, deps) => createWhatsappCloudAdapter(config, deps),
};
