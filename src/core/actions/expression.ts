import jsonata from "jsonata";

/**
 * JSONata evaluation for action mappings and conditions (a maintained query
 * language instead of hand-written paths). Compiled expressions are cached:
 * the same few expressions run on every lookup.
 */
export interface ExpressionScope {
  /** The decision's clock, as epoch ms: `$now` and `$days_since` use it, never the wall clock, so tests and simulations are exact. */
  nowMs: number;
  /** Everything known about the customer's request (fields, contact attributes). */
  fields: Record<string, string>;
  /** The customer's question that set the intent. */
  question: string;
}

/** Keys are expressions from config (a fixed, small set), so the cache needs no bound. */
const compiled = new Map<string, jsonata.Expression>();

function compile(text: string): jsonata.Expression {
  let e = compiled.get(text);
  if (!e) {
    e = jsonata(text);
    compiled.set(text, e);
  }
  return e;
}

/** Evaluates `text` over `input`; undefined when it selects nothing. Throws (with the cause) on evaluation errors. */
export async function evaluate(text: string, input: unknown, scope: ExpressionScope): Promise<unknown> {
  const bindings = {
    now: scope.nowMs,
    fields: scope.fields,
    question: scope.question,
    days_since: (iso: unknown) => (typeof iso === "string" && !Number.isNaN(Date.parse(iso)) ? (scope.nowMs - Date.parse(iso)) / DAY_MS : undefined),
    days_until: (iso: unknown) => (typeof iso === "string" && !Number.isNaN(Date.parse(iso)) ? (Date.parse(iso) - scope.nowMs) / DAY_MS : undefined),
  };
  try {
    return await compile(text).evaluate(input, bindings);
  } catch (e) {
    throw new Error(`expression "${text}" failed: ${(e as { message?: string }).message ?? String(e)}`, { cause: e });
  }
}

/** A condition holds when its value is truthy in JSONata's sense (a non-empty result that is not false/0/""). */
export async function holds(text: string, input: unknown, scope: ExpressionScope): Promise<boolean> {
  const v = await evaluate(text, input, scope);
  return Array.isArray(v) ? v.length > 0 : Boolean(v);
}

const DAY_MS = 86_400_000;
