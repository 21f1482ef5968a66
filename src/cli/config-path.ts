import { MODULES } from "../app/modules.js";
import { resolve } from "node:path";
import { loadConfigFile, type LoadedConfig } from "../core/config/load.js";
import { ConfigError, formatConfigProblem } from "../core/errors.js";
import type { CliIo } from "./io.js";

/** The config file a command uses: --config, else THREADLINE_CONFIG, else config/threadline.yaml. */
export function configPath(option: string | undefined, io: CliIo): string {
  return resolve(io.cwd, option ?? io.env.THREADLINE_CONFIG ?? "config/threadline.yaml");
}

/** Loads the config or prints each problem as `file:line key: message` and returns null. */
export function loadConfigOrReport(option: string | undefined, io: CliIo): LoadedConfig | null {
  const file = configPath(option, io);
  try {
    return loadConfigFile(file, io.env, MODULES);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const p of e.problems) io.stderr(`${formatConfigProblem({ ...p, file: relativeTo(io.cwd, p.file) })}\n`);
    return null;
  }
}

function relativeTo(cwd: string, file: string): string {
  return file.startsWith(cwd + "/") ? file.slice(cwd.length + 1) : file;
}
