import { MODULES } from "../../src/app/modules.js";
import { bundledWordVectors } from "../../src/app/word-vectors.js";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../../src/core/config/load.js";
import { loadScenario } from "../../src/simulate/load.js";
import { runScenario } from "../../src/simulate/runner.js";

const dir = "config/scenarios";
const { config } = loadConfigFile("config/threadline.yaml", {}, MODULES);

describe("shipped scenarios (config/scenarios) pass through the real pipeline", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
    it(file, async () => {
      const result = await runScenario(loadScenario(join(dir, file)), file, config, { wordVectors: bundledWordVectors() });
      const failures = result.steps.flatMap((s) => s.failures.map((f) => `step ${s.index}: ${f}`));
      expect(result.error).toBeNull();
      expect(failures).toEqual([]);
      expect(result.passed).toBe(true);
    });
  }
});
