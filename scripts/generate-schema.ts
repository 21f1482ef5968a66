// Regenerates config/threadline.schema.json and docs/config-reference.md from the zod config schema: `npm run schema`.
import { MODULES } from "../src/app/modules.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { configJsonSchema } from "../src/core/config/json-schema.js";
import { renderConfigReference } from "../src/core/config/reference-doc.js";

const schema = configJsonSchema(MODULES);
writeFileSync("config/threadline.schema.json", `${JSON.stringify(schema, null, 2)}\n`);
mkdirSync("docs", { recursive: true });
writeFileSync("docs/config-reference.md", renderConfigReference(schema));
console.log("wrote config/threadline.schema.json and docs/config-reference.md");
