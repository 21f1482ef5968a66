export type { WhatsappCloudConfig, WindowTemplate } from "./config.js";
export {
  createWhatsappCloudAdapter,
  whatsappCloudAddressSchema,
  OUTSIDE_WINDOW_MESSAGE,
  type WhatsappCloudAddress,
  type WhatsappCloudAdapter,
} from "./adapter.js";
export { hubSignature, verifyHubSignature } from "./signature.js";

export { whatsappCloudChannel } from "./module.js";
