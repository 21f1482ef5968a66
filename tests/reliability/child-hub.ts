/**
 * A hub process for the reliability tests, run with tsx as a child so the
 * parent can SIGKILL it at the worst moment. Modes:
 * - serve:        the real hub with the real web chat on a free port (decisions as configured)
 * - stall-decide: the real hub, but the decision step never finishes (crash after persist, before reply)
 * - stall-send:   ingest N messages directly; the web channel's send never returns (crash mid-delivery)
 * - writer:       ingest N messages from distinct visitors and deliver replies through a recording channel
 * It prints one JSON line per milestone on stdout.
 */
import { MODULES } from "../../src/app/modules.js";
import { join } from "node:path";
import { CHANNEL_MODULES } from "../../src/adapters/registry.js";
import { startHub } from "../../src/app/hub.js";
import type { ChannelAdapter } from "../../src/core/channel/adapter.js";
import { loadConfigText } from "../../src/core/config/load.js";
import { silentLogger } from "../../src/core/logger.js";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { greetingOnlyConfig } from "../helpers/hub.js";

const [mode, dataDir, countArg, tag] = process.argv.slice(2) as [string, string, string?, string?];
const count = Number(countArg ?? "1");
const say = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

// A short lease only where a claim must expire (stall-send is SIGKILLed holding one). Elsewhere the shipped
// 30 s: with 1 s, a round starved of CPU (or waiting on the other process's write lock) on a loaded machine
// could outlive its lease, and the other process would rightly claim and send the entry a second time.
const lease = mode === "stall-send" ? "1s" : "30s";
const yaml = greetingOnlyConfig()
  .replace("lease: 30s", `lease: ${lease}`)
  .replace("poll_interval: 1s", "poll_interval: 50ms")
  .replace("base_delay: 1s", "base_delay: 50ms");
const { config, missingEnv } = loadConfigText(yaml, "threadline.yaml", {}, MODULES);
const store = openSqliteStore({ path: join(dataDir, "threadline.db") });

const sent: string[] = [];
const recording: ChannelAdapter = {
  id: "web",
  capabilities: { maxTextLength: 4000, buttons: false, attachments: false, typing: false, replyWindowHours: null },
  async send(_address, message) {
    sent.push(message.messageId);
    return { externalId: `w-${message.messageId}` };
  },
  async start() {},
  async stop() {},
  status: () => ({ ok: true, detail: "recording" }),
};
const stalled: ChannelAdapter = { ...recording, send: () => (say({ sending: true }), new Promise(() => {})) };

const hub = await startHub({
  config,
  missingEnv,
  channels: CHANNEL_MODULES,
  dataDir,
  store,
  logger: silentLogger(),
  listen: { host: "127.0.0.1", port: 0 },
  ...(mode === "stall-decide" ? { decide: () => new Promise(() => {}) } : {}),
  ...(mode === "stall-send" ? { adapterOverrides: { web: stalled } } : {}),
  ...(mode === "writer" ? { adapterOverrides: { web: recording } } : {}),
});
say({ ready: true, url: hub.url });

if (mode === "stall-send" || mode === "writer") {
  const prefix = tag ?? "v";
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      hub.ingest([
        {
          channel: "web",
          externalId: `${prefix}-${i}`,
          sender: { kind: "web", value: `vis_${prefix}_${i}` },
          address: { visitorId: `vis_${prefix}_${i}` },
          text: `hello ${i}`,
          attachments: [],
          receivedAt: new Date(),
        },
      ]),
    ),
  );
  say({ ingested: count });
}
if (mode === "writer") {
  await hub.settle();
  // Keep delivering until the shared outbox is empty (the other process may still be queueing).
  for (let i = 0; i < 200 && ((await store.countOutbox("pending")) > 0 || (await store.countOutbox("sending")) > 0); i++) {
    await hub.settle();
    await new Promise((r) => setTimeout(r, 50));
  }
  // Report after stop(): its final drain may deliver entries the other process queued meanwhile
  // (shared outbox), and those count as this process's sends.
  await hub.stop();
  say({ sent });
  process.exit(0);
}
