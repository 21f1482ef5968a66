import { exponentialDelay } from "../util/retry-loop.js";

/**
 * One HTTP call of an action, with the safety rules every call obeys: the
 * host is the one written in config, redirects never leave it, a per-attempt
 * timeout, and retries only where a retry can help (timeouts, network
 * errors, 5xx), never after a 4xx.
 */
export interface HttpRequest {
  /** The configured action's name (for the transport; never sent). */
  action: string;
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  retries: number;
  allowRedirects: boolean;
}

export interface HttpResponse {
  status: number;
  body: unknown;
  attempts: number;
}

/**
 * The transport: global fetch in production; in simulations a stand-in that
 * answers by action name (`threadline simulate` scenarios declare responses per action).
 */
export type Fetch = (url: string, init: RequestInit, action: string) => Promise<Response>;

export class ActionHttpError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly status: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ActionHttpError";
  }
}

/** Sends the request; resolves with any final status (the caller decides what 404 means), rejects after the last failed attempt. */
export async function sendWithRetries(fetch: Fetch, req: HttpRequest, sleep: (ms: number) => Promise<void>): Promise<HttpResponse> {
  let lastError: unknown = null;
  let lastStatus: number | null = null;
  for (let attempt = 1; attempt <= req.retries + 1; attempt++) {
    if (attempt > 1) await sleep(exponentialDelay(attempt - 1, RETRY_BASE_MS, RETRY_MAX_MS));
    try {
      const res = await sendOnce(fetch, req, req.url, 0);
      if (res.status >= 500) {
        lastStatus = res.status;
        lastError = new Error(`HTTP ${res.status}`);
        continue;
      }
      return { ...res, attempts: attempt };
    } catch (e) {
      if (e instanceof ActionHttpError && e.status !== null) throw e; // refused redirect: not retryable
      lastError = e;
    }
  }
  throw new ActionHttpError(`${req.method} ${req.url.host} failed after ${req.retries + 1} attempt(s): ${messageOf(lastError)}`, req.retries + 1, lastStatus, {
    cause: lastError,
  });
}

async function sendOnce(fetch: Fetch, req: HttpRequest, url: URL, hops: number): Promise<{ status: number; body: unknown }> {
  const res = await fetch(
    url.toString(),
    {
      method: req.method,
      headers: req.headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      redirect: "manual",
      signal: AbortSignal.timeout(req.timeoutMs),
    },
    req.action,
  );
  if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
    const next = new URL(res.headers.get("location")!, url);
    if (!req.allowRedirects || next.host !== req.url.host || next.protocol !== req.url.protocol || hops >= MAX_REDIRECTS) {
      throw new ActionHttpError(`refused redirect to ${next.host}${req.allowRedirects ? "" : " (redirects are not allowed for this action)"}`, 1, res.status);
    }
    return sendOnce(fetch, req, next, hops + 1);
  }
  const text = await res.text();
  return { status: res.status, body: parseBody(text) };
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.name === "TimeoutError" ? "timed out" : e.message;
  return String(e);
}

const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 2_000;
const MAX_REDIRECTS = 3;
