import type { ServerFrame } from "../protocol.js";
import { ApiError, createApi, newClientMessageId, storage } from "./api.js";
import { readPageIdentity } from "./config.js";
import { createConnection } from "./connection.js";
import { createMessageList } from "./messages.js";
import type { View, ViewHandlers } from "./view.js";

export const TOKEN_KEY = "threadline.token";
/** The signed-in user the stored session was identified as (see `identify`). */
export const USER_KEY = "threadline.user";
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
export interface ChatController extends ViewHandlers {
  /** Connects the view (created with this controller as its handlers) and shows the messages still pending from an earlier visit. */
  attach(view: View): void;
  start(): Promise<void>;
}

export function createChatController(origin: string): ChatController {
  let view!: View;
  const api = createApi(origin);
  const list = createMessageList();
  let token: string | null = storage.get(TOKEN_KEY);
  let renewing: Promise<void> | null = null;
  /** Messages being sent now, and which of those went over the socket (awaiting an ack). */
  const inflight = new Set<string>();
  const viaSocket = new Set<string>();
  /** Messages the hub refused for good; sent again only by the retry button. */
  const gaveUp = new Set<string>();
  const seenSent = new Set<string>();
  let unread = 0;
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let typingAt = 0;
  let typingOff: ReturnType<typeof setTimeout> | undefined;
  let typingHide: ReturnType<typeof setTimeout> | undefined;
  let seenTimer: ReturnType<typeof setTimeout> | undefined;

  const conn = createConnection(origin, () => token, { frame: onFrame, up: stopPolling, down: onDown, invalidToken: renew });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && view.isOpen) view.setUnread((unread = 0));
    sendSeen();
  });
  addEventListener("online", flush);

  function render(): void {
    view.render(list);
  }

  // --- sending ----------------------------------------------------------------

  async function deliver(clientMessageId: string): Promise<void> {
    const m = list.byClientId(clientMessageId);
    if (!m || m.id || inflight.has(clientMessageId) || !token) return;
    inflight.add(clientMessageId);
    if (conn.send({ type: "message", clientMessageId, text: m.text })) {
      viaSocket.add(clientMessageId);
      setTimeout(() => {
        if (viaSocket.delete(clientMessageId) && inflight.delete(clientMessageId)) fail(clientMessageId, "no answer from the server");
      }, ACK_TIMEOUT_MS);
      return;
    }
    try {
      const res = await api.post(token, clientMessageId, m.text);
      inflight.delete(clientMessageId);
      confirm(clientMessageId, res.messageId);
    } catch (err) {
      inflight.delete(clientMessageId);
      const e = err instanceof ApiError ? err : new ApiError(0, "network", String(err));
      if (e.status === 401) {
        await renew();
        void deliver(clientMessageId);
      } else if (e.status === 429 || e.status === 503) {
        setTimeout(() => void deliver(clientMessageId), e.retryAfterMs ?? 3000);
      } else {
        if (e.status !== 0) gaveUp.add(clientMessageId);
        else view.setStatus(OFFLINE);
        fail(clientMessageId, e.message);
      }
    }
  }

  function confirm(clientMessageId: string, messageId: string): void {
    list.confirm(clientMessageId, messageId);
    savePending();
    render();
  }

  function fail(clientMessageId: string, error: string): void {
    const m = list.byClientId(clientMessageId);
    if (!m || m.id) return;
    m.state = "failed";
    m.error = error;
    render();
  }

  /** Sends every unconfirmed message again (same clientMessageId, so the hub stores each once). */
  function flush(): void {
    for (const m of list.unconfirmed()) {
      if (m.clientMessageId && !gaveUp.has(m.clientMessageId)) void deliver(m.clientMessageId);
    }
  }

  function savePending(): void {
    const pending = list.unconfirmed().map((m) => ({ c: m.clientMessageId, t: m.text }));
    storage.set(PENDING_KEY, pending.length ? JSON.stringify(pending) : null);
  }

  // --- receiving --------------------------------------------------------------

  function onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case "ready":
        view.setStatus(null);
        list.resync(frame.messages);
        render();
        flush();
        sendSeen();
        break;
      case "message": {
        const added = list.upsert(frame.message);
        if (added && added.authorKind !== "customer") {
          showTyping(false);
          if (!view.isOpen || document.visibilityState !== "visible") view.setUnread(++unread);
        }
        render();
        sendSeen();
        break;
      }
      case "ack":
        viaSocket.delete(frame.clientMessageId);
        inflight.delete(frame.clientMessageId);
        confirm(frame.clientMessageId, frame.messageId);
        break;
      case "typing":
        showTyping(frame.on);
        break;
      case "delivery":
        list.mark(frame.messageId, frame.state);
        render();
        break;
      case "error":
        if (frame.clientMessageId) {
          const id = frame.clientMessageId;
          viaSocket.delete(id);
          inflight.delete(id);
          if (frame.code === "rate_limited" || frame.code === "unavailable" || frame.code === "not_ready") {
            setTimeout(() => void deliver(id), 3000);
          } else {
            gaveUp.add(id);
            fail(id, frame.message);
          }
        }
        break;
    }
  }

  function showTyping(on: boolean): void {
    clearTimeout(typingHide);
    view.setTyping(on);
    if (on) typingHide = setTimeout(() => view.setTyping(false), 30_000);
  }

  /**
   * Tells the hub which replies the visitor has now seen (panel open, tab
   * visible), batched over a second so a burst of replies is one frame.
   */
  function sendSeen(): void {
    if (seenTimer === undefined) seenTimer = setTimeout(flushSeen, SEEN_DELAY_MS);
  }

  function flushSeen(): void {
    seenTimer = undefined;
    if (!view.isOpen || document.visibilityState !== "visible") return;
    const ids = list.items
      .filter((m) => m.id !== null && m.direction === "outbound" && m.state !== "read" && !seenSent.has(m.id))
      .map((m) => m.id as string)
      .slice(-100);
    if (ids.length && conn.send({ type: "seen", messageIds: ids })) ids.forEach((id) => seenSent.add(id));
  }

  // --- connection ----------------------------------------------------------------

  function onDown(): void {
    // Messages sent on the socket that closed get no ack: send them again over HTTP.
    for (const id of viaSocket) inflight.delete(id);
    viaSocket.clear();
    showTyping(false);
    flush();
    startPolling();
  }

  function startPolling(): void {
    if (pollTimer !== undefined) return;
    pollTimer = setInterval(() => void poll(), POLL_MS);
    void poll();
  }

  function stopPolling(): void {
    clearInterval(pollTimer);
    pollTimer = undefined;
  }

  async function poll(): Promise<void> {
    if (conn.open) return stopPolling();
    if (!token) return;
    try {
      const messages = await api.history(token);
      view.setStatus(null);
      list.resync(messages);
      render();
      flush();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) await renew();
      else if (err instanceof ApiError && err.status === 0) view.setStatus(OFFLINE);
    }
  }

  async function ensureSession(): Promise<void> {
    while (!token) {
      try {
        const s = await api.session();
        token = s.token;
        storage.set(TOKEN_KEY, s.token);
      } catch {
        view.setStatus(OFFLINE);
        await sleep(5000);
      }
    }
  }

  /**
   * Signed identity from the host page (window.threadlineSettings). A session
   * that belonged to a signed-in user is never reused by someone else: when
   * the page is signed out, or signed in as another user, the widget starts a
   * new session first. A refused identity (bad signature, expired, not
   * configured on the hub) leaves the visitor anonymous, with a console warning
   * for the site's developers. Returns after the hub answered, so the first
   * message is already the identified contact's.
   */
  async function identify(mayRenew: boolean): Promise<void> {
    const page = readPageIdentity();
    const previous = storage.get(USER_KEY);
    const userId = page ? String(page.identity.user_id ?? "") : null;
    if (previous !== null && previous !== userId) {
      storage.set(USER_KEY, null);
      if (mayRenew) return renew();
    }
    if (!page || !token) return;
    try {
      await api.identify(token, page.identity, page.signature);
      storage.set(USER_KEY, userId);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "network", String(err));
      if (mayRenew && (e.status === 409 || e.status === 401) && (e.code === "identity_mismatch" || e.code.endsWith("_token"))) return renew();
      console.warn(`Threadline: the signed identity was not accepted (${e.code}): ${e.message}`);
    }
  }

  /** The token was refused (e.g. the hub's secret changed), or belongs to another signed-in user: start over as a new visitor. */
  function renew(): Promise<void> {
    renewing ??= (async () => {
      token = null;
      storage.set(TOKEN_KEY, null);
      storage.set(USER_KEY, null);
      seenSent.clear();
      list.clear();
      render();
      await ensureSession();
      await identify(false);
    })().finally(() => {
      renewing = null;
    });
    return renewing;
  }

  return {
    attach(v) {
      view = v;
      try {
        const pending = JSON.parse(storage.get(PENDING_KEY) ?? "[]") as { c: string; t: string }[];
        for (const p of pending) list.addLocal(p.c, p.t);
      } catch {
        storage.set(PENDING_KEY, null);
      }
      render();
    },

    async start() {
      await ensureSession();
      await identify(true);
      conn.connect();
      setTimeout(() => {
        if (!conn.open) startPolling();
      }, 3000);
    },

    // --- ViewHandlers ---------------------------------------------------------

    send(text) {
      const clientMessageId = newClientMessageId();
      list.addLocal(clientMessageId, text);
      savePending();
      render();
      clearTimeout(typingOff);
      if (typingAt) conn.send({ type: "typing", on: false });
      typingAt = 0;
      void deliver(clientMessageId);
    },

    retry(clientMessageId) {
      const m = list.byClientId(clientMessageId);
      if (!m || m.id) return;
      gaveUp.delete(clientMessageId);
      m.state = "sending";
      render();
      void deliver(clientMessageId);
    },

    opened() {
      unread = 0;
      sendSeen();
    },

    typed() {
      const now = Date.now();
      if (now - typingAt > 3000 && conn.send({ type: "typing", on: true })) typingAt = now;
      clearTimeout(typingOff);
      typingOff = setTimeout(() => {
        if (typingAt) conn.send({ type: "typing", on: false });
        typingAt = 0;
      }, 4000);
    },
  };
}
