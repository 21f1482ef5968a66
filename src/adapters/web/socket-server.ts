import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer, type RawData } from "ws";
import type { Logger } from "../../core/logger.js";
import type { ChatService } from "./chat-service.js";
import { WebChatError } from "./errors.js";
import type { IpLimits } from "./ip-limits.js";
import type { OriginPolicy } from "./origin.js";
import { CLOSE_INVALID_TOKEN, clientFrameSchema, type ClientFrame, type ServerFrame } from "./protocol.js";
import { createRateLimiter, type RateLimiter } from "./rate-limit.js";
import { verifyVisitorToken } from "./token.js";
import { createHeartbeat } from "./heartbeat.js";
import { sendFrame, type VisitorSockets } from "./visitor-sockets.js";

export const SOCKET_PATH = "/api/web/socket";
/** Largest frame accepted; a bigger one closes the socket (1009). Text is limited separately. */
export const MAX_FRAME_BYTES = 16 * 1024;
const HEARTBEAT_MS = 30_000;
/** The heartbeat handles a slice of the sockets this often, so no tick pings them all at once. */
const HEARTBEAT_TICK_MS = 1_000;
/** Frames of any kind per socket per window, so a runaway tab cannot keep the hub busy. */
const FRAME_RATE = { capacity: 60, windowMs: 10_000 };
/** Open sockets per visitor (tabs, devices); one more is closed with CLOSE_TOO_MANY. */
export const MAX_SOCKETS_PER_VISITOR = 10;
const CLOSE_TOO_MANY = 4429;

export interface SocketServerContext {
  service: ChatService;
  sockets: VisitorSockets;
  secret: Buffer;
  origins: OriginPolicy;
  logger: Logger;
  /** Per-IP message limit, shared with the HTTP routes (the client IP is taken at the upgrade). */
  limits: IpLimits;
}

/**
 * The web chat's websocket at /api/web/socket. Handles only upgrades for that
 * path, so other adapters can add their own upgrade handlers on the server.
 * The token comes as `?token=` (browsers cannot set headers on a websocket);
 * frames are JSON and processed one at a time per socket, in order.
 */
export interface SocketServer {
  attach(server: Server): void;
  stop(): Promise<void>;
}

export function createSocketServer(ctx: SocketServerContext): SocketServer {
  const { service, sockets, logger } = ctx;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, clientTracking: true });
  let heartbeat: NodeJS.Timeout | null = null;
  let attachedTo: Server | null = null;
  let stopped = false;

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== SOCKET_PATH) return; // someone else's upgrade
    if (stopped) return reject(socket, 503, "Service Unavailable");
    if (!ctx.origins.allows(req.headers.origin, req.headers.host)) {
      logger.info({ origin: req.headers.origin }, "web chat: websocket from a disallowed origin refused");
      return reject(socket, 403, "Forbidden");
    }
    const token = url.searchParams.get("token");
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit("connection", ws, req);
      const visitorId = verifyVisitorToken(ctx.secret, token);
      if (!visitorId) {
        ws.close(CLOSE_INVALID_TOKEN, "invalid token");
        return;
      }
      session(ws, visitorId, ctx.limits.clientIp(req));
    });
  }

  function session(ws: WebSocket, visitorId: string, ip: string): void {
    if (sockets.countFor(visitorId) >= MAX_SOCKETS_PER_VISITOR) {
      ws.close(CLOSE_TOO_MANY, "too many open chat windows");
      return;
    }
    const limiter = createRateLimiter({ ...FRAME_RATE, now: Date.now });
    sockets.add(visitorId, ws);
    const send = (frame: ServerFrame) => sendFrame(ws, JSON.stringify(frame));

    let chain: Promise<unknown> = service.history(visitorId).then(
      (messages) => send({ type: "ready", visitorId, messages }),
      (err: unknown) => {
        logger.error({ err, visitorId }, "web chat: history for the ready frame failed");
        return send({ type: "ready", visitorId, messages: [] });
      },
    );

    ws.on("message", (data: RawData, isBinary: boolean) => {
      chain = chain
        .then(() => handleFrame(ws, visitorId, ip, data, isBinary, limiter, send))
        .catch((err: unknown) => {
          logger.error({ err, visitorId }, "web chat: frame handling failed");
        });
    });
    ws.on("close", () => sockets.remove(visitorId, ws));
    ws.on("error", (err) => logger.debug({ err, visitorId }, "web chat: socket error"));
  }

  async function handleFrame(
    ws: WebSocket,
    visitorId: string,
    ip: string,
    data: RawData,
    isBinary: boolean,
    limiter: RateLimiter,
    send: (frame: ServerFrame) => Promise<boolean>,
  ): Promise<void> {
    const rate = limiter.take("socket");
    if (!rate.ok) {
      await send({ type: "error", code: "rate_limited", message: "too many frames; slow down" });
      return;
    }
    const parsed = parseFrame(data, isBinary);
    if ("error" in parsed) {
      await send({ type: "error", code: parsed.error, message: parsed.message });
      return;
    }
    const frame = parsed.frame;
    switch (frame.type) {
      case "ping":
        await send({ type: "pong" });
        return;
      case "typing":
        logger.debug({ visitorId, on: frame.on }, "web chat: visitor typing");
        return;
      case "seen":
        await service.markSeen(visitorId, frame.messageIds);
        return;
      case "message":
        try {
          ctx.limits.takeMessage(ip);
          const result = await service.postMessage(visitorId, frame, ws);
          await send({ type: "ack", clientMessageId: frame.clientMessageId, messageId: result.messageId, state: "received" });
        } catch (err) {
          if (!(err instanceof WebChatError)) throw err;
          await send({ type: "error", code: err.code, message: err.message, clientMessageId: frame.clientMessageId });
        }
        return;
    }
  }

  return {
    attach(server) {
      attachedTo = server;
      server.on("upgrade", upgrade);
      const beat = createHeartbeat<WebSocket>({ intervalMs: HEARTBEAT_MS, tickMs: HEARTBEAT_TICK_MS, sockets: () => wss.clients });
      wss.on("connection", (ws: WebSocket) => {
        beat.alive(ws);
        ws.on("pong", () => beat.alive(ws));
      });
      heartbeat = setInterval(() => beat.tick(), HEARTBEAT_TICK_MS);
      heartbeat.unref();
    },

    async stop() {
      stopped = true;
      if (heartbeat) clearInterval(heartbeat);
      attachedTo?.off("upgrade", upgrade);
      for (const ws of wss.clients) ws.close(1001, "server shutting down");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 2000);
        timer.unref();
        wss.close(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

type Parsed = { frame: ClientFrame } | { error: string; message: string };

function parseFrame(data: RawData, isBinary: boolean): Parsed {
  if (isBinary) return { error: "bad_frame", message: "frames must be JSON text" };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString("utf8"));
  } catch {
    return { error: "bad_json", message: "frame is not valid JSON" };
  }
  const result = clientFrameSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { error: "bad_frame", message: issue ? `${issue.path.map(String).join(".") || "frame"}: ${issue.message}` : "invalid frame" };
  }
  return { frame: result.data };
}

function reject(socket: Duplex, status: number, reason: string): void {
  socket.once("finish", () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
