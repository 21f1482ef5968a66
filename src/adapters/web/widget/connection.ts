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
export class Connection {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly origin: string, private readonly token: () => string | null, private readonly events: ConnectionEvents) {
    const soon = () => {
      if (!this.ws) this.connect();
    };
    addEventListener("online", soon);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") soon();
    });
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  connect(): void {
    clearTimeout(this.retryTimer);
    const token = this.token();
    if (this.ws || !token) return;
    const ws = new WebSocket(`${this.origin.replace(/^http/, "ws")}/api/web/socket?token=${encodeURIComponent(token)}`);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.pingTimer = setInterval(() => this.send({ type: "ping" }), PING_MS);
      this.events.up();
    };
    ws.onmessage = (ev: MessageEvent) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as ServerFrame;
      } catch {
        return;
      }
      this.events.frame(frame);
    };
    ws.onclose = (ev: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.pingTimer);
      this.events.down();
      if (ev.code === CLOSE_INVALID_TOKEN) {
        void this.events.invalidToken().then(() => this.connect(), () => this.retry());
      } else {
        this.retry();
      }
    };
  }

  send(frame: ClientFrame): boolean {
    if (!this.ws || !this.open) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private retry(): void {
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 10);
    this.retryTimer = setTimeout(() => this.connect(), Math.min(MAX_BACKOFF_MS, base * (0.75 + Math.random() * 0.5)));
  }
}
