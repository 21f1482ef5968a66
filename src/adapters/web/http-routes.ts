import type { Express, NextFunction, Request, Response } from "express";
import type { Logger } from "../../core/logger.js";
import type { ChatService } from "./chat-service.js";
import type { PublicWidgetConfig } from "./config.js";
import { renderDemoPage } from "./demo-page.js";
import { sendJsonError, sendWebChatError, WebChatError } from "./errors.js";
import type { IpLimits } from "./ip-limits.js";
import type { OriginPolicy } from "./origin.js";
import { identifyBodySchema } from "./identity.js";
import { postMessageBodySchema, type HistoryResponse, type IdentifyResponse, type SessionResponse } from "./protocol.js";
import { newVisitorSession, verifyVisitorToken } from "./token.js";
import type { WidgetBundle } from "./widget-bundle.js";

export interface HttpRoutesContext {
  service: ChatService;
  secret: Buffer;
  origins: OriginPolicy;
  widgetConfig: PublicWidgetConfig;
  /** The widget bundle (being built at mount time). */
  widget: () => Promise<WidgetBundle>;
  demoPage: boolean;
  logger: Logger;
  /** Per-IP limits on new sessions and messages (shared with the websocket). */
  limits: IpLimits;
  /** Applies a signed identity (POST /api/web/identify); see identify.ts. */
  identify: (visitorId: string, body: { identity: Record<string, unknown>; signature: string }) => Promise<IdentifyResponse>;
}

/** The visitor id of a request's `Authorization: Bearer <token>`, or throws 401. */
export function requireVisitor(req: Request, secret: Buffer): string {
  const header = req.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new WebChatError(401, "missing_token", "send the visitor token as Authorization: Bearer <token>");
  const visitorId = verifyVisitorToken(secret, match[1]);
  if (!visitorId) throw new WebChatError(401, "invalid_token", "the visitor token is invalid; start a new session");
  return visitorId;
}

/** Runs a handler, turning WebChatError (and anything unexpected) into a JSON error response. */
function handle(logger: Logger, fn: (req: Request, res: Response) => Promise<void> | void) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await fn(req, res);
    } catch (err) {
      if (res.headersSent) return;
      if (err instanceof WebChatError) return sendWebChatError(res, err);
      logger.error({ err, path: req.path }, "web chat: request failed");
      sendJsonError(res, 500, "internal", "something went wrong");
    }
  };
}

/** CORS for sites listed in allowed_origins; the token (not cookies) authenticates, so no credentials. */
function cors(origins: OriginPolicy) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.isSameOrigin(origin, req.headers.host) && origins.isListed(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
      if (req.method === "OPTIONS") {
        res.setHeader("Access-Control-Allow-Methods", "GET, POST");
        res.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
        res.setHeader("Access-Control-Max-Age", "600");
        res.status(204).end();
        return;
      }
    }
    next();
  };
}

/** Refuses a body that is not a JSON object (415 for another media type, 400 otherwise). */
function requireJsonObject(req: Request, shape: string): void {
  if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) {
    throw new WebChatError(415, "unsupported_media_type", "send the body as application/json");
  }
  if (typeof req.body !== "object" || req.body === null || Array.isArray(req.body)) {
    throw new WebChatError(400, "invalid_body", `expected a JSON object ${shape}`);
  }
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "body"}: ${i.message}`)
    .join("; ");
}

export function mountHttpRoutes(app: Express, ctx: HttpRoutesContext): void {
  const { service, secret, logger } = ctx;

  if (ctx.demoPage) {
    const html = renderDemoPage();
    app.get("/", (_req, res) => {
      res.type("html").setHeader("Cache-Control", "no-cache");
      res.send(html);
    });
  }

  app.get(
    "/widget.js",
    handle(logger, async (req, res) => {
      let widget: WidgetBundle;
      try {
        widget = await ctx.widget();
      } catch {
        throw new WebChatError(503, "widget_unavailable", "the chat widget could not be built; see the hub's log");
      }
      res.setHeader("Content-Type", "application/javascript; charset=utf-8");
      res.setHeader("Cache-Control", "no-cache");
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("ETag", widget.etag);
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      res.send(widget.code);
    }),
  );

  app.use("/api/web", cors(ctx.origins));

  app.get("/api/web/config", (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.json(ctx.widgetConfig);
  });

  app.post(
    "/api/web/session",
    handle(logger, (req, res) => {
      ctx.limits.takeSession(ctx.limits.clientIp(req));
      const session: SessionResponse = newVisitorSession(secret);
      res.setHeader("Cache-Control", "no-store");
      res.status(201).json(session);
    }),
  );

  app.get(
    "/api/web/history",
    handle(logger, async (req, res) => {
      const visitorId = requireVisitor(req, secret);
      const body: HistoryResponse = { messages: await service.history(visitorId) };
      res.setHeader("Cache-Control", "no-store");
      res.json(body);
    }),
  );

  app.post(
    "/api/web/messages",
    handle(logger, async (req, res) => {
      const visitorId = requireVisitor(req, secret);
      requireJsonObject(req, "{ text, clientMessageId }");
      const parsed = postMessageBodySchema.safeParse(req.body);
      if (!parsed.success) throw new WebChatError(422, "invalid_body", describeIssues(parsed.error.issues));
      ctx.limits.takeMessage(ctx.limits.clientIp(req));
      const result = await service.postMessage(visitorId, parsed.data);
      res.status(202).json(result);
    }),
  );

  app.post(
    "/api/web/identify",
    handle(logger, async (req, res) => {
      const visitorId = requireVisitor(req, secret);
      requireJsonObject(req, "{ identity, signature }");
      const parsed = identifyBodySchema.safeParse(req.body);
      if (!parsed.success) throw new WebChatError(422, "invalid_body", describeIssues(parsed.error.issues));
      ctx.limits.takeMessage(ctx.limits.clientIp(req));
      const result = await ctx.identify(visitorId, parsed.data);
      res.setHeader("Cache-Control", "no-store");
      res.json(result);
    }),
  );

  app.get("/api/web/socket", (_req, res) => {
    sendJsonError(res, 426, "upgrade_required", "this is the web chat's websocket endpoint");
  });

  app.all("/api/web/*rest", (_req, res) => {
    sendJsonError(res, 404, "not_found", "no such web chat route");
  });
}
