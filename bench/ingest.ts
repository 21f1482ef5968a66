/**
 * Web-chat ingest benchmark: message sent over the websocket → stored → reply
 * received, for the real hub and for a floor (bare express + one SQLite insert
 * + one websocket send), measured in the same run with the same load, in
 * alternating rounds so machine noise hits both. Prints one JSON object.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { runLoad, type LoadResult } from "./load.js";

const VISITORS = Number(process.env.BENCH_VISITORS ?? 100);
const PER_VISITOR = Number(process.env.BENCH_PER_VISITOR ?? 15); // the widget's per-visitor rate limit is 20 per 10 s
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function withServer<T>(script: string, run: (port: number) => Promise<T>): Promise<T> {
  const child: ChildProcess = spawn(process.execPath, [resolve("node_modules/tsx/dist/cli.mjs"), resolve(script), mkdtempSync(join(tmpdir(), "tl-bench-"))], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const port = await new Promise<number>((ok, fail) => {
      createInterface({ input: child.stdout! }).on("line", (l) => {
        const o = JSON.parse(l) as { port?: number };
        if (typeof o.port === "number") ok(o.port);
      });
      child.once("exit", () => fail(new Error(`${script} exited`)));
    });
    await runLoad(port, 10, 5); // warm-up (JIT, SQLite caches)
    return await run(port);
  } finally {
    child.kill("SIGTERM");
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const floor: LoadResult[] = [];
const hub: LoadResult[] = [];
for (let r = 0; r < ROUNDS; r++) {
  floor.push(await withServer("bench/servers/floor.ts", (port) => runLoad(port, VISITORS, PER_VISITOR)));
  hub.push(await withServer("bench/servers/hub.ts", (port) => runLoad(port, VISITORS, PER_VISITOR)));
}
const summary = (rs: LoadResult[]) => ({
  messages_per_s: median(rs.map((r) => r.messages_per_s)),
  latency_ms: { p50: median(rs.map((r) => r.latency_ms.p50)), p99: median(rs.map((r) => r.latency_ms.p99)) },
  lost: rs.reduce((a, r) => a + r.lost, 0),
  rounds: rs,
});
const h = summary(hub);
const f = summary(floor);
console.log(
  JSON.stringify(
    {
      benchmark: "web-chat ingest → stored → reply sent",
      load: { visitors: VISITORS, messages_per_visitor: PER_VISITOR, rounds: ROUNDS, transport: "websocket, closed loop" },
      hub: h,
      floor: f,
      ratio_throughput_hub_to_floor: Math.round((h.messages_per_s / f.messages_per_s) * 100) / 100,
      ratio_p50_latency_hub_to_floor: Math.round((h.latency_ms.p50 / f.latency_ms.p50) * 100) / 100,
    },
    null,
    2,
  ),
);
