import { parse } from "yaml";

/**
 * A fast path for the front matter almost every article has: top-level
 * `key: value` lines, flow lists (`[a, b]`) and block lists (`- a`) of
 * scalars. It yields exactly what the YAML library would, or null — "not
 * sure, use the real parser" — for anything else (nesting, anchors,
 * multi-line or escaped strings, values YAML reads as numbers, booleans or
 * null, comments after values, duplicate keys…).
 *
 * Why: YAML parsing dominated cold start (about 0.6 ms per file before the
 * JIT warms up); with 1,000 articles that alone was a third of the 2 s budget.
 */
export interface FastFrontMatter {
  data: Record<string, unknown>;
  /** 1-based line (within the YAML text) of each key and of each item of each list. */
  keyLines: Record<string, number>;
  itemLines: Record<string, number[]>;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?:[ \t]+(.*?))?[ \t]*$/;
const ITEM = /^[ \t]+-[ \t]+(.*?)[ \t]*$/;
const NOT_A_STRING =
  /^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/;

/** One scalar as YAML would read it, if it is certainly a string; undefined when unsure. */
function scalar(raw: string): string | undefined {
  if (raw === "") return undefined;
  if (raw.startsWith('"')) return /^"[^"\\]*"$/.test(raw) ? raw.slice(1, -1) : undefined;
  if (raw.startsWith("'")) return /^'([^']|'')*'$/.test(raw) ? raw.slice(1, -1).replace(/''/g, "'") : undefined;
  if (/^[[\]{}&*!|>%@`,#]/.test(raw) || /^[-?:](\s|$)/.test(raw)) return undefined;
  if (raw.includes(": ") || raw.includes(" #") || raw.endsWith(":") || NOT_A_STRING.test(raw)) return undefined;
  return raw;
}

export function parseSimpleFrontMatter(yamlText: string): FastFrontMatter | null {
  const data: Record<string, unknown> = {};
  const keyLines: Record<string, number> = {};
  const itemLines: Record<string, number[]> = {};
  const lines = yamlText.split("\n");
  let list: { key: string; items: string[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const item = list ? ITEM.exec(line) : null;
    if (item && list) {
      const v = scalar(item[1]!);
      if (v === undefined) return null;
      list.items.push(v);
      itemLines[list.key]!.push(i + 1);
      continue;
    }
    const m = KEY.exec(line);
    if (!m || m[1]! in data) return null;
    const key = m[1]!;
    const raw = m[2] ?? "";
    keyLines[key] = i + 1;
    list = null;
    if (raw === "") {
      // `key:` followed by `- item` lines is a list; followed by nothing it is null (let YAML decide).
      if (!ITEM.test(lines[i + 1] ?? "")) return null;
      list = { key, items: [] };
      data[key] = list.items;
      itemLines[key] = [];
    } else if (raw.startsWith("[")) {
      if (!raw.endsWith("]") || /["'[\]{}]/.test(raw.slice(1, -1))) return null;
      const inner = raw.slice(1, -1).trim();
      const items = inner === "" ? [] : inner.split(",").map((s) => scalar(s.trim()));
      if (items.some((v) => v === undefined)) return null;
      data[key] = items;
      itemLines[key] = items.map(() => i + 1);
    } else {
      const v = scalar(raw);
      if (v === undefined) return null;
      data[key] = v;
    }
  }
  return { data, keyLines, itemLines };
}

/** For tests: what the YAML library makes of the same text. */
export function parseWithYamlLibrary(yamlText: string): unknown {
  return parse(yamlText);
}
