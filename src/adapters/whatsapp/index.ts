export type { WhatsappConfig } from "./config.js";
export { createWhatsappAdapter, WHATSAPP_MAX_TEXT, type WhatsappAdapterOptions, type WhatsappChannelAdapter } from "./adapter.js";
export { ackToDeliveryState, WA_ACK, type WaClient, type WaClientFactory, type WaClientOptions, type WaMessageLike } from "./client.js";
export { whatsappAddressSchema, type WhatsappAddress } from "./decode.js";
export { WhatsappMediaError, type FetchedMedia } from "./media.js";
export { SCAN_AGAIN, type SessionPhase, type SessionState } from "./session.js";

export { createWhatsappModule, whatsappChannel } from "./module.js";
