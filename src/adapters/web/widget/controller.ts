import type { ServerFrame } from "../protocol.js";
import { Api, ApiError, newClientMessageId, storage } from "./api.js";
import { Connection } from "./connection.js";
import { MessageList } from "./messages.js";
import type { View, ViewHandlers } from "./view.js";

export const TOKEN_KEY = "threadline.token";
const PENDING_KEY = "threadline.pending";
const POLL_MS = 4000;
const ACK_TIMEOUT_MS = 10_000;
const SEEN_DELAY_MS = 1000;
const OFFLINE = "You are offline. Your messages will be sent when the connection is back.";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The widget's behaviour: session, sending (websocket, or HTTP when the
 * socket is down), retries with the same clientMessageId, history polling
 * while the socket is down, typing, read receipts and the unread badge.
 */
export class ChatController implements ViewHandlers {
  private view!: View;
  private readonly api: Api;
  private readonly conn: Connection;
  private readonly list = new MessageList();
  private token: string | null = storage.get(TOKEN_KEY);
  private renewing: Promise<void> | null = null;
  /** Messages being sent now, and which of those went over the socket (awaiting an ack). */
  private readonly inflight = new Set<string>();
  private readonly viaSocket = new Set<string>();
  /** Messages the hub refused for good; sent again only by the retry button. */
  private readonly gaveUp = new Set<string>();
  private readonly seenSent = new Set<string>();
  private unread = 0;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private typingAt = 0;
  private typingOff: ReturnType<typeof setTimeout> | undefined;
  private typingHide: ReturnType<typeof setTimeout> | undefined;
  private seenTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(origin: string) {
    this.api = new Api(origin);
    this.conn = new Connection(origin, () => this.token, {
      frame: (f) => this.onFrame(f),
      up: () => this.stopPolling(),
      down: () => this.onDown(),
      invalidToken: () => this.renew(),
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && this.view.isOpen) this.view.setUnread((this.unread = 0));
      this.sendSeen();
    });
    addEventListener("online", () => this.flush());
  }

  attach(view: View): void {
    this.view = view;
    try {
      const pending = JSON.parse(storage.get(PENDING_KEY) ?? "[]") as { c: string; t: string }[];
      for (const p of pending) this.list.addLocal(p.c, p.t);
    } catch {
      storage.set(PENDING_KEY, null);
    }
    this.render();
  }

  async start(): Promise<void> {
    await this.ensureSession();
    this.conn.connect();
    setTimeout(() => {
      if (!this.conn.open) this.startPolling();
    }, 3000);
  }

  // --- ViewHandlers ---------------------------------------------------------

  send(text: string): void {
    const clientMessageId = newClientMessageId();
    this.list.addLocal(clientMessageId, text);
    this.savePending();
    this.render();
    clearTimeout(this.typingOff);
    if (this.typingAt) this.conn.send({ type: "typing", on: false });
    this.typingAt = 0;
    void this.deliver(clientMessageId);
  }

  retry(clientMessageId: string): void {
    const m = this.list.byClientId(clientMessageId);
    if (!m || m.id) return;
    this.gaveUp.delete(clientMessageId);
    m.state = "sending";
    this.render();
    void this.deliver(clientMessageId);
  }

  opened(): void {
    this.unread = 0;
    this.sendSeen();
  }

  typed(): void {
    const now = Date.now();
    if (now - this.typingAt > 3000 && this.conn.send({ type: "typing", on: true })) this.typingAt = now;
    clearTimeout(this.typingOff);
    this.typingOff = setTimeout(() => {
      if (this.typingAt) this.conn.send({ type: "typing", on: false });
      this.typingAt = 0;
    }, 4000);
  }

  // --- sending ----------------------------------------------------------------

  private async deliver(clientMessageId: string): Promise<void> {
    const m = this.list.byClientId(clientMessageId);
    if (!m || m.id || this.inflight.has(clientMessageId) || !this.token) return;
    this.inflight.add(clientMessageId);
    if (this.conn.send({ type: "message", clientMessageId, text: m.text })) {
      this.viaSocket.add(clientMessageId);
      setTimeout(() => {
        if (this.viaSocket.delete(clientMessageId) && this.inflight.delete(clientMessageId)) this.fail(clientMessageId, "no answer from the server");
      }, ACK_TIMEOUT_MS);
      return;
    }
    try {
      const res = await this.api.post(this.token, clientMessageId, m.text);
      this.inflight.delete(clientMessageId);
      this.confirm(clientMessageId, res.messageId);
    } catch (err) {
      this.inflight.delete(clientMessageId);
      const e = err instanceof ApiError ? err : new ApiError(0, "network", String(err));
      if (e.status === 401) {
        await this.renew();
        void this.deliver(clientMessageId);
      } else if (e.status === 429 || e.status === 503) {
        setTimeout(() => void this.deliver(clientMessageId), e.retryAfterMs ?? 3000);
      } else {
        if (e.status !== 0) this.gaveUp.add(clientMessageId);
        else this.view.setStatus(OFFLINE);
        this.fail(clientMessageId, e.message);
      }
    }
  }

  private confirm(clientMessageId: string, messageId: string): void {
    this.list.confirm(clientMessageId, messageId);
    this.savePending();
    this.render();
  }

  private fail(clientMessageId: string, error: string): void {
    const m = this.list.byClientId(clientMessageId);
    if (!m || m.id) return;
    m.state = "failed";
    m.error = error;
    this.render();
  }

  /** Sends every unconfirmed message again (same clientMessageId, so the hub stores each once). */
  private flush(): void {
    for (const m of this.list.unconfirmed()) {
      if (m.clientMessageId && !this.gaveUp.has(m.clientMessageId)) void this.deliver(m.clientMessageId);
    }
  }

  private savePending(): void {
    const pending = this.list.unconfirmed().map((m) => ({ c: m.clientMessageId, t: m.text }));
    storage.set(PENDING_KEY, pending.length ? JSON.stringify(pending) : null);
  }

  // --- receiving --------------------------------------------------------------

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case "ready":
        this.view.setStatus(null);
        this.list.resync(frame.messages);
        this.render();
        this.flush();
        this.sendSeen();
        break;
      case "message": {
        const added = this.list.upsert(frame.message);
        if (added && added.authorKind !== "customer") {
          this.showTyping(false);
          if (!this.view.isOpen || document.visibilityState !== "visible") this.view.setUnread(++this.unread);
        }
        this.render();
        this.sendSeen();
        break;
      }
      case "ack":
        this.viaSocket.delete(frame.clientMessageId);
        this.inflight.delete(frame.clientMessageId);
        this.confirm(frame.clientMessageId, frame.messageId);
        break;
      case "typing":
        this.showTyping(frame.on);
        break;
      case "delivery":
        this.list.mark(frame.messageId, frame.state);
        this.render();
        break;
      case "error":
        if (frame.clientMessageId) {
          const id = frame.clientMessageId;
          this.viaSocket.delete(id);
          this.inflight.delete(id);
          if (frame.code === "rate_limited" || frame.code === "unavailable" || frame.code === "not_ready") {
            setTimeout(() => void this.deliver(id), 3000);
          } else {
            this.gaveUp.add(id);
            this.fail(id, frame.message);
          }
        }
        break;
    }
  }

  private showTyping(on: boolean): void {
    clearTimeout(this.typingHide);
    this.view.setTyping(on);
    if (on) this.typingHide = setTimeout(() => this.view.setTyping(false), 30_000);
  }

  /**
   * Tells the hub which replies the visitor has now seen (panel open, tab
   * visible), batched over a second so a burst of replies is one frame.
   */
  private sendSeen(): void {
    if (this.seenTimer === undefined) this.seenTimer = setTimeout(() => this.flushSeen(), SEEN_DELAY_MS);
  }

  private flushSeen(): void {
    this.seenTimer = undefined;
    if (!this.view.isOpen || document.visibilityState !== "visible") return;
    const ids = this.list.items
      .filter((m) => m.id !== null && m.direction === "outbound" && m.state !== "read" && !this.seenSent.has(m.id))
      .map((m) => m.id as string)
      .slice(-100);
    if (ids.length && this.conn.send({ type: "seen", messageIds: ids })) ids.forEach((id) => this.seenSent.add(id));
  }

  // --- connection ----------------------------------------------------------------

  private onDown(): void {
    // Messages sent on the socket that closed get no ack: send them again over HTTP.
    for (const id of this.viaSocket) this.inflight.delete(id);
    this.viaSocket.clear();
    this.showTyping(false);
    this.flush();
    this.startPolling();
  }

  private startPolling(): void {
    if (this.pollTimer !== undefined) return;
    this.pollTimer = setInterval(() => void this.poll(), POLL_MS);
    void this.poll();
  }

  private stopPolling(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.conn.open) return this.stopPolling();
    if (!this.token) return;
    try {
      const messages = await this.api.history(this.token);
      this.view.setStatus(null);
      this.list.resync(messages);
      this.render();
      this.flush();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) await this.renew();
      else if (err instanceof ApiError && err.status === 0) this.view.setStatus(OFFLINE);
    }
  }

  private async ensureSession(): Promise<void> {
    while (!this.token) {
      try {
        const s = await this.api.session();
        this.token = s.token;
        storage.set(TOKEN_KEY, s.token);
      } catch {
        this.view.setStatus(OFFLINE);
        await sleep(5000);
      }
    }
  }

  /** The token was refused (e.g. the hub's secret changed): start over as a new visitor. */
  private renew(): Promise<void> {
    this.renewing ??= (async () => {
      this.token = null;
      storage.set(TOKEN_KEY, null);
      this.seenSent.clear();
      this.list.clear();
      this.render();
      await this.ensureSession();
    })().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private render(): void {
    this.view.render(this.list);
  }
}
