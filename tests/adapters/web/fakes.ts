import express from "express";
import type { NextFunction, Request, Response } from "express";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocket } from "ws";
import { createWebChannelAdapter, type WebChannelAdapter } from "../../../src/adapters/web/adapter.js";
import { webChannelConfigSchema, type WebChannelConfig } from "../../../src/adapters/web/config.js";
import type { ServerFrame } from "../../../src/adapters/web/protocol.js";
import type { ChannelHost, InboundMessage, IngestOutcome } from "../../../src/core/channel/adapter.js";
import type { ChannelDeps } from "../../../src/core/channel/module.js";
import { systemClock, type Clock } from "../../../src/core/clock.js";
import { silentLogger, type Logger } from "../../../src/core/logger.js";
import { makeInboundMessage, makeOutboundMessage, newId, type AuthorKind, type Message } from "../../../src/core/model/index.js";

/**
 * An in-memory ChannelHost: ingest stores messages (one contact and one
 * conversation per visitor), dedupes by externalId, and resolves only after
 * "persisting". `history` returns everything of the visitor, internal notes
 * included, so tests can check the adapter filters them out.
 */
export class FakeHost implements ChannelHost {
  readonly stored: Message[] = [];
  readonly deliveryUpdates: Parameters<ChannelHost["deliveryUpdate"]>[0][] = [];
  readonly conversations = new Map<string, { contactId: string; conversationId: string }>();
  ingestDelayMs = 0;
  failIngest = false;
  /** Called after a new (non-duplicate) inbound message is stored, e.g. to reply like the hub does. */
  onStored: ((message: Message, inbound: InboundMessage) => void) | null = null;

  constructor(private readonly clock: Clock = systemClock) {}

  async ingest(messages: InboundMessage[]): Promise<IngestOutcome[]> {
    if (this.ingestDelayMs) await new Promise((r) => setTimeout(r, this.ingestDelayMs));
    if (this.failIngest) throw new Error("store down");
    return messages.map((m) => {
      const conv = this.conversationOf(m.sender.value);
      const existing = this.stored.find((s) => s.channel === m.channel && s.externalId === m.externalId);
      if (existing)
        return { messageId: existing.id, conversationId: existing.conversationId, contactId: existing.contactId, duplicate: true, newConversation: false };
      const newConversation = !this.stored.some((s) => s.conversationId === conv.conversationId);
      const stored = makeInboundMessage({ ...conv, channel: m.channel, externalId: m.externalId, text: m.text, at: m.receivedAt });
      this.stored.push(stored);
      this.onStored?.(stored, m);
      return { messageId: stored.id, conversationId: conv.conversationId, contactId: conv.contactId, duplicate: false, newConversation };
    });
  }

  async deliveryUpdate(update: Parameters<ChannelHost["deliveryUpdate"]>[0]): Promise<void> {
    this.deliveryUpdates.push(update);
    const m = this.stored.find((s) => s.id === update.messageId);
    if (m) m.deliveryState = update.state;
  }

  history = async (identity: { kind: "web"; value: string }, limit: number): Promise<Message[]> => {
    const conv = this.conversations.get(identity.value);
    if (!conv) return [];
    return this.stored.filter((m) => m.conversationId === conv.conversationId).slice(-limit);
  };

  /** Stores a message from the hub's side (a reply, or an internal note). */
  addOutbound(visitorId: string, text: string, authorKind: AuthorKind = "ai", direction: "outbound" | "internal" = "outbound"): Message {
    const m = makeOutboundMessage({
      ...this.conversationOf(visitorId),
      channel: "web",
      text,
      authorKind,
      authorId: authorKind,
      at: this.clock.now(),
      direction,
    });
    this.stored.push(m);
    return m;
  }

  conversationOf(visitorId: string): { contactId: string; conversationId: string } {
    let conv = this.conversations.get(visitorId);
    if (!conv) {
      conv = { contactId: newId("ct"), conversationId: newId("cv") };
      this.conversations.set(visitorId, conv);
    }
    return conv;
  }
}

/** The hub's JSON error handler for body-parser failures, as the real hub installs it. */
export function jsonErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const type = (err as { type?: string }).type;
  if (type === "entity.too.large") {
    res.status(413).json({ error: { code: "payload_too_large", message: "request body too large" } });
  } else if (type === "entity.parse.failed") {
    res.status(400).json({ error: { code: "invalid_json", message: "request body is not valid JSON" } });
  } else {
    res.status(500).json({ error: { code: "internal", message: "internal error" } });
  }
}

export interface TestServer {
  url: string;
  host: FakeHost;
  adapter: WebChannelAdapter;
  config: WebChannelConfig;
  dataDir: string;
  server: Server;
  stop(): Promise<void>;
}

/** A real listening express server with the web adapter mounted on a FakeHost. */
export async function startWebServer(options: { config?: unknown; clock?: Clock; logger?: Logger; publicUrl?: string } = {}): Promise<TestServer> {
  const clock = options.clock ?? systemClock;
  const config = webChannelConfigSchema.parse(options.config ?? { token_secret: "test-secret-0123456789abcdef" });
  const host = new FakeHost(clock);
  const dataDir = mkdtempSync(join(tmpdir(), "tl-web-"));
  const deps: ChannelDeps = {
    logger: options.logger ?? silentLogger(),
    clock,
    dataDir,
    publicUrl: options.publicUrl ?? "http://hub.example.test",
    history: host.history,
  };
  const adapter = createWebChannelAdapter(config, deps);
  const app = express();
  app.use(express.json({ limit: "16kb" }));
  const server = createServer(app);
  adapter.mount(app, server);
  app.use(jsonErrorHandler);
  await adapter.start(host);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    host,
    adapter,
    config,
    dataDir,
    server,
    async stop() {
      await adapter.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A websocket client that records every frame, with a wait for the next matching one. */
export class TestSocket {
  readonly frames: ServerFrame[] = [];
  private waiters: { match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: String(reason) })));
    this.opened = new Promise((resolve, reject) => {
      ws.on("open", () => resolve());
      ws.on("error", reject);
      ws.on("unexpected-response", (_req, res) => reject(new Error(`unexpected response ${res.statusCode}`)));
    });
  }

  static open(url: string, token: string | null, headers: Record<string, string> = {}): TestSocket {
    const wsUrl = `${url.replace(/^http/, "ws")}/api/web/socket${token === null ? "" : `?token=${encodeURIComponent(token)}`}`;
    return new TestSocket(new WebSocket(wsUrl, { headers }));
  }

  /** The first frame of `type` matching `match`, already received or still to come. */
  next<T extends ServerFrame["type"]>(
    type: T,
    match: (f: Extract<ServerFrame, { type: T }>) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<Extract<ServerFrame, { type: T }>> {
    const pred = (f: ServerFrame) => f.type === type && match(f as Extract<ServerFrame, { type: T }>);
    const seen = this.frames.find(pred);
    if (seen) return Promise.resolve(seen as Extract<ServerFrame, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`)), timeoutMs);
      this.waiters.push({ match: pred, resolve: (f) => (clearTimeout(timer), resolve(f as Extract<ServerFrame, { type: T }>)) });
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  close(): void {
    this.ws.close();
  }
}

export async function newSession(url: string): Promise<{ token: string; visitorId: string }> {
  const res = await fetch(`${url}/api/web/session`, { method: "POST" });
  if (res.status !== 201) throw new Error(`session: ${res.status}`);
  return (await res.json()) as { token: string; visitorId: string };
}

export function postMessage(url: string, token: string | null, body: unknown, headers: Record<string, string> = {}): Promise<globalThis.Response> {
  return fetch(`${url}/api/web/messages`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
