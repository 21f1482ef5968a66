import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseQuery } from "node:querystring";
import { WebSocketServer, type WebSocket } from "ws";

/** One Web API call as the stand-in received it; JSON-string arguments (blocks, view) are parsed back. */
export interface SlackApiCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  /** What the stand-in answered (set once answered). */
  result?: Record<string, unknown>;
}

/**
 * `lostResponse`: Slack did the work (the message is posted) but the answer
 * never arrived (a 503 from a proxy, a timeout, the hub crashing right after):
 * what makes a naive retry post a second thread.
 */
export type SlackFailure = { error: string } | { ratelimited: number } | { http: number } | { lostResponse: number };

export interface SlackUser {
  id: string;
  name?: string;
  real_name?: string;
  tz_offset?: number;
  profile?: { email?: string; display_name?: string; real_name?: string };
}

export interface SlackStandIn {
  /** Pass as the config's `api_url` / WebClient's slackApiUrl (ends with /api/). */
  apiUrl: string;
  /** Base for response_url values; POSTs to it are recorded in `responses`. */
  responseUrl(id: string): string;
  botToken: string;
  appToken: string;
  bot: { userId: string; botId: string; teamId: string };
  calls: SlackApiCall[];
  callsTo(method: string): SlackApiCall[];
  responses: { id: string; body: Record<string, unknown> }[];
  users: Map<string, SlackUser>;
  /** The next `count` calls to `method` ("*" for any) fail. */
  failNext(method: string, failure: SlackFailure, count?: number): void;
  /** Forgets failures queued with failNext that have not happened yet. */
  clearFailures(): void;
  /** Every later call with the bot token fails with this error (e.g. "token_revoked"), until `restore()`. */
  revoke(error: string): void;
  restore(): void;
  waitForCall(method: string, match?: (c: SlackApiCall) => boolean, timeoutMs?: number): Promise<SlackApiCall>;
  /** Socket Mode: sends an envelope over the open connection and resolves with the client's ack payload. */
  sendEnvelope(type: "events_api" | "interactive", payload: Record<string, unknown>, timeoutMs?: number): Promise<Record<string, unknown>>;
  socketConnected(): boolean;
  close(): Promise<void>;
}

/**
 * A local Slack Web API for Bolt and @slack/web-api: form-encoded (or JSON)
 * POSTs to `{apiUrl}{method}` with `Authorization: Bearer <token>`, answered
 * `{ok:true,...}` or `{ok:false,error}`; rate limits as HTTP 429 with
 * Retry-After. `apps.connections.open` (app token) returns a websocket URL of
 * a minimal Socket Mode server (hello, envelopes, acks).
 */
export async function startSlackStandIn(options: { botToken?: string; appToken?: string } = {}): Promise<SlackStandIn> {
  const botToken = options.botToken ?? "xoxb-test-0000-token";
  const appToken = options.appToken ?? "xapp-1-test-token";
  const bot = { userId: "UBOT0001", botId: "BBOT0001", teamId: "T0TEAM01" };
  const calls: SlackApiCall[] = [];
  const responses: { id: string; body: Record<string, unknown> }[] = [];
  const users = new Map<string, SlackUser>();
  const failures: { method: string; failure: SlackFailure }[] = [];
  let revoked: string | null = null;
  let ts = 1_700_000_000;
  let seq = 0;
  const waiters = new Set<() => void>();
  let socket: WebSocket | null = null;
  const acks = new Map<string, (payload: Record<string, unknown>) => void>();

  const nextTs = () => `${ts++}.${String(++seq).padStart(6, "0")}`;
  /** Top-level messages posted per channel, oldest first (for conversations.history). */
  const history = new Map<string, { ts: string; text: unknown; bot_id: string; user: string; metadata?: unknown }[]>();

  function reply(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(payload));
  }

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    if (!text) return {};
    if ((req.headers["content-type"] ?? "").includes("application/json")) return JSON.parse(text) as Record<string, unknown>;
    const form = parseQuery(text) as Record<string, unknown>;
    for (const [k, v] of Object.entries(form)) {
      if (typeof v === "string" && (v.startsWith("[") || v.startsWith("{"))) {
        try {
          form[k] = JSON.parse(v);
        } catch {
          // a plain string that happens to start with a bracket
        }
      }
    }
    return form;
  }

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return { ok: true, url: "https://test.slack.com/", team: "Test", user: "threadline", team_id: bot.teamId, user_id: bot.userId, bot_id: bot.botId };
      case "chat.postMessage": {
        const t = nextTs();
        if (!args.thread_ts) {
          const list = history.get(String(args.channel)) ?? [];
          list.push({ ts: t, text: args.text, bot_id: bot.botId, user: bot.userId, ...(args.metadata ? { metadata: args.metadata } : {}) });
          history.set(String(args.channel), list);
        }
        return { ok: true, channel: args.channel, ts: t, message: { type: "message", text: args.text, ts: t, bot_id: bot.botId, user: bot.userId } };
      }
      case "conversations.history": {
        // Newest first, from `oldest` on; metadata only with include_all_metadata (as the real API).
        const oldest = Number(args.oldest ?? 0);
        const limit = Number(args.limit ?? 100);
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === "true";
        const messages = (history.get(String(args.channel)) ?? [])
          .filter((m) => Number(m.ts) >= oldest)
          .reverse()
          .slice(0, limit)
          .map(({ metadata, ...m }) => ({ type: "message", ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
        return { ok: true, messages, has_more: false };
      }
      case "chat.update":
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "chat.getPermalink":
        return {
          ok: true,
          channel: args.channel,
          permalink: `https://test.slack.com/archives/${String(args.channel)}/p${String(args.message_ts).replace(".", "")}`,
        };
      case "views.open":
        return { ok: true, view: { id: `V${++seq}`, ...(args.view as Record<string, unknown>) } };
      case "users.info": {
        const user = users.get(String(args.user));
        return user ? { ok: true, user } : { ok: false, error: "user_not_found" };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://local");
      if (req.method === "POST" && url.pathname.startsWith("/response/")) {
        responses.push({ id: url.pathname.slice("/response/".length), body: await readBody(req) });
        for (const w of [...waiters]) w();
        return reply(res, 200, { ok: true });
      }
      if (req.method !== "POST" || !url.pathname.startsWith("/api/")) return reply(res, 404, { ok: false, error: "not_found" });
      const method = url.pathname.slice("/api/".length);
      const auth = req.headers.authorization ?? "";
      const token = auth.startsWith("Bearer ") ? auth.slice(7) : null;
      const args = await readBody(req);
      const call: SlackApiCall = { method, args, token };
      calls.push(call);
      const respond = (status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) => {
        call.result = payload;
        reply(res, status, payload, headers);
        for (const w of [...waiters]) w();
      };
      if (method === "apps.connections.open") {
        if (token !== appToken) return respond(200, { ok: false, error: "invalid_auth" });
        const port = (server.address() as AddressInfo).port;
        return respond(200, { ok: true, url: `ws://127.0.0.1:${port}/socket` });
      }
      if (token !== botToken) return respond(200, { ok: false, error: "invalid_auth" });
      if (revoked) return respond(200, { ok: false, error: revoked });
      const i = failures.findIndex((f) => f.method === method || f.method === "*");
      if (i >= 0) {
        const { failure } = failures.splice(i, 1)[0]!;
        if ("ratelimited" in failure) return respond(429, { ok: false, error: "ratelimited" }, { "retry-after": String(failure.ratelimited) });
        if ("http" in failure) return respond(failure.http, { ok: false, error: "http" });
        if ("lostResponse" in failure) {
          answer(method, args);
          return respond(failure.lostResponse, { ok: false, error: "http" });
        }
        return respond(200, { ok: false, error: failure.error });
      }
      return respond(200, answer(method, args));
    })().catch(() => reply(res, 500, { ok: false, error: "stand_in_failure" }));
  });
  server.on("upgrade", (req, sock, head) => {
    wss.handleUpgrade(req, sock, head, (ws) => {
      socket = ws;
      ws.on("message", (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
        if (msg.envelope_id) acks.get(msg.envelope_id)?.(msg.payload ?? {});
      });
      ws.on("close", () => {
        if (socket === ws) socket = null;
      });
      ws.send(
        JSON.stringify({
          type: "hello",
          num_connections: 1,
          debug_info: { host: "local", approximate_connection_time: 3600 },
          connection_info: { app_id: "A0TEST" },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    responseUrl: (id) => `http://127.0.0.1:${port}/response/${id}`,
    botToken,
    appToken,
    bot,
    calls,
    callsTo: (m) => calls.filter((c) => c.method === m),
    responses,
    users,
    failNext(method, failure, count = 1) {
      for (let k = 0; k < count; k++) failures.push({ method, failure });
    },
    clearFailures() {
      failures.length = 0;
    },
    revoke(error) {
      revoked = error;
    },
    restore() {
      revoked = null;
    },
    waitForCall(method, match = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = calls.find((c) => c.method === method && match(c));
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${method} call within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    sendEnvelope(type, payload, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        if (!socket) return reject(new Error("no socket mode connection"));
        const id = `env-${++seq}`;
        const timer = setTimeout(() => {
          acks.delete(id);
          reject(new Error(`envelope ${id} not acknowledged`));
        }, timeoutMs);
        acks.set(id, (p) => {
          clearTimeout(timer);
          acks.delete(id);
          resolve(p);
        });
        socket.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type === "interactive" }));
      });
    },
    socketConnected: () => socket !== null,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
