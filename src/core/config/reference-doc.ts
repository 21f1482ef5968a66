/**
 * Renders the config reference (docs/config-reference.md) from the JSON
 * Schema, so the documentation of every key comes from the same `.describe()`
 * texts as editor autocompletion and can never drift from the schema.
 */
type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
};

export function renderConfigReference(schema: JsonSchema): string {
  const rows: string[] = [];
  const walk = (node: JsonSchema, path: string) => {
    const props = node.properties ?? {};
    for (const [key, child] of Object.entries(props)) {
      if (key === "$schema") continue;
      const p = path ? `${path}.${key}` : key;
      const inner = unwrap(child);
      rows.push(
        `| \`${p}\` | ${typeOf(inner)} | ${child.default === undefined ? "" : `\`${JSON.stringify(child.default)}\``} | ${escape(child.description ?? inner.description ?? "")} |`,
      );
      if (inner.properties) walk(inner, p);
      else if (inner.items?.properties) walk(inner.items, `${p}[]`);
      else if (typeof inner.additionalProperties === "object" && inner.additionalProperties.properties) walk(inner.additionalProperties, `${p}.<name>`);
    }
  };
  walk(schema, "");
  return [
    "# Configuration reference (config/threadline.yaml)",
    "",
    "Generated from the zod schema by `npm run schema`; do not edit by hand. Every object is strict: an unknown key is an error",
    "reported as `file:line key: message` by `threadline config check`. Values may use `${VAR}` or `${VAR:-default}` to read",
    "environment variables; a value whose variable is unset is left out (a channel missing its secret is reported as disabled).",
    "",
    "| key | type | default | meaning |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}

function unwrap(n: JsonSchema): JsonSchema {
  const alt = n.anyOf ?? n.oneOf;
  if (alt && alt.length > 0) {
    const nonNull = alt.filter((a) => a.type !== "null");
    if (nonNull.length === 1) return { ...nonNull[0]!, description: n.description ?? nonNull[0]!.description };
  }
  return n;
}

function typeOf(n: JsonSchema): string {
  if (n.enum) return n.enum.map((v) => `\`${JSON.stringify(v)}\``).join(" \\| ");
  if (n.const !== undefined) return `\`${JSON.stringify(n.const)}\``;
  const alt = n.anyOf ?? n.oneOf;
  if (alt) return alt.map(typeOf).join(" \\| ");
  if (n.type === "array") return `list of ${n.items ? typeOf(n.items) : "any"}`;
  if (n.type === "object" && !n.properties && typeof n.additionalProperties === "object") return `map of ${typeOf(n.additionalProperties)}`;
  const t = Array.isArray(n.type) ? n.type.join(" \\| ") : (n.type ?? "any");
  return n.format ? `${t} (${n.format})` : t;
}

function escape(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
