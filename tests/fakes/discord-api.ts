import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** One REST call as the stand-in received it (path without the /api/v10 prefix). */
export interface RestCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  auth: string | undefined;
  at: number;
}

export interface RestFailure {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export type StoredMessage = Record<string, unknown> & { id: string; channel_id: string; content: string };

export interface DiscordStandIn {
  /** Pass as the config's `api_url` (discord.js REST `api`). */
  apiUrl: string;
  token: string;
  applicationId: string;
  guildId: string;
  botUser: { id: string; username: string; discriminator: string; bot: true; global_name: null; avatar: null };
  /** A text channel, a forum channel and a voice channel (not usable for escalations). */
  channels: { text: string; forum: string; voice: string };
  roles: { agent: string; other: string };
  calls: RestCall[];
  callsTo(method: string, path: RegExp): RestCall[];
  /** Resolves with the first call (already made or future) matching, waiting up to `timeoutMs`. */
  waitForCall(method: string, path: RegExp, match?: (c: RestCall) => boolean, timeoutMs?: number): Promise<RestCall>;
  messages: Map<string, StoredMessage>;
  /** Guild members by user id (GET /guilds/{g}/members/{u}); tests add them. */
  members: Map<string, Record<string, unknown>>;
  threads: Map<string, Record<string, unknown>>;
  /** The next `count` calls matching fail with `failure`. */
  failNext(method: string, path: RegExp, failure: RestFailure, count?: number): void;
  /** From now on every authenticated call answers 401 (token reset in the Developer Portal). */
  revokeToken(): void;
  /** Sends a gateway dispatch (op 0) to every connected client. */
  dispatch(t: string, d: Record<string, unknown>): void;
  /** Stores a message written by someone else and dispatches MESSAGE_CREATE for it. */
  postAsUser(channelId: string, author: Record<string, unknown>, content: string, member?: Record<string, unknown>): StoredMessage;
  /** Resolves when a client has identified; gives its IDENTIFY payload. */
  identified(): Promise<Record<string, unknown>>;
  newId(): string;
  close(): Promise<void>;
}

/**
 * A local Discord: REST under /api/v10 and a JSON gateway (ws) that sends
 * HELLO, READY and GUILD_CREATE (channels, roles, members), answers
 * heartbeats, and dispatches what the test asks. Messages the bot posts come
 * back as MESSAGE_CREATE (like the real gateway), threads as THREAD_CREATE.
 * Wrong or revoked tokens get 401; unknown channels 404 code 10003.
 */
export async function startDiscordStandIn(options: { token?: string } = {}): Promise<DiscordStandIn> {
  const token = options.token ?? "MTEwMDAwMDAwMDAwMDAwMDAw.test.bot-token";
  let seq = 1100000000000000000n;
  const newId = () => (++seq).toString();
  const applicationId = newId();
  const guildId = newId();
  const botUser = { id: applicationId, username: "threadline", discriminator: "0", bot: true as const, global_name: null, avatar: null };
  const channels = { text: newId(), forum: newId(), voice: newId() };
  const roles = { agent: newId(), other: newId() };
  const calls: RestCall[] = [];
  const waiters = new Set<() => void>();
  const messages = new Map<string, StoredMessage>();
  const threads = new Map<string, Record<string, unknown>>();
  const members = new Map<string, Record<string, unknown>>();
  const failures: { method: string; path: RegExp; failure: RestFailure }[] = [];
  const sockets = new Set<WebSocket>();
  let revoked = false;
  let gatewaySeq = 0;
  let identifyPayload: Record<string, unknown> | null = null;
  const identifyWaiters: ((p: Record<string, unknown>) => void)[] = [];

  const channelPayload = (id: string): Record<string, unknown> | undefined => {
    const base = { guild_id: guildId, position: 0, permission_overwrites: [], nsfw: false, parent_id: null, flags: 0 };
    if (id === channels.text) return { ...base, id, type: 0, name: "escalations", topic: null, last_message_id: null, rate_limit_per_user: 0 };
    if (id === channels.forum)
      return { ...base, id, type: 15, name: "escalation-forum", available_tags: [], default_reaction_emoji: null, rate_limit_per_user: 0 };
    if (id === channels.voice) return { ...base, id, type: 2, name: "voice", bitrate: 64000, user_limit: 0 };
    return threads.get(id);
  };

  function message(channelId: string, author: Record<string, unknown>, body: Record<string, unknown>, id = newId()): StoredMessage {
    return {
      id,
      channel_id: channelId,
      guild_id: guildId,
      author,
      content: String(body.content ?? ""),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      type: 0,
      flags: 0,
      ...(body.message_reference ? { message_reference: body.message_reference, type: 19 } : {}),
    };
  }

  function dispatch(t: string, d: Record<string, unknown>): void {
    const frame = JSON.stringify({ op: 0, t, s: ++gatewaySeq, d });
    for (const ws of sockets) ws.send(frame);
  }

  function thread(parentId: string, id: string, name: string): Record<string, unknown> {
    const t = {
      id,
      type: 11,
      guild_id: guildId,
      parent_id: parentId,
      name,
      owner_id: botUser.id,
      message_count: 0,
      member_count: 1,
      rate_limit_per_user: 0,
      flags: 0,
      total_message_sent: 0,
      last_message_id: null,
      thread_metadata: { archived: false, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString(), locked: false },
    };
    threads.set(id, t);
    dispatch("THREAD_CREATE", { ...t, newly_created: true });
    return t;
  }

  function storeAndDispatch(m: StoredMessage, member?: Record<string, unknown>): StoredMessage {
    messages.set(m.id, m);
    dispatch("MESSAGE_CREATE", { ...m, ...(member ? { member } : {}) });
    return m;
  }

  const send = (res: ServerResponse, status: number, payload?: unknown, headers: Record<string, string> = {}) => {
    if (status === 204) {
      res.writeHead(204, headers).end();
      return;
    }
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(payload));
  };
  const unknownChannel = { message: "Unknown Channel", code: 10003 };

  async function route(method: string, path: string, body: Record<string, unknown>, res: ServerResponse): Promise<void> {
    let m: RegExpExecArray | null;
    if (method === "GET" && path === "/gateway/bot") {
      return send(res, 200, { url: wsUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    }
    if (method === "PUT" && (m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      if (m[1] !== applicationId || (m[2] !== undefined && m[2] !== guildId)) return send(res, 403, { message: "Missing Access", code: 50001 });
      const list = (body as unknown as Record<string, unknown>[]).map((c) => ({ ...c, id: newId(), application_id: applicationId, version: newId() }));
      return send(res, 200, list);
    }
    if (method === "GET" && (m = /^\/channels\/(\d+)$/.exec(path))) {
      const ch = channelPayload(m[1]!);
      return ch ? send(res, 200, ch) : send(res, 404, unknownChannel);
    }
    if (method === "POST" && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      if (!channelPayload(m[1]!) || m[1] === channels.voice) return send(res, 404, unknownChannel);
      if (m[1] === channels.forum) return send(res, 400, { message: "Cannot send messages in a forum channel", code: 50008 });
      return send(res, 200, storeAndDispatch(message(m[1]!, botUser, body)));
    }
    if (method === "PATCH" && (m = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path))) {
      const msg = messages.get(m[2]!);
      if (!msg || msg.channel_id !== m[1]) return send(res, 404, { message: "Unknown Message", code: 10008 });
      Object.assign(msg, body, { edited_timestamp: new Date().toISOString() });
      return send(res, 200, msg);
    }
    if (method === "POST" && (m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path))) {
      const msg = messages.get(m[2]!);
      if (!msg || msg.channel_id !== m[1]) return send(res, 404, { message: "Unknown Message", code: 10008 });
      return send(res, 201, thread(m[1], m[2]!, String(body.name)));
    }
    if (method === "POST" && (m = /^\/channels\/(\d+)\/threads$/.exec(path))) {
      if (m[1] !== channels.forum) return send(res, 400, { message: "Invalid Form Body", code: 50035 });
      const id = newId();
      const t = thread(m[1], id, String(body.name));
      const starter = storeAndDispatch(message(id, botUser, (body.message as Record<string, unknown>) ?? {}, id));
      return send(res, 201, { ...t, message: starter });
    }
    if (method === "PUT" && /^\/channels\/\d+\/messages\/\d+\/reactions\/[^/]+\/@me$/.test(path)) return send(res, 204);
    if (method === "GET" && (m = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path))) {
      const member = m[1] === guildId ? members.get(m[2]!) : undefined;
      return member ? send(res, 200, member) : send(res, 404, { message: "Unknown Member", code: 10007 });
    }
    if (method === "POST" && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return send(res, 204);
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path))) {
      return send(res, 200, message(newId(), botUser, body));
    }
    return send(res, 404, { message: `stand-in: no route ${method} ${path}`, code: 0 });
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString("utf8");
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        /* multipart or empty */
      }
      const url = new URL(req.url ?? "/", "http://x");
      const path = url.pathname.replace(/^\/api\/v\d+/, "");
      const method = req.method ?? "GET";
      const auth = req.headers.authorization;
      calls.push({ method, path, body, auth, at: Date.now() });
      for (const w of [...waiters]) w();
      const isInteraction = /^\/(interactions|webhooks)\//.test(path);
      if (!isInteraction && (revoked || auth !== `Bot ${token}`)) return send(res, 401, { message: "401: Unauthorized", code: 0 });
      const f = failures.findIndex((x) => x.method === method && x.path.test(path));
      if (f >= 0) {
        const { failure } = failures.splice(f, 1)[0]!;
        return send(res, failure.status, failure.body, failure.headers);
      }
      await route(method, path, body, res);
    })().catch((e: unknown) => send(res, 500, { message: String(e), code: 0 }));
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req)));
  wss.on("connection", (ws) => {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 }, s: null, t: null }));
    ws.on("message", (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (frame.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (frame.op !== 2) return;
      if (revoked || frame.d.token !== token) {
        ws.close(4004, "Authentication failed.");
        return;
      }
      sockets.add(ws);
      identifyPayload = frame.d;
      for (const w of identifyWaiters.splice(0)) w(frame.d);
      dispatch("READY", {
        v: 10,
        user: botUser,
        guilds: [{ id: guildId, unavailable: true }],
        session_id: "session-1",
        resume_gateway_url: wsUrl,
        shard: [0, 1],
        application: { id: applicationId, flags: 0 },
        private_channels: [],
      });
      dispatch("GUILD_CREATE", guildCreate());
    });
    ws.on("close", () => sockets.delete(ws));
  });

  function guildCreate(): Record<string, unknown> {
    const role = (id: string, name: string, position: number) => ({
      id,
      name,
      color: 0,
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: "1071698660929",
      managed: false,
      mentionable: true,
      flags: 0,
    });
    return {
      id: guildId,
      name: "Northwind Support",
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: newId(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: "en-US",
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      roles: [role(guildId, "@everyone", 0), role(roles.agent, "Support agents", 1), role(roles.other, "Marketing", 2)],
      emojis: [],
      stickers: [],
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 3,
      voice_states: [],
      members: [{ user: botUser, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
      channels: [channelPayload(channels.text), channelPayload(channels.forum), channelPayload(channels.voice)],
      threads: [...threads.values()],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const wsUrl = `ws://127.0.0.1:${port}/gateway`;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    token,
    applicationId,
    guildId,
    botUser,
    channels,
    roles,
    calls,
    messages,
    members,
    threads,
    callsTo: (method, path) => calls.filter((c) => c.method === method && path.test(c.path)),
    waitForCall(method, path, match = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = calls.find((c) => c.method === method && path.test(c.path) && match(c));
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${method} ${String(path)} within ${timeoutMs} ms; calls: ${calls.map((c) => `${c.method} ${c.path}`).join(", ")}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    failNext(method, path, failure, count = 1) {
      for (let i = 0; i < count; i++) failures.push({ method, path, failure });
    },
    revokeToken() {
      revoked = true;
    },
    dispatch,
    postAsUser(channelId, author, content, member) {
      return storeAndDispatch(message(channelId, author, { content }), member);
    },
    identified: () => (identifyPayload ? Promise.resolve(identifyPayload) : new Promise((r) => identifyWaiters.push(r))),
    newId,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
