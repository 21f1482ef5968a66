import type { HistoryResponse, IdentifyResponse, PostMessageResponse, PublicMessage, SessionResponse } from "../protocol.js";

/** Why an HTTP call failed: `status` 0 is a network failure (offline, hub down). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The hub's web chat HTTP routes, as the widget calls them. */
export interface Api {
  session(): Promise<SessionResponse>;
  history(token: string): Promise<PublicMessage[]>;
  post(token: string, clientMessageId: string, text: string): Promise<PostMessageResponse>;
  identify(token: string, identity: Record<string, unknown>, signature: string): Promise<IdentifyResponse>;
}

export function createApi(origin: string): Api {
  async function call(method: string, path: string, token?: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(origin + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        credentials: "omit",
      });
    } catch {
      throw new ApiError(0, "network", "network error");
    }
    const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    if (!res.ok) {
      const retry = Number(res.headers.get("Retry-After"));
      throw new ApiError(res.status, json?.error?.code ?? "http_" + res.status, json?.error?.message ?? res.statusText, retry > 0 ? retry * 1000 : undefined);
    }
    return json;
  }

  return {
    async session() {
      return (await call("POST", "/api/web/session")) as SessionResponse;
    },
    async history(token) {
      return ((await call("GET", "/api/web/history", token)) as HistoryResponse).messages;
    },
    async post(token, clientMessageId, text) {
      return (await call("POST", "/api/web/messages", token, { clientMessageId, text })) as PostMessageResponse;
    },
    async identify(token, identity, signature) {
      return (await call("POST", "/api/web/identify", token, { identity, signature })) as IdentifyResponse;
    },
  };
}

/** localStorage that survives being unavailable (privacy modes, sandboxed frames): then memory only. */
export const storage = {
  memory: new Map<string, string>(),
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return this.memory.get(key) ?? null;
    }
  },
  set(key: string, value: string | null): void {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch {
      if (value === null) this.memory.delete(key);
      else this.memory.set(key, value);
    }
  },
};

/** A random id for a message, so resending it never makes a duplicate. */
export function newClientMessageId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return "c" + Date.now().toString(36) + "-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
