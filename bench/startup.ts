// Start-up time of the hub on the shipped config, against a floor measured in the
// same run: a bare express server on one SQLite file (`node` importing express and
// better-sqlite3, opening the file, listening). Both are child processes started
// from the built `dist/` (run `npm run build` first), timed from spawn to the
// first successful HTTP answer, alternating rounds; medians. Prints one JSON object.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createServer } from "node:net";

const ROUNDS = Number(process.env.ROUNDS ?? 5);

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

async function timeUntilReady(args: string[], env: Record<string, string>, cwd: string, url: (port: number) => string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" }, stdio: "ignore" });
  try {
    for (;;) {
      try {
        const res = await fetch(url(port));
        if (res.status < 500) return performance.now() - started;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill("SIGKILL");
  }
}

const FLOOR = `
const express = require("express"); const Database = require("better-sqlite3");
const db = new Database(require("path").join(process.env.DATA_DIR, "floor.db")); db.pragma("journal_mode = WAL");
db.exec("CREATE TABLE IF NOT EXISTS t (id TEXT)");
const app = express(); app.get("/healthz", (_q, r) => r.json({ status: "ok" }));
app.listen(Number(process.env.PORT), process.env.HOST);
`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const floor: number[] = [];
const hub: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), "tl-startup-"));
  // The floor runs from the project (for its node_modules); the hub from an empty directory with the shipped config, so its data/ is fresh.
  floor.push(await timeUntilReady(["-e", FLOOR], { DATA_DIR: dataDir }, process.cwd(), (p) => `http://127.0.0.1:${p}/healthz`));
  hub.push(
    await timeUntilReady(
      [resolve("bin/threadline.js"), "start", "--config", resolve("config/threadline.yaml")],
      {},
      dataDir,
      (p) => `http://127.0.0.1:${p}/healthz`,
    ),
  );
}
console.log(
  JSON.stringify({
    bench: "startup",
    rounds: ROUNDS,
    config: "config/threadline.yaml",
    floor_ms: Math.round(median(floor)),
    hub_ms: Math.round(median(hub)),
    ratio_hub_over_floor: Number((median(hub) / median(floor)).toFixed(2)),
  }),
);
