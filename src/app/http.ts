import express, { type ErrorRequestHandler, type Express } from "express";
import { timingSafeEqual } from "node:crypto";
import { keepRawBody } from "../core/channel/raw-body.js";
import type { Logger } from "../core/logger.js";

/** JSON error body used by every HTTP endpoint of the hub. */
export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/**
 * The hub's express app: JSON bodies with a size limit; malformed or oversized
 * bodies get a 4xx JSON error before any handler runs (so nothing is written),
 * and unexpected errors a 500 without internals. Health endpoints included:
 * /healthz (alive), /readyz (channels, store writes; details behind
 * server.health_token when set) and the guard in front of /metrics.
 */
export interface HttpAppOptions {
  bodyLimitBytes: number;
  logger: Logger;
  ready: () => { ok: boolean; checks: Record<string, unknown> };
  /** Checks that the store accepts writes (disk full → not ready); its result is part of /readyz. */
  storeWritable?: () => Promise<{ ok: boolean; detail: string }>;
  /**
   * server.health_token: when set, /metrics needs `Authorization: Bearer <token>`
   * and /readyz shows its checks (channel and target names, backlog) only with
   * it; without it /readyz still answers 200 / 503 for load balancers.
   */
  healthToken?: string | undefined;
}

export function createHttpApp(options: HttpAppOptions): {
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
  const authorised = (header: string | undefined) => options.healthToken === undefined || bearerMatches(header, options.healthToken);
  app.get("/readyz", async (req, res, next) => {
    try {
      const r = options.ready();
      let ok = r.ok;
      const checks = { ...r.checks };
      if (options.storeWritable) {
        const write = await options.storeWritable();
        checks.store_write = write;
        ok &&= write.ok;
      }
      res.setHeader("Cache-Control", "no-store");
      const status = ok ? "ready" : "not_ready";
      res.status(ok ? 200 : 503).json(authorised(req.get("authorization")) ? { status, checks } : { status });
    } catch (err) {
      next(err);
    }
  });
  // Registered before the hub mounts /metrics, so it guards it.
  app.use("/metrics", (req, res, next) => {
    if (authorised(req.get("authorization"))) return next();
    res.setHeader("WWW-Authenticate", "Bearer");
    res.status(401).json(errorBody("unauthorized", "send server.health_token as Authorization: Bearer <token>"));
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === "entity.too.large") return void res.status(413).json(errorBody("body_too_large", `request body exceeds ${options.bodyLimitBytes} bytes`));
    if (e.type === "entity.parse.failed") return void res.status(400).json(errorBody("malformed_json", "request body is not valid JSON"));
    if (e.type === "encoding.unsupported" || e.type === "charset.unsupported")
      return void res.status(415).json(errorBody("unsupported_encoding", e.message ?? "unsupported"));
    if (typeof e.status === "number" && e.status >= 400 && e.status < 500)
      return void res.status(e.status).json(errorBody("bad_request", e.message ?? "bad request"));
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

/** Constant-time comparison of `Authorization: Bearer <token>` with the configured token. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
