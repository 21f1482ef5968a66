import { isPair, isScalar, isSeq, visit, type Document, type Scalar } from "yaml";

const PLACEHOLDER = /\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g;

/** An env var that a config value referred to but that is not set. */
export interface MissingEnv {
  /** Dotted key of the value, e.g. "channels.telegram.token". */
  key: string;
  variable: string;
}

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string scalar of the
 * document, in place, before validation. A map entry whose variable is unset
 * (and has no default) is removed, and reported in the result, so an optional
 * secret simply counts as absent and the hub can say "telegram is off:
 * TELEGRAM_BOT_TOKEN is not set" instead of crashing. A sequence item is
 * removed the same way.
 *
 * Values are never logged here: they may be secrets.
 */
export function interpolateEnv(doc: Document, env: Readonly<Record<string, string | undefined>>): MissingEnv[] {
  const missing: MissingEnv[] = [];
  const substitute = (node: Scalar, path: readonly unknown[]): boolean => {
    if (typeof node.value !== "string" || !node.value.includes("${")) return true;
    const absent: string[] = [];
    const replaced = node.value.replace(PLACEHOLDER, (_m, name: string, fallback: string | undefined) => {
      const value = env[name];
      if (value !== undefined && value !== "") return value;
      if (fallback !== undefined) return fallback;
      absent.push(name);
      return "";
    });
    if (absent.length === 0) {
      node.value = replaced;
      return true;
    }
    const key = keyOf(path);
    for (const variable of absent) missing.push({ key, variable });
    return false;
  };
  visit(doc, {
    Pair(_key, pair, path) {
      if (isScalar(pair.value) && !substitute(pair.value, [...path, pair])) return visit.REMOVE;
      return undefined;
    },
    Scalar(_key, node, path) {
      const parent = path[path.length - 1];
      if (isSeq(parent) && !substitute(node, [...path, node])) return visit.REMOVE;
      return undefined;
    },
  });
  return missing;
}

/** Dotted key of a node from its visitor path, e.g. channels.web.token_secret or hub.origins[1]. */
function keyOf(path: readonly unknown[]): string {
  let key = "";
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    if (isPair(step) && isScalar(step.key)) key += (key ? "." : "") + String(step.key.value);
    else if (isSeq(step)) key += `[${step.items.indexOf(path[i + 1])}]`;
  }
  return key;
}
