import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { parseYamlWithSchema } from "../core/config/yaml-validate.js";
import { ConfigError } from "../core/errors.js";
import { scenarioSchema, type Scenario } from "./scenario.js";

/** Expands files and directories (non-recursive, *.yaml / *.yml, sorted) into scenario file paths. */
export function scenarioFiles(paths: string[]): string[] {
  return paths.flatMap((p) => {
    if (!statSync(p, { throwIfNoEntry: false })) throw new ConfigError([{ file: p, line: 0, key: "", message: "no such file or directory" }]);
    if (statSync(p).isDirectory()) {
      return readdirSync(p)
        .filter((f) => [".yaml", ".yml"].includes(extname(f)))
        .sort()
        .map((f) => join(p, f));
    }
    return [p];
  });
}

/** Reads and validates one scenario file; throws ConfigError with file:line key: message for each problem. */
export function loadScenario(file: string): Scenario {
  return parseYamlWithSchema(readFileSync(file, "utf8"), file, scenarioSchema);
}
