#!/usr/bin/env node
/**
 * Composition root of the `threadline` command: the only module that reads
 * `process.env`, `process.argv` and signals, and hands them to the CLI as plain
 * values.
 */
import { runCli } from "./cli/program.js";

const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
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
