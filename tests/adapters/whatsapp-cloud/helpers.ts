import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpApp } from "../../../src/app/http.js";
import { createWhatsappCloudAdapter, type WhatsappCloudAdapter } from "../../../src/adapters/whatsapp-cloud/adapter.js";
import { whatsappCloudConfigSchema } from "../../../src/adapters/whatsapp-cloud/config.js";
import type { ChannelHost, InboundMessage, IngestOutcome } from "../../../src/core/channel/adapter.js";
import type { Clock } from "../../../src/core/clock.js";
import { silentLogger, type Logger } from "../../../src/core/logger.js";

export const PHONE_NUMBER_ID = "106540352242922";
export const APP_SECRET = "test-app-secret";
export const VERIFY_TOKEN = "test-verify-token";
export const ACCESS_TOKEN = "test-access-token";

export type DeliveryUpdate = Parameters<ChannelHost["deliveryUpdate"]>[0];

/** A ChannelHost that records what it is given; `ingest` resolves after `ingestDelayMs` ("persisting"). */
export interface RecordingHost extends ChannelHost {
  ingested: InboundMessage[];
  updates: DeliveryUpdate[];
  ingestDelayMs: number;
  failIngest: boolean;
  /** When each ingest finished (ms since epoch), to compare with the HTTP answer. */
  ingestDoneAt: number[];
}

export function recordingHost(): RecordingHost {
  const h: RecordingHost = {
    ingested: [],
    updates: [],
    ingestDelayMs: 0,
    failIngest: false,
    ingestDoneAt: [],
    async ingest(messages): Promise<IngestOutcome[]> {
      if (h.ingestDelayMs) await new Promise((r) => setTimeout(r, h.ingestDelayMs));
      if (h.failIngest) throw new Error("store down");
      h.ingested.push(...messages);
      h.ingestDoneAt.push(Date.now());
      return messages.map((m, i) => ({
        messageId: `msg_${h.ingested.length + i}`,
        conversationId: "cv_1",
        contactId: "ct_1",
        duplicate: false,
        newConversation: false,
      }));
    },
    async deliveryUpdate(update) {
      h.updates.push(update);
    },
  };
  return h;
}

export interface AdapterServer {
  url: string;
  webhookUrl: string;
  adapter: WhatsappCloudAdapter;
  host: RecordingHost;
  stop(): Promise<void>;
}

/**
 * The adapter mounted on the hub's real express app (same global JSON parser,
 * error handlers and 404) on a loopback port, started with a recording host.
 */
export async function startAdapterServer(options: {
  clock: Clock;
  config?: Record<string, unknown>;
  logger?: Logger;
  apiBase?: string;
}): Promise<AdapterServer> {
  const config = whatsappCloudConfigSchema.parse({
    access_token: ACCESS_TOKEN,
    app_secret: APP_SECRET,
    verify_token: VERIFY_TOKEN,
    phone_number_id: PHONE_NUMBER_ID,
    ...(options.apiBase ? { api_base: options.apiBase } : {}),
    ...options.config,
  });
  const logger = options.logger ?? silentLogger();
  const adapter = createWhatsappCloudAdapter(config, {
    logger,
    clock: options.clock,
    dataDir: "/nonexistent",
    publicUrl: "http://localhost",
    history: async () => [],
  });
  const http = createHttpApp({ bodyLimitBytes: 64 * 1024, logger, ready: () => ({ ok: true, checks: {} }) });
  const server: Server = createServer(http.app);
  adapter.mount(http.app, server);
  http.finish();
  const host = recordingHost();
  await adapter.start(host);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    webhookUrl: `${url}${config.webhook_path}`,
    adapter,
    host,
    async stop() {
      await adapter.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
