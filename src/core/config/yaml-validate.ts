import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import { ConfigError, type ConfigProblem } from "../errors.js";

/**
 * Parses YAML text and validates it with a zod schema. Every problem (syntax,
 * wrong type, unknown key, failed rule) is reported with the file, the line of
 * the offending key and the dotted key path, all at once, as a ConfigError.
 * Used for threadline.yaml and for simulation scenario files alike.
 *
 * `prepare` may rewrite the parsed document before validation (env interpolation).
 */
export function parseYamlWithSchema<S extends z.ZodType>(text: string, file: string, schema: S, prepare?: (doc: Document) => void): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line ?? 1,
        key: "",
        message: `YAML syntax: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    );
  }
  prepare?.(doc);
  const result = schema.safeParse(toJs(doc, file) ?? {});
  if (!result.success) throw new ConfigError(result.error.issues.flatMap((issue) => toProblems(issue, doc, lineCounter, file, schema)));
  return result.data;
}

/** The document as plain data; an unresolved alias or an alias bomb (found only here) is a ConfigError too. */
function toJs(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const error = new ConfigError([{ file, line: 1, key: "", message: `YAML: ${(e as Error).message.split("\n")[0]}` }]);
    error.cause = e;
    throw error;
  }
}

function toProblems(issue: z.core.$ZodIssue, doc: Document, lc: LineCounter, file: string, schema: z.ZodType): ConfigProblem[] {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => ({
      file,
      line: lineOfKey(doc, path, k, lc),
      key: formatKey([...path, k]),
      message: `unknown key (allowed here: ${allowedKeys(schema, path).join(", ") || "see threadline.schema.json"})`,
    }));
  }
  return [{ file, line: lineOfPath(doc, path, lc), key: formatKey(path), message: describeIssue(issue) }];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    return issue.message.includes("received undefined") ? `required, expected ${issue.expected}` : `expected ${issue.expected}: ${issue.message}`;
  }
  if (issue.code === "invalid_value") return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  return issue.message;
}

function formatKey(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/**
 * Line of the key a path names (a missing key points at its nearest existing
 * ancestor's key), so errors point where the admin has to edit.
 */
function lineOfPath(doc: Document, path: readonly (string | number)[], lc: LineCounter): number {
  for (let n = path.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    const last = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === last);
      if (pair && isScalar(pair.key) && pair.key.range) return lc.linePos(pair.key.range[0]).line;
    } else if (isSeq(parent) && typeof last === "number") {
      const item = parent.items[last] as Node | undefined;
      if (item && "range" in item && item.range) return lc.linePos(item.range[0]).line;
    }
  }
  const root = doc.contents;
  return root && root.range ? lc.linePos(root.range[0]).line : 1;
}

function lineOfKey(doc: Document, path: readonly (string | number)[], key: string, lc: LineCounter): number {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isMap(parent)) {
    const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key) && pair.key.range) return lc.linePos(pair.key.range[0]).line;
  }
  return lineOfPath(doc, path, lc);
}

/** Keys the schema allows at a path, for "unknown key" messages (wrappers such as optional/default are looked through). */
function allowedKeys(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let node: unknown = schema;
  for (const step of [...path, null]) {
    for (let i = 0; i < 10 && node; i++) {
      const def = (node as { _zod?: { def?: { innerType?: unknown; in?: unknown; type?: string; element?: unknown; valueType?: unknown } } })._zod?.def;
      if (!def) break;
      if (def.innerType) node = def.innerType;
      else if (def.type === "pipe" && def.in) node = def.in;
      else break;
    }
    if (step === null) break;
    const def = (node as { _zod?: { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown } } })._zod?.def;
    if (def?.type === "object" && def.shape) node = def.shape[String(step)];
    else if (def?.type === "array") node = def.element;
    else if (def?.type === "record") node = def.valueType;
    else return [];
  }
  const shape = (node as { _zod?: { def?: { shape?: Record<string, unknown> } } })?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}
