import type { ChannelModule } from "../../core/channel/module.js";
import { createWhatsappAdapter, type WhatsappAdapterOptions } from "./adapter.js";
import { whatsappConfigSchema, type WhatsappConfig } from "./config.js";
import { createRealClient } from "./real-client.js";

export type { WhatsappConfig } from "./config.js";
export { createWhatsappAdapter, WHATSAPP_MAX_TEXT, type WhatsappAdapterOptions, type WhatsappChannelAdapter } from "./adapter.js";
export { ackToDeliveryState, WA_ACK, type WaClient, type WaClientFactory, type WaClientOptions, type WaMessageLike } from "./client.js";
export { whatsappAddressSchema, type WhatsappAddress } from "./decode.js";
export { WhatsappMediaError, type FetchedMedia } from "./media.js";
export { SCAN_AGAIN, type SessionPhase, type SessionState } from "./session.js";

/**
 * Builds the whatsapp channel module. The registry uses the default (the real
 * whatsapp-web.js Client, QR printed to stderr); tests pass a stand-in client
 * factory so the real adapter runs against a fake WhatsApp Web.
 */
export function createWhatsappModule(options: Partial<WhatsappAdapterOptions> = {}): ChannelModule<WhatsappConfig> {
  return {
    id: "whatsapp",
    configSchema: whatsappConfigSchema,
    // Nothing is secret up front: the login is a QR scan, and admin_token only switches the QR endpoint on.
    requiredSecrets: [],
    create: (config, deps) => createWhatsappAdapter(config, deps, {
      clientFactory: options.clientFactory ?? createRealClient,
      // stderr, not stdout: stdout carries the JSON log lines, which a QR drawing would break.
      terminal: options.terminal ?? ((text) => void process.stderr.write(text)),
      ...(options.ingestRetryDelaysMs ? { ingestRetryDelaysMs: options.ingestRetryDelaysMs } : {}),
    }),
  };
}

/** WhatsApp via whatsapp-web.js: a linked device of an existing number, logged in by a QR scan. */
export const whatsappChannel: ChannelModule<WhatsappConfig> = createWhatsappModule();
