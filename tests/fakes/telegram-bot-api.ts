import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One Bot API call as the stand-in received it. */
export interface BotApiCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

export interface BotApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface TelegramStandIn {
  /** Pass as grammY's `apiRoot` / the config's `api_root` (no trailing slash). */
  apiRoot: string;
  token: string;
  bot: { id: number; is_bot: true; first_name: string; username: string };
  /** Every call, in order (including ones answered with an error). */
  calls: BotApiCall[];
  callsTo(method: string): BotApiCall[];
  /** Queues an update (update_id assigned) for getUpdates; returns the id. */
  queueUpdate(update: Record<string, unknown>): number;
  /** Updates not yet confirmed (id ≥ the highest offset a getUpdates asked for). */
  pending(): { update_id: number }[];
  /** Highest `offset` any getUpdates call sent (0 before any). */
  confirmedOffset(): number;
  /** The next `count` calls to `method` ("*" for any) fail with `error`. */
  failNext(method: string, error: BotApiError, count?: number): void;
  /** Resolves with the first call to `method` matching `match`, waiting up to `timeoutMs`. */
  waitForCall(method: string, match?: (c: BotApiCall) => boolean, timeoutMs?: number): Promise<BotApiCall>;
  webhook(): { url: string; secret_token?: string } | null;
  close(): Promise<void>;
}

export const ERRORS = {
  tooManyRequests: (retryAfter = 3): BotApiError => ({
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  }),
  blocked: (): BotApiError => ({ error_code: 403, description: "Forbidden: bot was blocked by the user" }),
  unauthorized: (): BotApiError => ({ error_code: 401, description: "Unauthorized" }),
  chatNotFound: (): BotApiError => ({ error_code: 400, description: "Bad Request: chat not found" }),
} as const;

/**
 * A local Telegram Bot API: `POST /bot{token}/{method}` with JSON bodies,
 * answering `{ok:true,result}` or `{ok:false,error_code,description}`.
 * getUpdates long-polls (held until an update is queued or `timeout` passes)
 * and drops updates below `offset`, like the real one. A wrong token gets 401.
 */
export async function startTelegramStandIn(options: { token?: string; username?: string; port?: number } = {}): Promise<TelegramStandIn> {
  const token = options.token ?? "123456:TEST-token_abcdefghijklmnop";
  const bot = { id: 123456, is_bot: true as const, first_name: "Shop Bot", username: options.username ?? "shop_bot" };
  const calls: BotApiCall[] = [];
  let queue: Record<string, unknown>[] = [];
  let nextUpdateId = 1000;
  let offsetSeen = 0;
  let nextMessageId = 5000;
  let webhook: { url: string; secret_token?: string } | null = null;
  const failures: { method: string; error: BotApiError }[] = [];
  const pollers = new Set<() => void>();
  const callWaiters = new Set<() => void>();

  function reply(res: ServerResponse, status: number, payload: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(payload));
  }
  const ok = (res: ServerResponse, result: unknown) => reply(res, 200, { ok: true, result });

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    if (!text) return {};
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  function available(offset: number): Record<string, unknown>[] {
    if (offset > 0) queue = queue.filter((u) => (u.update_id as number) >= offset);
    return queue;
  }

  const server = createServer((req, res) => {
    void (async () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? "/", "http://x").pathname);
      const body = await readJson(req);
      if (!match || req.method !== "POST") return reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      const [, callToken, method] = match as unknown as [string, string, string];
      calls.push({ method, body, at: Date.now() });
      for (const w of [...callWaiters]) w();
      if (callToken !== token) return reply(res, 401, { ok: false, ...ERRORS.unauthorized() });
      const forced = failures.findIndex((f) => f.method === method || f.method === "*");
      if (forced >= 0) {
        const [f] = failures.splice(forced, 1);
        return reply(res, f!.error.error_code, { ok: false, ...f!.error });
      }
      switch (method) {
        case "getMe":
          return ok(res, { ...bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
        case "deleteWebhook":
          webhook = null;
          return ok(res, true);
        case "setWebhook":
          webhook = { url: String(body.url), ...(typeof body.secret_token === "string" ? { secret_token: body.secret_token } : {}) };
          return ok(res, true);
        case "getWebhookInfo":
          return ok(res, { url: webhook?.url ?? "", has_custom_certificate: false, pending_update_count: queue.length });
        case "getUpdates": {
          const offset = typeof body.offset === "number" ? body.offset : 0;
          offsetSeen = Math.max(offsetSeen, offset);
          const limit = typeof body.limit === "number" ? body.limit : 100;
          const timeout = typeof body.timeout === "number" ? body.timeout : 0;
          const now = available(offset);
          if (now.length > 0 || timeout === 0) return ok(res, now.slice(0, limit));
          let done = false;
          const finish = () => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            pollers.delete(finish);
            ok(res, available(offset).slice(0, limit));
          };
          const timer = setTimeout(finish, timeout * 1000);
          pollers.add(finish);
          res.on("close", () => {
            done = true;
            clearTimeout(timer);
            pollers.delete(finish);
          });
          return;
        }
        case "sendMessage": {
          const chatId = Number(body.chat_id);
          return ok(res, {
            message_id: nextMessageId++,
            date: Math.floor(Date.now() / 1000),
            from: bot,
            chat: chatId < 0 ? { id: chatId, type: "group", title: "Group" } : { id: chatId, type: "private", first_name: "Customer" },
            text: body.text,
            ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}),
          });
        }
        case "editMessageText":
          return ok(res, true);
        case "answerCallbackQuery":
          return ok(res, true);
        case "sendChatAction":
          return ok(res, true);
        case "getFile":
          return ok(res, {
            file_id: body.file_id,
            file_unique_id: `u-${String(body.file_id)}`,
            file_size: 1234,
            file_path: `documents/${String(body.file_id)}.bin`,
          });
        default:
          return reply(res, 404, { ok: false, error_code: 404, description: "Not Found: method not found" });
      }
    })().catch((err: unknown) => reply(res, 500, { ok: false, error_code: 500, description: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    bot,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    queueUpdate(update) {
      const update_id = nextUpdateId++;
      queue.push({ update_id, ...update });
      for (const p of [...pollers]) p();
      return update_id;
    },
    pending: () => available(offsetSeen) as { update_id: number }[],
    confirmedOffset: () => offsetSeen,
    failNext(method, error, count = 1) {
      for (let i = 0; i < count; i++) failures.push({ method, error });
    },
    waitForCall(method, match = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.find((c) => c.method === method && match(c));
          if (!found) return false;
          callWaiters.delete(onCall);
          clearTimeout(timer);
          // Let the response reach the client before the test looks at the adapter's state.
          setImmediate(() => resolve(found));
          return true;
        };
        const onCall = () => void check();
        const timer = setTimeout(() => {
          callWaiters.delete(onCall);
          reject(new Error(`no ${method} call within ${timeoutMs} ms (calls: ${calls.map((c) => c.method).join(", ")})`));
        }, timeoutMs);
        if (!check()) callWaiters.add(onCall);
      });
    },
    webhook: () => webhook,
    async close() {
      for (const p of [...pollers]) p();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
