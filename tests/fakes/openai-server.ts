/**
 * A local stand-in for the OpenAI HTTP API: a real HTTP server the real
 * `openai` SDK talks to (`baseURL: server.baseURL`, `maxRetries: 0`).
 *
 * - `POST /v1/chat/completions`: answers with the next scripted reply (see
 *   {@link ChatScript}); with nothing scripted, a 500 saying so.
 * - `POST /v1/embeddings`: the next scripted reply if any, otherwise
 *   deterministic vectors derived from each input text. Honours
 *   `encoding_format`: base64 little-endian float32 when absent or "base64"
 *   (what the SDK asks for by default), plain arrays when "float".
 * - Every request is recorded (method, path, headers, parsed body).
 * - With `apiKey` set, a request without `Authorization: Bearer <apiKey>` gets
 *   a 401 whose message echoes a masked key, like the real API.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ChatScript =
  /** A tool call; `arguments` is JSON-encoded unless already a string. `name` defaults to the forced tool's name. */
  | { kind: "tool_call"; arguments: unknown; name?: string }
  /** A tool call whose arguments are not valid JSON. */
  | { kind: "malformed_tool_call"; raw?: string; name?: string }
  /** A plain assistant message. */
  | { kind: "content"; content: string }
  /** An HTTP error with an OpenAI-shaped error body (429 also sends retry-after). */
  | { kind: "error"; status: number; message?: string; code?: string }
  /** A 200 whose body is not a chat completion at all. */
  | { kind: "raw"; status?: number; body: string; contentType?: string }
  /** Send the headers and half a body, then stall until the client gives up. */
  | { kind: "stall_body" }
  /** Wait, then answer with `then` (default: a tool call with `{}`). Longer than the client's timeout = a timeout. */
  | { kind: "delay"; ms: number; then?: ChatScript };

export type EmbeddingsScript =
  | { kind: "vectors"; vectors: number[][] }
  | { kind: "error"; status: number; message?: string; code?: string }
  | { kind: "delay"; ms: number; then?: EmbeddingsScript };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface OpenAiStandIn {
  /** `http://127.0.0.1:PORT/v1`, ready for the SDK's `baseURL`. */
  baseURL: string;
  port: number;
  requests: RecordedRequest[];
  /** Scripts the next chat completions, in order. */
  nextChat(...replies: ChatScript[]): void;
  /** Scripts the next embeddings replies, in order. */
  nextEmbeddings(...replies: EmbeddingsScript[]): void;
  /** Chat replies still queued. */
  readonly pendingChat: number;
  /** Requests to one path (e.g. "/v1/chat/completions"). */
  requestsTo(path: string): RecordedRequest[];
  close(): Promise<void>;
}

/** The vector the stand-in returns for a text by default: deterministic, `dim` values in [-1, 1]. */
export function standInVector(text: string, dim = 8): number[] {
  const digest = createHash("sha256").update(text).digest();
  return Array.from({ length: dim }, (_, i) => Math.fround((digest[i % digest.length]! - 127.5) / 127.5));
}

export function float32Base64(v: readonly number[]): string {
  return Buffer.from(new Float32Array(v).buffer).toString("base64");
}

export async function startOpenAiStandIn(options: { apiKey?: string; embeddingDim?: number } = {}): Promise<OpenAiStandIn> {
  const chatQueue: ChatScript[] = [];
  const embeddingsQueue: EmbeddingsScript[] = [];
  const requests: RecordedRequest[] = [];
  let counter = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `stand-in crashed: ${String(e)}`, type: "server_error" } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: any = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const path = (req.url ?? "/").split("?")[0]!;
    requests.push({ method: req.method ?? "GET", path, headers: { ...req.headers }, body });

    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      const got = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
      return sendJson(res, 401, {
        error: { message: `Incorrect API key provided: ${got.slice(0, 3)}****${got.slice(-4)}.`, type: "invalid_request_error", code: "invalid_api_key" },
      });
    }
    if (req.method === "POST" && path === "/v1/chat/completions") return chat(res, body, chatQueue.shift());
    if (req.method === "POST" && path === "/v1/embeddings") return embeddings(res, body, embeddingsQueue.shift());
    sendJson(res, 404, { error: { message: `stand-in: no route ${req.method} ${path}`, type: "invalid_request_error" } });
  }

  async function chat(res: ServerResponse, body: any, script: ChatScript | undefined): Promise<void> {
    if (!script) return sendJson(res, 500, { error: { message: "stand-in: no chat reply scripted", type: "server_error" } });
    const forced: string | undefined = body?.tool_choice?.function?.name;
    const base = {
      id: `chatcmpl-${++counter}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: body?.model ?? "unknown",
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    };
    const toolCall = (name: string | undefined, args: string) =>
      sendJson(res, 200, {
        ...base,
        choices: [
          {
            index: 0,
            finish_reason: "tool_calls",
            logprobs: null,
            message: {
              role: "assistant",
              content: null,
              refusal: null,
              tool_calls: [{ id: `call_${counter}`, type: "function", function: { name: name ?? forced ?? "unknown", arguments: args } }],
            },
          },
        ],
      });
    switch (script.kind) {
      case "tool_call":
        return toolCall(script.name, typeof script.arguments === "string" ? script.arguments : JSON.stringify(script.arguments));
      case "malformed_tool_call":
        return toolCall(script.name, script.raw ?? '{"intent": "order_status", "confidence": 0.9');
      case "content":
        return sendJson(res, 200, {
          ...base,
          choices: [{ index: 0, finish_reason: "stop", logprobs: null, message: { role: "assistant", content: script.content, refusal: null } }],
        });
      case "error":
        return sendError(res, script);
      case "raw":
        res.writeHead(script.status ?? 200, { "content-type": script.contentType ?? "application/json" });
        res.end(script.body);
        return;
      case "stall_body":
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"id":"chatcmpl-stalled","choices":[');
        await sleep(60_000, res);
        if (!res.destroyed) res.destroy();
        return;
      case "delay":
        await sleep(script.ms, res);
        if (res.destroyed || res.writableEnded) return;
        return chat(res, body, script.then ?? { kind: "tool_call", arguments: {} });
    }
  }

  async function embeddings(res: ServerResponse, body: any, script: EmbeddingsScript | undefined): Promise<void> {
    if (script?.kind === "error") return sendError(res, script);
    if (script?.kind === "delay") {
      await sleep(script.ms, res);
      if (res.destroyed || res.writableEnded) return;
      return embeddings(res, body, script.then);
    }
    const input: string[] = typeof body?.input === "string" ? [body.input] : Array.isArray(body?.input) ? body.input.map(String) : [];
    const vectors = script?.kind === "vectors" ? script.vectors : input.map((t) => standInVector(t, options.embeddingDim));
    const format = body?.encoding_format ?? "base64";
    sendJson(res, 200, {
      object: "list",
      model: body?.model ?? "unknown",
      data: vectors.map((v, index) => ({ object: "embedding", index, embedding: format === "float" ? v : float32Base64(v) })),
      usage: { prompt_tokens: input.length, total_tokens: input.length },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    nextChat: (...replies) => void chatQueue.push(...replies),
    nextEmbeddings: (...replies) => void embeddingsQueue.push(...replies),
    get pendingChat() {
      return chatQueue.length;
    },
    requestsTo: (path) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, script: { status: number; message?: string; code?: string }): void {
  const type = script.status === 429 ? "rate_limit_error" : script.status >= 500 ? "server_error" : "invalid_request_error";
  sendJson(
    res,
    script.status,
    { error: { message: script.message ?? `stand-in error ${script.status}`, type, code: script.code ?? null } },
    script.status === 429 ? { "retry-after": "1" } : {},
  );
}

/** Sleeps, ending early when the client goes away. */
function sleep(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
