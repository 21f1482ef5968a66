// `npm run bench`: every benchmark, each printing one JSON object.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const benches = [
  "bench/ingest.ts",
  "bench/intent-classifier.ts",
  "bench/knowledge.ts",
  "bench/metrics.ts",
  "bench/startup.ts",
  "bench/ids.ts",
  "bench/export.ts",
].filter((b) => existsSync(b));
for (const b of benches) {
  console.error(`# ${b}`);
  const r = spawnSync(process.execPath, [resolve("node_modules/tsx/dist/cli.mjs"), b], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
