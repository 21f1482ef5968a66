import { readFileSync } from "node:fs";
import type { ChannelModule } from "../channel/module.js";
import { ConfigError } from "../errors.js";
import { interpolateEnv, type MissingEnv } from "./interpolate.js";
import { buildConfigSchema, type ConfigModules, type ThreadlineConfig } from "./schema.js";
import { parseYamlWithSchema } from "./yaml-validate.js";

export interface LoadedConfig {
  config: ThreadlineConfig;
  /** Values that referred to unset env vars (and were therefore left out). */
  missingEnv: MissingEnv[];
  file: string;
}

/**
 * Parses, interpolates and validates a threadline.yaml text. Throws ConfigError
 * listing every problem as file:line key: message, so an admin can fix them all
 * in one go. Unknown keys are errors.
 */
export function loadConfigText(
  text: string,
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  channels: ConfigModules | readonly ChannelModule[],
): LoadedConfig {
  let missingEnv: MissingEnv[] = [];
  const config = parseYamlWithSchema(text, file, buildConfigSchema(channels), (doc) => {
    missingEnv = interpolateEnv(doc, env);
  });
  return { config: config, missingEnv, file };
}

export function loadConfigFile(
  path: string,
  env: Readonly<Record<string, string | undefined>>,
  channels: ConfigModules | readonly ChannelModule[],
): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError([{ file: path, line: 0, key: "", message: `cannot read the file: ${(e as Error).message}` }]);
  }
  return loadConfigText(text, path, env, channels);
}
