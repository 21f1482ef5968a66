import express, { type ErrorRequestHandler, type Express } from "express";
import { keepRawBody } from "../core/channel/raw-body.js";
import type { Logger } from "../core/logger.js";

/** JSON error body used by every HTTP endpoint of the hub. */
export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/**
 * The hub's express app: JSON bodies with a size limit; malformed or oversized
 * bodies get a 4xx JSON error before any handler runs (so nothing is written),
 * and unexpected errors a 500 without internals. Health endpoints included.
 */
export function createHttpApp(options: { bodyLimitBytes: number; logger: Logger; ready: () => { ok: boolean; checks: Record<string, unknown> } }): {
  app: Express;
  finish(): void;
} {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  // Keeps the raw bytes too: webhook signatures are computed over them (see rawBodyOf).
  app.use(express.json({ limit: options.bodyLimitBytes, type: ["application/json", "application/*+json"], verify: keepRawBody }));
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/readyz", (_req, res) => {
    const r = options.ready();
    res.status(r.ok ? 200 : 503).json({ status: r.ok ? "ready" : "not_ready", checks: r.checks });
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === "entity.too.large") return void res.status(413).json(errorBody("body_too_large", `request body exceeds ${options.bodyLimitBytes} bytes`));
    if (e.type === "entity.parse.failed") return void res.status(400).json(errorBody("malformed_json", "request body is not valid JSON"));
    if (e.type === "encoding.unsupported" || e.type === "charset.unsupported") return void res.status(415).json(errorBody("unsupported_encoding", e.message ?? "unsupported"));
    if (typeof e.status === "number" && e.status >= 400 && e.status < 500) return void res.status(e.status).json(errorBody("bad_request", e.message ?? "bad request"));
    options.logger.error({ err }, "unhandled HTTP error");
    res.status(500).json(errorBody("internal", "internal error"));
  };
  return {
    app,
    /** Installs the 404 and error handlers; call after every route is mounted. */
    finish() {
      app.use((_req, res) => void res.status(404).json(errorBody("not_found", "no such endpoint")));
      app.use(onError);
    },
  };
}
