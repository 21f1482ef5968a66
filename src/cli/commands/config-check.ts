import type { Command } from "commander";
import { CHANNEL_MODULES } from "../../adapters/registry.js";
import { planBots, planChannels } from "../../app/channel-plan.js";
import { BOT_MODULES } from "../../bots/registry.js";
import { loadConfigOrReport } from "../config-path.js";
import type { CliIo } from "../io.js";

/** `threadline config check`: exit 0 when valid (with a summary), otherwise every problem as file:line key: message and exit 1. */
export function registerConfigCommand(program: Command, io: CliIo): void {
  const config = program.command("config").description("Work with config/threadline.yaml");
  config
    .command("check")
    .description("Validate the config file; exit 1 listing each problem as file:line key: message")
    .option("-c, --config <file>", "config file")
    .action((opts: { config?: string }) => {
      const loaded = loadConfigOrReport(opts.config, io);
      if (!loaded) {
        process.exitCode = 1;
        return;
      }
      io.stdout(`${loaded.file}: ok\n`);
      for (const c of planChannels(loaded.config, CHANNEL_MODULES, loaded.missingEnv)) {
        io.stdout(`  channel ${c.id}: ${c.state}${c.reason ? ` (${c.reason})` : ""}\n`);
      }
      for (const b of planBots(loaded.config, BOT_MODULES, loaded.missingEnv)) {
        io.stdout(`  bot ${b.id}: ${b.state}${b.reason ? ` (${b.reason})` : ""}\n`);
      }
      const ai = loaded.config.ai;
      io.stdout(`  ai: ${ai.enabled && loaded.config.intents.length > 0 ? `${loaded.config.intents.length} intents, ${loaded.config.rules.length} mandatory rules, provider ${ai.provider}` : "off (greeting and after-hours texts only)"}\n`);
      for (const m of loaded.missingEnv.filter((m) => !m.key.startsWith("channels.") && !m.key.startsWith("bots."))) {
        io.stdout(`  note: ${m.key} is unset because ${m.variable} is not set\n`);
      }
    });
}
