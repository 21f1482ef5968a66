import type { Response } from "express";
import type { ErrorResponse } from "./protocol.js";

/**
 * A refusal the web chat reports to the browser: over HTTP as
 * `status` + `{ error: { code, message } }`, over the websocket as an error frame.
 */
export class WebChatError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "WebChatError";
  }
}

export function sendJsonError(res: Response, status: number, code: string, message: string, retryAfterMs?: number): void {
  if (retryAfterMs !== undefined) res.setHeader("Retry-After", String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  if (status === 401) res.setHeader("WWW-Authenticate", 'Bearer realm="threadline-web"');
  const body: ErrorResponse = { error: { code, message } };
  res.status(status).json(body);
}

export function sendWebChatError(res: Response, err: WebChatError): void {
  sendJsonError(res, err.status, err.code, err.message, err.retryAfterMs);
}
