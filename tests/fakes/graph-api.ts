import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hubSignature } from "../../src/adapters/whatsapp-cloud/signature.js";

/** One request the stand-in received. */
export interface GraphRequest {
  method: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  body: Record<string, unknown>;
}

/** A scripted failure: the HTTP status, an optional Graph error code, and headers (Retry-After). */
export interface GraphFailure {
  status: number;
  code?: number;
  message?: string;
  headers?: Record<string, string>;
  /** Drop the connection instead of answering (a network error). */
  destroy?: boolean;
}

export interface GraphApiStandIn {
  /** Base URL to use as `api_base` (no trailing slash). */
  url: string;
  requests: GraphRequest[];
  /** Failures for the next calls, in order. */
  failNext: GraphFailure[];
  /** Only this access token is accepted (others get 401 / code 190). */
  accessToken: string;
  close(): Promise<void>;
}

let seq = 0;

/**
 * A local stand-in for the Graph API's `POST /{version}/{phone_number_id}/messages`.
 * It records every request, checks the bearer token, and answers like Meta:
 * `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: "wamid…" }] }`,
 * or `{ error: { message, type, code, fbtrace_id } }` for scripted failures.
 */
export async function startGraphApi(options: { accessToken?: string } = {}): Promise<GraphApiStandIn> {
  const state = { requests: [] as GraphRequest[], failNext: [] as GraphFailure[], accessToken: options.accessToken ?? "test-access-token" };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        body = {};
      }
      const path = new URL(req.url ?? "/", "http://graph").pathname;
      state.requests.push({
        method: req.method ?? "",
        path,
        authorization: req.headers.authorization ?? null,
        contentType: req.headers["content-type"] ?? null,
        body,
      });
      const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(json));
      };
      const error = (status: number, code: number, message: string, headers?: Record<string, string>) =>
        answer(status, { error: { message, type: "OAuthException", code, fbtrace_id: "AbCdEf" } }, headers);

      const failure = state.failNext.shift();
      if (failure?.destroy) return void req.socket.destroy();
      if (failure) return error(failure.status, failure.code ?? 1, failure.message ?? "scripted failure", failure.headers);
      if (req.method !== "POST" || !/^\/v\d+\.\d+\/\d+\/messages$/.test(path)) return error(400, 100, `Unsupported request: ${req.method} ${path}`);
      if (req.headers.authorization !== `Bearer ${state.accessToken}`) return error(401, 190, "Invalid OAuth access token.");
      if (body.messaging_product !== "whatsapp" || typeof body.to !== "string") return error(400, 100, "(#100) Invalid parameter");
      answer(200, {
        messaging_product: "whatsapp",
        contacts: [{ input: body.to, wa_id: body.to.replace(/^\+/, "") }],
        messages: [{ id: `wamid.OUT${++seq}`, ...(body.type === "template" ? { message_status: "accepted" } : {}) }],
      });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get failNext() {
      return state.failNext;
    },
    get accessToken() {
      return state.accessToken;
    },
    set accessToken(v: string) {
      state.accessToken = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Signs a webhook body as Meta does, returning the headers to post it with. */
export function signedWebhookHeaders(appSecret: string, body: string): Record<string, string> {
  return { "content-type": "application/json", "x-hub-signature-256": hubSignature(appSecret, body) };
}

/** Posts a webhook body (signed with `appSecret` unless `signature` overrides the header; null omits it). */
export function postWebhook(url: string, body: unknown, appSecret: string, signature?: string | null): Promise<Response> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature === undefined) headers["x-hub-signature-256"] = hubSignature(appSecret, text);
  else if (signature !== null) headers["x-hub-signature-256"] = signature;
  return fetch(url, { method: "POST", headers, body: text });
}

/** Builders of webhook payloads shaped like Meta's. */
export const webhook = {
  envelope(phoneNumberId: string, value: Record<string, unknown>): Record<string, unknown> {
    return {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "102290129340398",
          changes: [
            {
              field: "messages",
              value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550783881", phone_number_id: phoneNumberId }, ...value },
            },
          ],
        },
      ],
    };
  },
  message(phoneNumberId: string, from: string, message: Record<string, unknown>, name = "Sheena Nelson"): Record<string, unknown> {
    return webhook.envelope(phoneNumberId, {
      contacts: [{ profile: { name }, wa_id: from }],
      messages: [{ from, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
    });
  },
  status(phoneNumberId: string, id: string, status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return webhook.envelope(phoneNumberId, {
      statuses: [{ id, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: "16505551234", ...extra }],
    });
  },
};
