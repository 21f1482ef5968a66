import { Command, CommanderError } from "commander";
import { registerKbCommand } from "../../../src/cli/commands/kb.js";
import type { CliIo } from "../../../src/cli/io.js";

export interface KbRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `threadline kb …` in-process through the real command definition
 * (commander, the real config loader and store), with output captured. Fast
 * enough to use in many tests, unlike spawning the whole CLI.
 */
export async function runKb(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<KbRun> {
  return runCommand(registerKbCommand, ["kb", ...args], options);
}

/** Runs any `threadline` command registered by `register`, in-process, with output captured. */
export async function runCommand(
  register: (program: Command, io: CliIo) => void,
  argv: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<KbRun> {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: (s: string) => void (stdout += s),
    stderr: (s: string) => void (stderr += s),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  const program = new Command("threadline").exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  register(program, io);
  const before = process.exitCode;
  process.exitCode = undefined;
  let code = 0;
  try {
    await program.parseAsync(argv, { from: "user" });
    code = typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode;
  } finally {
    process.exitCode = before;
  }
  return { code, stdout, stderr };
}
