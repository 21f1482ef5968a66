import { createHash } from "node:crypto";
import { RateLimiterMemory } from "rate-limiter-flexible";
import type { Logger } from "../logger.js";
import { makeEvent } from "../model/factories.js";
import type { Store } from "../store/port.js";
import { evaluate, holds, type ExpressionScope } from "./expression.js";
import { sendWithRetries, type Fetch } from "./http.js";
import type { ActionConfig } from "./schema.js";
import { escapeUrlComponent, renderBody, renderTemplate } from "./template.js";

/** What one action call came to. The looked-up `values` are raw (conditions see them as the system sent them). */
export type ActionOutcome =
  | { kind: "found"; values: Record<string, unknown>; status: number }
  | { kind: "not_found"; status: number }
  | { kind: "failed"; error: string };

export interface ActionCall {
  /** Fields and contact attributes known for the request; the templates read them. */
  values: Record<string, string>;
  conversationId: string;
  contactId: string;
  question: string;
  now: Date;
}

/**
 * Runs configured actions. Every call, whatever its outcome, is an
 * `action.called` event with the request (no header values, no body) and
 * the result, so an agent and the audit log see what the AI looked up.
 */
export interface ActionRunner {
  has(name: string): boolean;
  config(name: string): ActionConfig | undefined;
  run(name: string, call: ActionCall): Promise<ActionOutcome>;
}

export interface ActionRunnerDeps {
  actions: Record<string, ActionConfig>;
  store: Store;
  logger: Logger;
  /** Base for relative action URLs (the hub itself), read per call: the real port is known only once the hub listens. */
  baseUrl(): string;
  fetch?: Fetch;
  sleep?(ms: number): Promise<void>;
}

export function createActionRunner(deps: ActionRunnerDeps): ActionRunner {
  const fetch: Fetch = deps.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const limiters = new Map(
    Object.entries(deps.actions).map(([name, a]) => [
      name,
      new RateLimiterMemory({ points: a.rate_limit.calls, duration: Math.max(1, Math.ceil(a.rate_limit.per / 1000)) }),
    ]),
  );

  async function run(name: string, call: ActionCall): Promise<ActionOutcome> {
    const action = deps.actions[name];
    if (!action) return { kind: "failed", error: `no action "${name}" is configured` };
    const started = Date.now();
    const url = new URL(renderTemplate(action.url, call.values, escapeUrlComponent), deps.baseUrl());
    const writes = action.method !== "GET";
    const body = action.body ? JSON.stringify(renderBody(action.body, call.values)) : undefined;
    const idempotencyKey = writes ? idempotencyKeyOf(name, call.conversationId, url, body) : null;
    let outcome: ActionOutcome;
    let status: number | null = null;
    let attempts = 0;
    try {
      await limiters.get(name)!.consume("all");
    } catch {
      outcome = { kind: "failed", error: `rate limit reached (${action.rate_limit.calls} calls per ${action.rate_limit.per / 1000}s)` };
      await record(name, call, { url, method: action.method, outcome, status, attempts, ms: 0, idempotencyKey });
      return outcome;
    }
    try {
      const res = await sendWithRetries(
        fetch,
        {
          action: name,
          method: action.method,
          url,
          headers: headersOf(action, idempotencyKey, body !== undefined),
          ...(body !== undefined ? { body } : {}),
          timeoutMs: action.timeout,
          retries: action.retries,
          allowRedirects: action.allow_redirects,
        },
        sleep,
      );
      status = res.status;
      attempts = res.attempts;
      outcome = await interpret(action, res.status, res.body, call);
    } catch (e) {
      const err = e as Error & { attempts?: number; status?: number | null };
      attempts = err.attempts ?? 1;
      status = err.status ?? null;
      outcome = { kind: "failed", error: err.message };
      deps.logger.warn({ err: e, action: name, conversationId: call.conversationId }, "action failed");
    }
    await record(name, call, { url, method: action.method, outcome, status, attempts, ms: Date.now() - started, idempotencyKey });
    return outcome;
  }

  async function record(
    name: string,
    call: ActionCall,
    r: {
      url: URL;
      method: string;
      outcome: ActionOutcome;
      status: number | null;
      attempts: number;
      ms: number;
      idempotencyKey: string | null;
    },
  ): Promise<void> {
    const data = {
      action: name,
      method: r.method,
      host: r.url.host,
      path: r.url.pathname,
      outcome: r.outcome.kind,
      status: r.status,
      attempts: r.attempts,
      ms: r.ms,
      ...(r.idempotencyKey ? { idempotencyKey: r.idempotencyKey } : {}),
      ...(r.outcome.kind === "failed" ? { error: r.outcome.error } : {}),
      ...(r.outcome.kind === "found" ? { values: r.outcome.values } : {}),
    };
    await deps.store.appendEvents([makeEvent("action.called", "ai", call.now, { conversationId: call.conversationId, contactId: call.contactId }, data)]);
  }

  return { has: (name) => name in deps.actions, config: (name) => deps.actions[name], run };
}

/** Maps a response to an outcome: not-found statuses, other 4xx as failures, then the result mapping and `found_when`. */
async function interpret(action: ActionConfig, status: number, body: unknown, call: ActionCall): Promise<ActionOutcome> {
  if (action.not_found_status.includes(status)) return { kind: "not_found", status };
  if ((status < 200 || status >= 300) && !action.accept_status.includes(status)) return { kind: "failed", error: `HTTP ${status}` };
  const scope: ExpressionScope = { nowMs: call.now.getTime(), fields: call.values, question: call.question };
  const values: Record<string, unknown> = {};
  for (const [key, expr] of Object.entries(action.result)) {
    const v = await evaluate(expr, body, scope);
    if (v !== undefined && v !== null) values[key] = plain(v);
  }
  if (action.found_when && !(await holds(action.found_when, values, scope))) return { kind: "not_found", status };
  if (!action.found_when && Object.keys(values).length === 0) return { kind: "not_found", status };
  return { kind: "found", values, status };
}

/** JSONata results can carry internal markers (sequence flags); a JSON round-trip makes them plain data for events and templates. */
function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v)) as unknown;
}

function headersOf(action: ActionConfig, idempotencyKey: string | null, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: "application/json", ...action.headers };
  if (hasBody) headers["content-type"] = "application/json";
  if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
  if (action.basic_auth) headers.authorization = `Basic ${Buffer.from(`${action.basic_auth.username}:${action.basic_auth.password}`).toString("base64")}`;
  return headers;
}

/**
 * The same write in the same conversation always carries the same key, so a
 * decision made again (an agent claimed the case meanwhile) or a retry after
 * a timeout cannot cancel or refund twice on a system that honours the header.
 */
function idempotencyKeyOf(name: string, conversationId: string, url: URL, body: string | undefined): string {
  return createHash("sha256")
    .update(`${name}\n${conversationId}\n${url.toString()}\n${body ?? ""}`)
    .digest("hex")
    .slice(0, 40);
}
