/** The console's JSON API as the front end sees it (same origin, session cookie, CSRF header on writes). */

export interface Agent {
  id: string;
  name: string;
  role: "admin" | "agent";
  queues: string[] | null;
}

export interface InboxRow {
  id: string;
  customer: string;
  channel: string;
  queue: string | null;
  queueName: string | null;
  priority: string;
  status: string;
  assignee: string | null;
  assigneeName: string | null;
  goal: string | null;
  risk: string | null;
  waitingSince: string | null;
  lastMessageAt: string;
}

export interface InboxPage {
  view: string;
  rows: InboxRow[];
  next: string | null;
  now: string;
  queues: { id: string; name: string }[];
}

export interface Card {
  goal: string;
  stepsTried: string[];
  risk: string;
  rule: string | null;
  reason: string;
  intent: string | null;
  fields: Record<string, string>;
  missingFields: string[];
  articles: { articleId: string; version: number; title: string }[];
  nextAction: string;
  queue: string;
  priority: string;
  channel: string;
  language: string;
  languageNote: string | null;
  slaDueAt: string | null;
  createdAt: string;
}

export interface ThreadMessage {
  id: string;
  direction: "inbound" | "outbound" | "internal";
  author: string;
  authorName: string | null;
  channel: string;
  text: string;
  attachments: { name: string; kind: string }[];
  deliveryState: string;
  createdAt: string;
  /** Outbound only: why delivery failed, whether it can be resent (failed for good), and the message a resend queued. */
  error?: string | null;
  resendable?: boolean;
  resentAs?: string | null;
}

export interface ConversationDetail {
  now: string;
  conversation: {
    id: string;
    status: string;
    owner: string;
    queue: string | null;
    queueName: string | null;
    priority: string;
    tags: string[];
    assignee: string | null;
    assigneeName: string | null;
    lastChannel: string;
  };
  customer: { name: string; identities: { kind: string; value: string }[] };
  replyTo: { channel: string; recipient: string } | null;
  /** Channels the customer can be reached on in this conversation. */
  channels: string[];
  card: Card | null;
  messages: ThreadMessage[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = "";
export const setCsrfToken = (token: string): void => void (csrfToken = token);

async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method === "POST") {
    headers["Content-Type"] = "application/json";
    if (csrfToken) headers["X-CSRF-Token"] = csrfToken;
  }
  const res = await fetch(`/console/api${path}`, {
    method,
    headers,
    credentials: "same-origin",
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!res.ok) throw new ApiError(res.status, data.error?.code ?? "error", data.error?.message ?? `HTTP ${res.status}`);
  return data as T;
}

export const api = {
  session: () => call<{ agent: Agent; csrfToken: string }>("GET", "/session"),
  signIn: (login: string, password: string) => call<{ agent: Agent; csrfToken: string }>("POST", "/sign-in", { login, password }),
  redeem: (token: string, password: string) => call<{ agent: Agent; csrfToken: string }>("POST", "/invite", { token, password }),
  signOut: () => call<void>("POST", "/sign-out"),
  inbox: (view: string, queue: string | null, cursor: string | null) => {
    const q = new URLSearchParams({ view });
    if (queue) q.set("queue", queue);
    if (cursor) q.set("cursor", cursor);
    return call<InboxPage>("GET", `/inbox?${q.toString()}`);
  },
  conversation: (id: string) => call<ConversationDetail>("GET", `/conversations/${encodeURIComponent(id)}`),
  resend: (id: string, messageId: string, via?: string) =>
    call<{ ok: true; duplicate: boolean; messageId: string; channel: string }>(
      "POST",
      `/conversations/${encodeURIComponent(id)}/messages/${encodeURIComponent(messageId)}/resend`,
      via ? { via } : {},
    ),
  act: (id: string, action: Record<string, unknown>) =>
    call<{ ok: true; message?: string; data?: Record<string, unknown> }>("POST", `/conversations/${encodeURIComponent(id)}/actions`, {
      request_id: requestId(),
      action,
    }),
};

function requestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Subscribes to live changes (server-sent events); returns the unsubscribe function. */
export function onChange(listener: (change: { kind: string; conversationId: string }) => void): () => void {
  const source = new EventSource("/console/api/events");
  source.addEventListener("change", (e) => listener(JSON.parse((e as MessageEvent<string>).data) as { kind: string; conversationId: string }));
  return () => source.close();
}
