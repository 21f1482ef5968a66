#!/usr/bin/env node
// The README's test command (`npm test`). Runs vitest with its normal report plus
// a JSON report, then prints the plain closing line "N passed, N failed, N skipped"
// computed from vitest's own results. Extra arguments go to vitest.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const report = ".reports/vitest.json";
mkdirSync(".reports", { recursive: true });
rmSync(report, { force: true });

const vitest = spawnSync(
  process.execPath,
  ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: "inherit", env: { ...process.env, NO_COLOR: process.env.NO_COLOR ?? "1" } },
);

if (!existsSync(report)) {
  console.log("0 passed, 1 failed, 0 skipped");
  console.error("vitest wrote no JSON report (it crashed before running tests)");
  process.exit(vitest.status || 1);
}
const r = JSON.parse(readFileSync(report, "utf8"));
// A file that failed without a failed test (import error, a beforeAll that threw and skipped its tests) counts as one failure.
const failedSuites = (r.testResults ?? []).filter((f) => f.status === "failed" && !(f.assertionResults ?? []).some((a) => a.status === "failed")).length;
const passed = r.numPassedTests ?? 0;
const failed = (r.numFailedTests ?? 0) + failedSuites;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : (vitest.status ?? 1));
