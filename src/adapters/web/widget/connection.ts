import type { ClientFrame, ServerFrame } from "../protocol.js";

const CLOSE_INVALID_TOKEN = 4401;
const MAX_BACKOFF_MS = 30_000;
const PING_MS = 25_000;

export interface ConnectionEvents {
  frame(frame: ServerFrame): void;
  up(): void;
  down(): void;
  /** The hub refused the token: get a new one (new session), then the connection retries at once. */
  invalidToken(): Promise<void>;
}

/**
 * The widget's websocket: connects with the token in the query, reconnects
 * with exponential backoff (capped at 30 s, with jitter), and retries at once
 * when the browser comes back online or the tab becomes visible.
 */
export interface Connection {
  readonly open: boolean;
  connect(): void;
  /** Sends a frame when the socket is open; false when it is not. */
  send(frame: ClientFrame): boolean;
}

export function createConnection(origin: string, getToken: () => string | null, events: ConnectionEvents): Connection {
  let ws: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;

  function isOpen(): boolean {
    return ws?.readyState === WebSocket.OPEN;
  }

  function connect(): void {
    clearTimeout(retryTimer);
    const token = getToken();
    if (ws || !token) return;
    const socket = new WebSocket(`${origin.replace(/^http/, "ws")}/api/web/socket?token=${encodeURIComponent(token)}`);
    ws = socket;
    socket.onopen = () => {
      attempt = 0;
      pingTimer = setInterval(() => send({ type: "ping" }), PING_MS);
      events.up();
    };
    socket.onmessage = (ev: MessageEvent) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as ServerFrame;
      } catch {
        return;
      }
      events.frame(frame);
    };
    socket.onclose = (ev: CloseEvent) => {
      if (ws !== socket) return;
      ws = null;
      clearInterval(pingTimer);
      events.down();
      if (ev.code === CLOSE_INVALID_TOKEN) {
        void events.invalidToken().then(connect, retry);
      } else {
        retry();
      }
    };
  }

  function send(frame: ClientFrame): boolean {
    if (!ws || !isOpen()) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  function retry(): void {
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
    attempt = Math.min(attempt + 1, 10);
    retryTimer = setTimeout(connect, Math.min(MAX_BACKOFF_MS, base * (0.75 + Math.random() * 0.5)));
  }

  const soon = () => {
    if (!ws) connect();
  };
  addEventListener("online", soon);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") soon();
  });

  return {
    get open() {
      return isOpen();
    },
    connect,
    send,
  };
}
