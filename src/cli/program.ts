import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { registerConfigCommand } from "./commands/config-check.js";
import { registerKbCommand } from "./commands/kb.js";
import { registerSimulateCommand } from "./commands/simulate.js";
import { registerStartCommand, type StartIo } from "./commands/start.js";
import { registerEvalCommand } from "./commands/eval-intents.js";
import { registerEvalRetrievalCommand } from "./commands/eval-retrieval.js";
import { registerSlackCommand } from "./commands/slack.js";
import { registerDiscordCommand } from "./commands/discord.js";
import { registerReportCommand } from "./commands/report.js";
import { registerExportCommand } from "./commands/export.js";
import { registerContactsCommand } from "./commands/contacts.js";
import { registerAgentsCommand } from "./commands/agents.js";
import { registerOutboxCommand } from "./commands/outbox.js";
import { registerEmailCommand } from "./commands/email.js";

/** Builds the `threadline` command line. Commands write only through `io`. */
export function buildProgram(io: StartIo): Command {
  const program = new Command("threadline")
    .description("Threadline: a self-hosted customer-service hub")
    .version(packageVersion(), "-V, --version", "print the version")
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();
  registerStartCommand(program, io);
  registerConfigCommand(program, io);
  registerSimulateCommand(program, io);
  registerKbCommand(program, io);
  registerEvalCommand(program, io);
  registerEvalRetrievalCommand(program, io);
  registerSlackCommand(program, io);
  registerDiscordCommand(program, io);
  registerReportCommand(program, io);
  registerExportCommand(program, io);
  registerContactsCommand(program, io);
  registerAgentsCommand(program, io);
  registerOutboxCommand(program, io);
  registerEmailCommand(program, io);
  return program;
}

/** The version in package.json (two levels up from src/cli or dist/cli). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

/** Runs the CLI and returns the exit code. */
export async function runCli(argv: string[], io: StartIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    throw e;
  }
  return typeof process.exitCode === "number" ? process.exitCode : 0;
}
