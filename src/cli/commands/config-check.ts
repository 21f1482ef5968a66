import type { Command } from "commander";
import { CHANNEL_MODULES } from "../../adapters/registry.js";
import { planBots, planChannels, type BotPlan } from "../../app/channel-plan.js";
import { BOT_MODULES } from "../../bots/registry.js";
import type { ThreadlineConfig } from "../../core/config/schema.js";
import { loadConfigOrReport } from "../config-path.js";
import type { CliIo } from "../io.js";

/**
 * `threadline config check`: exit 0 when valid (with a summary), otherwise every problem as
 * file:line key: message and exit 1. Warnings name what will not work although the file is valid
 * (a channel or bot that is enabled but cannot run, an escalation target nobody can be reached
 * through); `--strict` turns them into exit 1, for deploy pipelines.
 */
export function registerConfigCommand(program: Command, io: CliIo): void {
  const config = program.command("config").description("Work with config/threadline.yaml");
  config
    .command("check")
    .description("Validate the config file; exit 1 listing each problem as file:line key: message")
    .option("-c, --config <file>", "config file")
    .option("--strict", "also exit 1 when something enabled cannot run or an escalation reaches nobody")
    .action((opts: { config?: string; strict?: boolean }) => {
      const loaded = loadConfigOrReport(opts.config, io);
      if (!loaded) {
        process.exitCode = 1;
        return;
      }
      const warnings: string[] = [];
      io.stdout(`${loaded.file}: ok\n`);
      for (const c of planChannels(loaded.config, CHANNEL_MODULES, loaded.missingEnv)) {
        io.stdout(`  channel ${c.id}: ${c.state}${c.reason ? ` (${c.reason})` : ""}\n`);
        if (c.state === "disabled" && enabledInFile(loaded.config.channels[c.id])) warnings.push(`channel ${c.id} is enabled but cannot run: ${c.reason}`);
      }
      const bots = planBots(loaded.config, BOT_MODULES, loaded.missingEnv);
      for (const b of bots) {
        io.stdout(`  bot ${b.id}: ${b.state}${b.reason ? ` (${b.reason})` : ""}\n`);
      }
      for (const line of targetLines(loaded.config, bots, warnings)) io.stdout(line);
      const ai = loaded.config.ai;
      io.stdout(
        `  ai: ${ai.enabled && loaded.config.intents.length > 0 ? `${loaded.config.intents.length} intents, ${loaded.config.rules.length} mandatory rules, provider ${ai.provider}` : "off (greeting and after-hours texts only)"}\n`,
      );
      for (const m of loaded.missingEnv.filter((m) => !m.key.startsWith("channels.") && !m.key.startsWith("bots."))) {
        io.stdout(`  note: ${m.key} is unset because ${m.variable} is not set\n`);
      }
      for (const w of warnings) io.stdout(`warning: ${w}\n`);
      if (opts.strict && warnings.length > 0) {
        io.stderr(`config check --strict: ${warnings.length} warning(s)\n`);
        process.exitCode = 1;
      }
    });
}

function enabledInFile(section: unknown): boolean {
  return typeof section === "object" && section !== null && (section as { enabled?: unknown }).enabled !== false;
}

/** One line per escalation target saying whether its bot runs; warnings for targets and routes that reach nobody. */
function targetLines(config: ThreadlineConfig, bots: readonly BotPlan[], warnings: string[]): string[] {
  const reachable = (target: string): boolean => {
    const platform = config.escalation.targets[target]?.platform;
    return bots.some((b) => b.id === platform && b.state === "on");
  };
  const lines: string[] = [];
  for (const [name, target] of Object.entries(config.escalation.targets)) {
    const bot = bots.find((b) => b.id === target.platform);
    const why = `${target.platform} is ${bot ? `${bot.state}${bot.reason ? ` (${bot.reason})` : ""}` : "not a known platform"}`;
    const state = bot?.state === "on" ? `can deliver${target.platform === "inbox" ? " (shown in the console at /console)" : ""}` : `cannot deliver: ${why}`;
    lines.push(`  target ${name} (${target.platform}): ${state}\n`);
    if (bot?.state !== "on") warnings.push(`escalation target ${name} cannot deliver: ${why}`);
  }
  const names = Object.keys(config.escalation.targets);
  if (names.length > 0 && !names.some(reachable)) {
    warnings.push("no escalation target can deliver: every escalation (and the customer promised a reply) reaches nobody until a bot for one of them runs");
  } else {
    for (const route of config.escalation.routes) {
      if (!route.targets.some(reachable)) {
        const what = route.match.queue ? `queue ${route.match.queue.join("/")}` : "a route";
        warnings.push(`escalations of ${what} reach nobody: none of its targets (${route.targets.join(", ")}) can deliver`);
      }
    }
    if (config.escalation.fallback && !reachable(config.escalation.fallback)) warnings.push(`the fallback target ${config.escalation.fallback} cannot deliver`);
  }
  return lines;
}
