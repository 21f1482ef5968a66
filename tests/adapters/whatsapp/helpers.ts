import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHANNEL_MODULES } from "../../../src/adapters/registry.js";
import { BOT_MODULES } from "../../../src/bots/registry.js";
import { createWhatsappModule, type WhatsappChannelAdapter } from "../../../src/adapters/whatsapp/index.js";
import { startHub, type Hub } from "../../../src/app/hub.js";
import type { ChannelModule } from "../../../src/core/channel/module.js";
import { loadConfigText } from "../../../src/core/config/load.js";
import { silentLogger, type Logger } from "../../../src/core/logger.js";
import type { Store } from "../../../src/core/store/port.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { fakeClientFactory, type FakeWaClient } from "../../fakes/whatsapp-web-client.js";
import { alwaysOpenConfig, withoutChannel } from "../../helpers/hub.js";

export const ADMIN_TOKEN = "admin-token-0123456789abcdef";
export const CUSTOMER_CHAT = "4915123456789@c.us";
export const CUSTOMER_PHONE = "+4915123456789";
/** What the test hub answers to every inbound message. */
export const REPLY_TEXT = "Thanks, Northwind Outfitters got your message.";

/** The shipped config (always open) with the whatsapp section replaced by an enabled one plus `extra` lines (4-space indented YAML). */
export function configWithWhatsapp(extra = ""): string {
  return `${withoutChannel(alwaysOpenConfig(), "whatsapp").trimEnd()}
  whatsapp:
    enabled: true
    admin_token: \${WHATSAPP_ADMIN_TOKEN}
    reconnect_delay: 20ms
    reconnect_max_delay: 80ms
${extra}`;
}

export interface WhatsappHub {
  url: string;
  hub: Hub;
  store: Store;
  dataDir: string;
  /** The stand-in WhatsApp Web client the real adapter is driving. */
  client(): FakeWaClient;
  /** The real adapter the hub runs. */
  adapter(): WhatsappChannelAdapter;
  terminal: string[];
  stop(): Promise<void>;
}

/**
 * Starts the real hub with the real whatsapp adapter, built by the module's
 * own create(), whose client factory hands out a stand-in WhatsApp Web
 * client. Everything else (ingest, store, dispatcher, outbox, HTTP) is real;
 * only the decision step is a fixed one-reply decider.
 */
export async function startWhatsappHub(options: { configYaml?: string; env?: Record<string, string>; logger?: Logger } = {}): Promise<WhatsappHub> {
  const dataDir = mkdtempSync(join(tmpdir(), "tl-wa-"));
  const clients = fakeClientFactory();
  const terminal: string[] = [];
  const module = createWhatsappModule({ clientFactory: clients.factory, terminal: (t) => terminal.push(t), ingestRetryDelaysMs: [10] });
  let adapter: WhatsappChannelAdapter | null = null;
  const capturing: ChannelModule = {
    ...(module as ChannelModule),
    create: async (config, deps) => (adapter = (await module.create(config as never, deps)) as WhatsappChannelAdapter),
  };
  const channels = CHANNEL_MODULES.map((m) => (m.id === "whatsapp" ? capturing : m));
  const loaded = loadConfigText(options.configYaml ?? configWithWhatsapp(), "threadline.yaml", options.env ?? { WHATSAPP_ADMIN_TOKEN: ADMIN_TOKEN }, {
    channels,
    bots: BOT_MODULES,
  });
  const store = openSqliteStore({ path: join(dataDir, "threadline.db") });
  const hub = await startHub({
    config: loaded.config,
    missingEnv: loaded.missingEnv,
    channels,
    dataDir,
    store,
    logger: options.logger ?? silentLogger(),
    listen: { host: "127.0.0.1", port: 0 },
    // One predictable reply per message, so these tests do not depend on the greeting or the AI core's choices.
    decide: async () => ({ replies: [{ kind: "ack", text: REPLY_TEXT, authorKind: "ai" }] }),
  });
  return {
    url: hub.url!,
    hub,
    store,
    dataDir,
    client: () => clients.last(),
    terminal,
    stop: () => hub.stop(),
    adapter() {
      if (!adapter) throw new Error("the whatsapp channel is not running");
      return adapter;
    },
  };
}

/** Polls until `check` stops throwing (events are handled asynchronously). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
