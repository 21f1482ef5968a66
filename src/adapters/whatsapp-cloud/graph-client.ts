import { SendError } from "../../core/channel/adapter.js";
import type { GraphMessageBody } from "./outbound.js";

/** Graph API error codes the adapter treats specially. */
export const GRAPH_ERRORS = {
  /** Re-engagement message: more than 24 hours since the customer last replied. */
  outsideWindow: 131047,
} as const;

const AUTH_CODES = new Set([190, 102, 10, 200, 3]);
const RATE_CODES = new Set([4, 17, 32, 613, 80007, 130429, 131056]);
const RECIPIENT_CODES = new Set([131026, 131030, 131021, 131045, 1013]);
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 133004]);

/** A refusal by the Graph API with its error code (kept so the caller can act on 131047). */
export class GraphApiError extends SendError {
  constructor(
    kind: SendError["kind"],
    message: string,
    readonly code: number | null,
    retryAfterMs?: number,
  ) {
    super(kind, message, retryAfterMs);
    this.name = "GraphApiError";
  }
}

export interface GraphClientOptions {
  apiBase: string;
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
  /** Per-request timeout; a timeout is a transient error. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface GraphClient {
  /** Sends one message; resolves with its `wamid`, or throws GraphApiError. */
  sendMessage(body: GraphMessageBody): Promise<string>;
}

/** A minimal Graph API client for `POST /{version}/{phone_number_id}/messages`, over global fetch. */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const url = `${options.apiBase.replace(/\/+$/, "")}/${options.apiVersion}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  const doFetch = options.fetch ?? fetch;
  return {
    async sendMessage(body) {
      let res: Response;
      try {
        res = await doFetch(url, {
          method: "POST",
          headers: { authorization: `Bearer ${options.accessToken}`, "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (err) {
        throw new GraphApiError("transient", `Graph API unreachable: ${(err as Error)?.message ?? String(err)}`, null);
      }
      const text = await res.text().catch(() => "");
      const json = parseJson(text);
      if (res.ok) {
        const id = (json as { messages?: { id?: unknown }[] } | null)?.messages?.[0]?.id;
        if (typeof id !== "string" || id === "") throw new GraphApiError("transient", "Graph API answered without a message id", null);
        return id;
      }
      throw graphError(res.status, json, res.headers.get("retry-after"));
    },
  };
}

/** Maps a Graph API error answer to the hub's send error kinds. */
export function graphError(status: number, json: unknown, retryAfter: string | null = null): GraphApiError {
  const e = (json as { error?: { code?: unknown; message?: unknown; error_subcode?: unknown } } | null)?.error;
  const code = typeof e?.code === "number" ? e.code : null;
  const detail = typeof e?.message === "string" ? e.message : `HTTP ${status}`;
  const message = `Graph API ${status}${code !== null ? ` (code ${code})` : ""}: ${detail}`;
  const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
  const retryAfterMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
  if (code === GRAPH_ERRORS.outsideWindow) return new GraphApiError("unsupported", message, code);
  if (status === 401 || (code !== null && AUTH_CODES.has(code))) return new GraphApiError("auth", message, code);
  if (status === 429 || (code !== null && RATE_CODES.has(code))) return new GraphApiError("rate_limited", message, code, retryAfterMs);
  if (code !== null && RECIPIENT_CODES.has(code)) return new GraphApiError("invalid_recipient", message, code);
  if (status >= 500 || (code !== null && TRANSIENT_CODES.has(code))) return new GraphApiError("transient", message, code, retryAfterMs);
  if (status === 403) return new GraphApiError("auth", message, code);
  // Any other 4xx (bad parameter, unsupported type): repeating the same request cannot succeed.
  return new GraphApiError("unsupported", message, code);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
