import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * Lint and format are part of `npm test`, so CI runs them: Biome checks the
 * formatting of every source file (biome.json), typescript-eslint checks
 * with type information what the compiler does not (eslint.config.js).
 * `npm run format` and `npm run lint -- --fix` repair most findings.
 */
const run = promisify(execFile);
const bin = (name: string) => resolve("node_modules/.bin", name);

async function outcome(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const r = await run(cmd, args, { maxBuffer: 32 * 1024 * 1024, timeout: 600_000 });
    return { code: 0, output: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("lint and format", () => {
  it("every source file is formatted (Biome)", async () => {
    const r = await outcome(bin("biome"), ["format", "--max-diagnostics=20", "."]);
    expect(r.code, r.output).toBe(0);
  }, 120_000);

  it("typescript-eslint finds nothing (type-aware rules)", async () => {
    const r = await outcome(bin("eslint"), ["--max-warnings=0", "src", "tests", "bench", "scripts"]);
    expect(r.code, r.output).toBe(0);
  }, 620_000);
});
