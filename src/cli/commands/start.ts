import type { Command } from "commander";
import { resolve } from "node:path";
import { CHANNEL_MODULES } from "../../adapters/registry.js";
import { providerFromEnv } from "../../app/ai.js";
import { BOT_MODULES } from "../../bots/registry.js";
import { startHub } from "../../app/hub.js";
import { openConfiguredStore } from "../../app/open-store.js";
import { createLogger } from "../../core/logger.js";
import { startKnowledgeBase } from "../../knowledge/index.js";
import { loadConfigOrReport } from "../config-path.js";
import type { CliIo } from "../io.js";
import type { MissingEnv } from "../../core/config/interpolate.js";
import { bundledWordVectors } from "../../app/word-vectors.js";
import type { WordVectors } from "../../ai/local/word-vectors.js";

export interface StartIo extends CliIo {
  /** Registers the shutdown trigger (SIGINT/SIGTERM in main.ts). */
  onShutdown(handler: () => void): void;
}

/** The schema's default for hub.public_url: when it is in force, the URL follows the real listen address. */
const DEFAULT_PUBLIC_URL = "http://localhost:3000";

/**
 * hub.public_url as links in cards and notifications need it: as configured when it was set
 * (PUBLIC_URL or the file), otherwise derived from where the hub really listens, so `PORT=4000`
 * does not leave links pointing at port 3000.
 */
export function effectivePublicUrl(configured: string, missingEnv: readonly MissingEnv[], host: string, port: number): string {
  const unset = missingEnv.some((m) => m.key === "hub.public_url") || configured === DEFAULT_PUBLIC_URL;
  if (!unset || port === 0) return configured;
  const shown = host === "0.0.0.0" || host === "::" || host === "" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** `threadline start`: runs the hub until SIGINT/SIGTERM, then shuts down gracefully. */
export function registerStartCommand(program: Command, io: StartIo): void {
  program
    .command("start")
    .description("Run the hub (web chat, channels, pipeline) with the config file")
    .option("-c, --config <file>", "config file")
    .action(async (opts: { config?: string }) => {
      const loaded = loadConfigOrReport(opts.config, io);
      if (!loaded) {
        process.exitCode = 1;
        return;
      }
      const { config } = loaded;
      const pretty = io.env.LOG_FORMAT === "pretty" || (io.stdoutIsTerminal === true && io.env.LOG_FORMAT !== "json");
      const logger = createLogger({ level: config.logging.level, pretty });
      const port = io.env.PORT !== undefined ? Number(io.env.PORT) : config.server.port;
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        io.stderr(`PORT must be a TCP port number, got "${io.env.PORT}"\n`);
        process.exitCode = 1;
        return;
      }
      const host = io.env.HOST ?? config.server.host;
      config.hub.public_url = effectivePublicUrl(config.hub.public_url, loaded.missingEnv, host, port);
      const dataDir = resolve(io.cwd, config.hub.data_dir);
      let store;
      try {
        store = await openConfiguredStore(config, dataDir);
      } catch (e) {
        logger.fatal({ err: e }, "cannot open the store");
        process.exitCode = 1;
        return;
      }
      let knowledge;
      try {
        knowledge = await startKnowledgeBase({ config, store, logger, rootDir: io.cwd });
      } catch (e) {
        logger.fatal({ err: e }, "cannot load the knowledge base (the store refused its versions)");
        await store.close();
        process.exitCode = 1;
        return;
      }
      const wordVectors = (): WordVectors | null => bundledWordVectors(logger); // loaded only if a model uses them
      const ai = providerFromEnv(config, io.env, logger, wordVectors);
      const hub = await startHub({
        config,
        missingEnv: loaded.missingEnv,
        channels: CHANNEL_MODULES,
        bots: BOT_MODULES,
        dataDir,
        logger,
        store,
        knowledge,
        listen: { host, port },
        wordVectors,
        ...(ai ? { ai } : {}),
      });
      const storeWhere = store.engine === "sqlite" ? resolve(dataDir, config.store.sqlite.path) : "MONGODB_URI";
      logger.info({ url: hub.url, host, port: Number(new URL(hub.url!).port), config: loaded.file }, `${config.hub.name} is listening on ${hub.url}`);
      logger.info({ engine: store.engine, where: storeWhere }, `store: ${store.engine} (${storeWhere})`);
      for (const c of hub.plan) {
        const line = `channel ${c.id}: ${c.state}${c.reason ? ` (${c.reason})` : ""}`;
        if (c.state === "disabled") logger.warn({ channel: c.id, reason: c.reason }, line);
        else logger.info({ channel: c.id, state: c.state }, line);
      }
      if (config.ai.enabled && config.intents.length > 0) {
        logger.info(
          { provider: ai ? "openai" : "local", intents: config.intents.length, rules: config.rules.length },
          `AI core: ${ai ? "OpenAI-compatible provider with local fall-back" : "local provider (no key, no network)"}, ${config.intents.length} intents, ${config.rules.length} mandatory rules`,
        );
      } else logger.info("AI core: off (greeting and after-hours texts only)");
      for (const b of hub.bots) {
        const line = `bot ${b.id}: ${b.state}${b.reason ? ` (${b.reason})` : ""}`;
        if (b.state === "disabled") logger.warn({ bot: b.id, reason: b.reason }, line);
        else logger.info({ bot: b.id, state: b.state }, line);
      }
      for (const m of loaded.missingEnv.filter((m) => !m.key.startsWith("channels.") && !m.key.startsWith("bots."))) {
        logger.info(
          { key: m.key, variable: m.variable },
          `${m.variable} is not set: ${m.key} left empty${m.key === "store.mongodb.uri" ? " (using SQLite)" : ""}`,
        );
      }
      if (hub.plan.some((c) => c.id === "web" && c.state === "on")) logger.info(`web chat demo: ${hub.url}/  (widget: ${hub.url}/widget.js)`);
      await new Promise<void>((done) => {
        io.onShutdown(() => {
          logger.info("shutting down: intake stopped, draining the outbox");
          hub.stop().then(
            () => {
              logger.info("stopped cleanly");
              done();
            },
            (err: unknown) => {
              logger.error({ err }, "shutdown failed");
              process.exitCode = 1;
              done();
            },
          );
        });
      });
    });
}
