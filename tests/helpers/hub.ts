import { MODULES } from "../../src/app/modules.js";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHANNEL_MODULES } from "../../src/adapters/registry.js";
import { startHub, type Hub, type HubOptions } from "../../src/app/hub.js";
import type { Clock } from "../../src/core/clock.js";
import { loadConfigText } from "../../src/core/config/load.js";
import { silentLogger, type Logger } from "../../src/core/logger.js";
import type { Store } from "../../src/core/store/port.js";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { startKnowledgeBase } from "../../src/knowledge/index.js";

export const SHIPPED_CONFIG = readFileSync("config/threadline.yaml", "utf8");

export interface TestHub {
  url: string;
  store: Store;
  hub: Hub;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the real hub (the shipped config with business hours removed, so the
 * greeting does not depend on the wall clock, unless `configYaml` is given) on a free
 * loopback port with a temporary SQLite file. No module is mocked; tests pass
 * fakes in through `overrides` when they need to.
 */
export async function startTestHub(
  options: {
    configYaml?: string;
    env?: Record<string, string>;
    clock?: Clock;
    logger?: Logger;
    overrides?: Partial<Pick<HubOptions, "decide" | "adapterOverrides" | "botOverrides" | "bots" | "ai">>;
    dataDir?: string;
    /** Start the knowledge base from config/knowledge (no file watching), as `threadline start` does. */
    knowledge?: boolean;
  } = {},
): Promise<TestHub> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "tl-hub-"));
  const loaded = loadConfigText(options.configYaml ?? alwaysOpenConfig(), "threadline.yaml", options.env ?? {}, MODULES);
  const store = openSqliteStore({ path: join(dataDir, "threadline.db") });
  const logger = options.logger ?? silentLogger();
  const knowledge = options.knowledge
    ? await startKnowledgeBase({
        config: loaded.config,
        store,
        logger,
        rootDir: process.cwd(),
        watch: false,
        ...(options.clock ? { clock: options.clock } : {}),
      })
    : undefined;
  const hub = await startHub({
    config: loaded.config,
    missingEnv: loaded.missingEnv,
    channels: CHANNEL_MODULES,
    dataDir,
    store,
    logger,
    listen: { host: "127.0.0.1", port: 0 },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(knowledge ? { knowledge } : {}),
    ...options.overrides,
  });
  return { url: hub.url!, store, hub, dataDir, stop: () => hub.stop() };
}

/** Business hours that are always open, so greeting tests do not depend on the wall clock. */
export function alwaysOpenConfig(base = SHIPPED_CONFIG): string {
  return base.replace(/business_hours:[\s\S]*?holidays:[^\n]*\n/, "");
}

/**
 * The config with the AI core switched off: only the greeting and after-hours
 * texts answer. For transport tests that count deliveries and should not
 * depend on what the AI says.
 */
export function greetingOnlyConfig(base = alwaysOpenConfig()): string {
  const off = base.replace(/^ai:\n  enabled: true/m, "ai:\n  enabled: false");
  if (off === base) throw new Error("greetingOnlyConfig: the config has no `ai:\n  enabled: true` to switch off");
  return off;
}

/** The config with no intent running actions (order lookups): for tests of the knowledge-base path and field memory. */
export function withoutActions(yaml: string): string {
  const out = yaml.replace(/^    actions: \[[^\]]*\].*\n/gm, "");
  if (out === yaml) throw new Error("withoutActions: no intent lists actions");
  return out;
}

/** The config text without one channel's section under `channels:` (tests add their own). */
export function withoutChannel(yaml: string, id: string): string {
  const lines = yaml.split("\n");
  const channels = lines.findIndex((l) => l === "channels:");
  const start = lines.findIndex((l, i) => i > channels && l.startsWith(`  ${id}:`));
  if (start < 0) return yaml;
  let end = start + 1;
  while (end < lines.length && (lines[end]!.startsWith("    ") || lines[end]!.trim() === "")) end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join("\n");
}
