import { z } from "zod";
import type { ChannelModule } from "../channel/module.js";
import { buildConfigSchema, type ConfigModules } from "./schema.js";

/**
 * JSON Schema of threadline.yaml, generated from the zod schema (the single
 * source of truth) so editors autocomplete and validate the file. The
 * committed copy is config/threadline.schema.json; a test fails when it is stale.
 */
export function configJsonSchema(modules: ConfigModules | readonly ChannelModule[]): Record<string, unknown> {
  const schema = z.toJSONSchema(buildConfigSchema(modules), { io: "input", unrepresentable: "any", target: "draft-2020-12" });
  return { ...schema, title: "Threadline configuration (config/threadline.yaml)" };
}
