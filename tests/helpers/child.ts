import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

export interface ChildHub {
  child: ChildProcess;
  /** Resolves with the first JSON line that has the given key. */
  waitFor(key: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Starts tests/reliability/child-hub.ts in its own process (tsx), reading its JSON milestones. */
export function spawnChildHub(args: string[]): ChildHub {
  const child = spawn(process.execPath, [resolve("node_modules/tsx/dist/cli.mjs"), resolve("tests/reliability/child-hub.ts"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" },
  });
  const seen: Record<string, unknown>[] = [];
  const waiters: { key: string; resolve(v: Record<string, unknown>): void }[] = [];
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line);
    } catch {
      return;
    }
    seen.push(obj);
    for (const w of [...waiters]) if (w.key in obj) (waiters.splice(waiters.indexOf(w), 1), w.resolve(obj));
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return {
    child,
    exited,
    waitFor(key, timeoutMs = 20_000) {
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
