import { spawn } from "node:child_process";
import { resolve } from "node:path";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const TSX = resolve("node_modules/tsx/dist/cli.mjs");
const MAIN = resolve("src/main.ts");

/** Runs the real `threadline` CLI (TypeScript sources through tsx) as a child process. */
export function runThreadline(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [TSX, MAIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}
