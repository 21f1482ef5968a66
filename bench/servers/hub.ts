/**
 * The hub for the ingest benchmark: the real composition (web chat adapter,
 * ingest, store, dispatcher, outbox) on a SQLite file. The decision step is
 * replaced by one that acknowledges every message, so each message produces
 * exactly one reply and the figure measures the pipeline, not a model.
 */
import { MODULES } from "../../src/app/modules.js";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { CHANNEL_MODULES } from "../../src/adapters/registry.js";
import { startHub } from "../../src/app/hub.js";
import { loadConfigText } from "../../src/core/config/load.js";
import { createLogger } from "../../src/core/logger.js";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";

const dataDir = process.argv[2]!;
const { config, missingEnv } = loadConfigText(readFileSync("config/threadline.yaml", "utf8"), "threadline.yaml", {}, MODULES);
const store = openSqliteStore({ path: join(dataDir, "threadline.db") });
const hub = await startHub({
  config,
  missingEnv,
  channels: CHANNEL_MODULES,
  dataDir,
  store,
  logger: createLogger({ level: "warn" }),
  listen: { host: "127.0.0.1", port: 0 },
  decide: async () => ({ replies: [{ kind: "ack", text: "received", authorKind: "system" }] }),
});
console.log(JSON.stringify({ port: Number(new URL(hub.url!).port) }));
process.on("SIGTERM", () => void hub.stop().then(() => process.exit(0)));
