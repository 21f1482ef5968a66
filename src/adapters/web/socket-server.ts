import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import type { Logger } from "../../core/logger.js";
import type { ChatService } from "./chat-service.js";
import { WebChatError } from "./errors.js";
import type { OriginPolicy } from "./origin.js";
import { CLOSE_INVALID_TOKEN, clientFrameSchema, type ClientFrame, type ServerFrame } from "./protocol.js";
import { RateLimiter } from "./rate-limit.js";
import { verifyVisitorToken } from "./token.js";
import { sendFrame, type VisitorSockets } from "./visitor-sockets.js";

export const SOCKET_PATH = "/api/web/socket";
/** Largest frame accepted; a bigger one closes the socket (1009). Text is limited separately. */
export const MAX_FRAME_BYTES = 16 * 1024;
const HEARTBEAT_MS = 30_000;
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
}

/**
 * The web chat's websocket at /api/web/socket. Handles only upgrades for that
 * path, so other adapters can add their own upgrade handlers on the server.
 * The token comes as `?token=` (browsers cannot set headers on a websocket);
 * frames are JSON and processed one at a time per socket, in order.
 */
export class SocketServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, clientTracking: true });
  private heartbeat: NodeJS.Timeout | null = null;
  private server: Server | null = null;
  private stopped = false;
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head);

  constructor(private readonly ctx: SocketServerContext) {}

  attach(server: Server): void {
    this.server = server;
    server.on("upgrade", this.onUpgrade);
    const alive = new WeakMap<WebSocket, boolean>();
    this.wss.on("connection", (ws: WebSocket) => {
      alive.set(ws, true);
      ws.on("pong", () => alive.set(ws, true));
    });
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (alive.get(ws) === false) {
          ws.terminate();
          continue;
        }
        alive.set(ws, false);
        ws.ping();
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.server?.off("upgrade", this.onUpgrade);
    for (const ws of this.wss.clients) ws.close(1001, "server shutting down");
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        for (const ws of this.wss.clients) ws.terminate();
      }, 2000);
      timer.unref();
      this.wss.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== SOCKET_PATH) return; // someone else's upgrade
    if (this.stopped) return reject(socket, 503, "Service Unavailable");
    if (!this.ctx.origins.allows(req.headers.origin, req.headers.host)) {
      this.ctx.logger.info({ origin: req.headers.origin }, "web chat: websocket from a disallowed origin refused");
      return reject(socket, 403, "Forbidden");
    }
    const token = url.searchParams.get("token");
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.wss.emit("connection", ws, req);
      const visitorId = verifyVisitorToken(this.ctx.secret, token);
      if (!visitorId) {
        ws.close(CLOSE_INVALID_TOKEN, "invalid token");
        return;
      }
      this.session(ws, visitorId);
    });
  }

  private session(ws: WebSocket, visitorId: string): void {
    const { service, sockets, logger } = this.ctx;
    if (sockets.countFor(visitorId) >= MAX_SOCKETS_PER_VISITOR) {
      ws.close(CLOSE_TOO_MANY, "too many open chat windows");
      return;
    }
    const limiter = new RateLimiter({ ...FRAME_RATE, now: Date.now });
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
      chain = chain.then(() => this.frame(ws, visitorId, data, isBinary, limiter, send)).catch((err: unknown) => {
        logger.error({ err, visitorId }, "web chat: frame handling failed");
      });
    });
    ws.on("close", () => sockets.remove(visitorId, ws));
    ws.on("error", (err) => logger.debug({ err, visitorId }, "web chat: socket error"));
  }

  private async frame(
    ws: WebSocket, visitorId: string, data: RawData, isBinary: boolean, limiter: RateLimiter,
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
        this.ctx.logger.debug({ visitorId, on: frame.on }, "web chat: visitor typing");
        return;
      case "seen":
        await this.ctx.service.markSeen(visitorId, frame.messageIds);
        return;
      case "message":
        try {
          const result = await this.ctx.service.postMessage(visitorId, frame, ws);
          await send({ type: "ack", clientMessageId: frame.clientMessageId, messageId: result.messageId, state: "received" });
        } catch (err) {
          if (!(err instanceof WebChatError)) throw err;
          await send({ type: "error", code: err.code, message: err.message, clientMessageId: frame.clientMessageId });
        }
        return;
    }
  }
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
