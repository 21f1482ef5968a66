import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

export interface ChildHub {
  child: ChildProcess;
  /** Resolves with the first JSON line that has the given key (default deadline 60 s: a tsx start-up alone takes ~4 s idle, ~18 s on a loaded 2-core machine). */
  waitFor(key: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/**
 * Starts tests/reliability/child-hub.ts in its own process, reading its JSON milestones.
 * tsx is loaded in that same process (`--import`), not through tsx's CLI: the CLI runs the
 * script in a grandchild, which a SIGKILL of the CLI leaves running (an orphan hub still
 * polling the shared SQLite file, and a "crash" that never happened).
 */
export function spawnChildHub(args: string[]): ChildHub {
  const tsx = pathToFileURL(resolve("node_modules/tsx/dist/loader.mjs")).href;
  const child = spawn(process.execPath, ["--import", tsx, resolve("tests/reliability/child-hub.ts"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
  });
  const seen: Record<string, unknown>[] = [];
  const waiters: { key: string; resolve(v: Record<string, unknown>): void }[] = [];
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on("line", (line) => {
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line);
    } catch {
      return;
    }
    seen.push(obj);
    for (const w of [...waiters]) if (w.key in obj) waiters.splice(waiters.indexOf(w), 1), w.resolve(obj);
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return {
    child,
    exited,
    waitFor(key, timeoutMs = 60_000) {
      const hit = seen.find((o) => key in o);
      if (hit) return Promise.resolve(hit);
      return new Promise((res, rej) => {
        const t = setTimeout(() => rej(new Error(`child never printed ${key}; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        waiters.push({ key, resolve: (v) => (clearTimeout(t), res(v)) });
        void exited.then(() => setTimeout(() => rej(new Error(`child exited before printing ${key}; stderr: ${stderr.slice(-2000)}`)), 100));
      });
    },
  };
}

export async function kill9(hub: ChildHub): Promise<void> {
  hub.child.kill("SIGKILL");
  await hub.exited;
}
