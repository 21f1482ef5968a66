#!/usr/bin/env node
/**
 * Composition root of the `threadline` command: the only module that reads
 * `process.env`, `process.argv` and signals, and hands them to the CLI as plain
 * values. A `.env` file in the working directory is read first (variables
 * already set in the environment win), as config/.env.example suggests.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { runCli } from "./cli/program.js";

const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

function environment(cwd: string): Record<string, string | undefined> {
  const file = join(cwd, ".env");
  if (!existsSync(file)) return process.env;
  try {
    return { ...parseEnv(readFileSync(file, "utf8")), ...process.env };
  } catch (e) {
    process.stderr.write(`.env: cannot read it (${(e as Error).message}); continuing without it\n`);
    return process.env;
  }
}

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  env: environment(process.cwd()),
  cwd: process.cwd(),
  stdoutIsTerminal: process.stdout.isTTY === true,
  stderrIsTerminal: process.stderr.isTTY === true,
  stdoutStream: process.stdout,
  onShutdown(handler) {
    let fired = false;
    for (const s of signals) {
      process.on(s, () => {
        if (fired) process.exit(130); // second Ctrl-C: stop waiting
        fired = true;
        handler();
      });
    }
  },
});
process.exitCode = code;
