import type { ChannelModule } from "../../core/channel/module.js";
import type { WhatsappAdapterOptions } from "./adapter.js";
import { whatsappConfigSchema, type WhatsappConfig } from "./config.js";

/**
 * Builds the whatsapp channel module. The registry uses the default (the real
 * whatsapp-web.js Client, QR printed to stderr); tests pass a stand-in client
 * factory so the real adapter runs against a fake WhatsApp Web. The adapter
 * and whatsapp-web.js (with its browser driver) are loaded only when the
 * channel runs.
 */
export function createWhatsappModule(options: Partial<WhatsappAdapterOptions> = {}): ChannelModule<WhatsappConfig> {
  return {
    id: "whatsapp",
    configSchema: whatsappConfigSchema,
    // Nothing is secret up front: the login is a QR scan, and admin_token only switches the QR endpoint on.
    requiredSecrets: [],
    create: async (config, deps) => {
      const { createWhatsappAdapter } = await import("./adapter.js");
      const clientFactory = options.clientFactory ?? (await import("./real-client.js")).createRealClient;
      return createWhatsappAdapter(config, deps, {
        clientFactory,
        // stderr, not stdout: stdout carries the JSON log lines, which a QR drawing would break.
        terminal: options.terminal ?? ((text) => void process.stderr.write(text)),
        ...(options.ingestRetryDelaysMs ? { ingestRetryDelaysMs: options.ingestRetryDelaysMs } : {}),
      });
    },
  };
}

/** WhatsApp via whatsapp-web.js: a linked device of an existing number, logged in by a QR scan. */
export const whatsappChannel: ChannelModule<WhatsappConfig> = createWhatsappModule();
