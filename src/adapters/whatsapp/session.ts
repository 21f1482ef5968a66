import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import type { WaClient } from "./client.js";
import { describeWaError } from "./errors.js";

/**
 * Where the WhatsApp Web session stands.
 * - `starting`: the browser is being launched / WhatsApp Web is loading.
 * - `qr`: WhatsApp wants a QR code scanned (`qr` holds it).
 * - `authenticated`: scanned or restored; chats are loading.
 * - `ready`: connected; messages flow both ways.
 * - `reconnecting`: the connection dropped; the next attempt is scheduled.
 * - `logged_out`, `auth_failure`: the session is gone; only a new QR scan helps, so nothing is retried.
 * - `blocked`: WhatsApp banned the number (terms of service); nothing is retried.
 * - `stopped`.
 */
export type SessionPhase = "starting" | "qr" | "authenticated" | "ready" | "reconnecting" | "logged_out" | "auth_failure" | "blocked" | "stopped";

export interface SessionState {
  phase: SessionPhase;
  /** Human-readable, secret-free; shown in /readyz and the QR endpoint. */
  detail: string;
  /** The current login QR code (phase `qr` only). A login secret for ~20 s: never log it. */
  qr: string | null;
  /** Delay before the next reconnect attempt (phase `reconnecting`). */
  retryInMs: number | null;
  /** Consecutive failed connection attempts since the last `ready`. */
  failures: number;
  since: Date;
}

export const SCAN_AGAIN = "scan QR again";

/** Disconnect reasons that mean the device was unlinked: reconnecting would only loop. */
const LOGGED_OUT = new Set(["LOGOUT", "UNPAIRED", "UNPAIRED_IDLE"]);
/** Disconnect reasons that mean WhatsApp refuses the number. */
const BLOCKED = new Set(["TOS_BLOCK", "SMB_TOS_BLOCK"]);

export interface SessionOptions {
  client: WaClient;
  logger: Logger;
  clock: Clock;
  /** First reconnect delay; doubles per consecutive failure up to `maxBackoffMs`. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Where the admin finds the QR code (for status texts). */
  qrHint: string;
  /** Called with each new QR code (terminal printing). */
  onQr?(qr: string): void;
}

export interface Session {
  start(): void;
  stop(): Promise<void>;
  state(): SessionState;
  /** Whether sending can work now. */
  isReady(): boolean;
}

/**
 * Keeps the WhatsApp Web client connected and tracks its state. A dropped
 * connection (`disconnected` with a reason such as CONFLICT or TIMEOUT) and a
 * failed `initialize()` are retried with exponential backoff, reusing the
 * client (destroy, then initialize). LOGOUT/UNPAIRED and `auth_failure` are
 * NOT retried: the saved session is gone, the state says a new QR scan is
 * needed, and the library shows a fresh QR code when it can (a `qr` event
 * moves the state to `qr`). Nothing here rejects into the hub.
 */
export function createSession(options: SessionOptions): Session {
  const { client, logger, clock } = options;
  let state: SessionState = { phase: "stopped", detail: "not started", qr: null, retryInMs: null, failures: 0, since: clock.now() };
  let stopped = true;
  let timer: NodeJS.Timeout | null = null;
  let qrCount = 0;

  function set(phase: SessionPhase, detail: string, extra: Partial<SessionState> = {}): void {
    state = { ...state, phase, detail, qr: null, retryInMs: null, since: clock.now(), ...extra };
  }

  function clearTimer(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  function initialize(): void {
    if (stopped) return;
    if (state.phase !== "reconnecting") set("starting", "starting WhatsApp Web (headless Chromium)");
    client.initialize().then(
      () => {
        // stop() ran while the browser was launching: close what initialize just opened.
        if (stopped) void client.destroy().catch(() => undefined);
      },
      (err: unknown) => {
        // Close a half-started browser now rather than leave it idle through a long backoff.
        void client.destroy().catch(() => undefined);
        if (stopped) return;
        scheduleReconnect(`starting WhatsApp Web failed: ${describeWaError(err)}`);
      },
    );
  }

  function scheduleReconnect(reason: string): void {
    if (stopped) return;
    clearTimer();
    const failures = state.failures + 1;
    const delay = Math.min(options.maxBackoffMs, options.initialBackoffMs * 2 ** (failures - 1));
    set("reconnecting", `${reason}; reconnecting in ${formatDelay(delay)} (attempt ${failures})`, { retryInMs: delay, failures });
    logger.warn({ attempt: failures, retryInMs: delay }, `whatsapp: ${reason}; reconnecting`);
    timer = setTimeout(() => {
      timer = null;
      if (stopped) return;
      // The library usually destroyed the page itself; a second destroy of a closed browser just fails, which is fine.
      client
        .destroy()
        .catch(() => undefined)
        .finally(initialize);
    }, delay);
    timer.unref?.();
  }

  client.on("qr", (qr: unknown) => {
    if (stopped || typeof qr !== "string" || qr === "") return;
    const first = state.phase !== "qr";
    set("qr", `waiting for the QR code to be scanned (WhatsApp → Linked devices → Link a device; ${options.qrHint})`, { qr });
    qrCount++;
    // The code rotates every ~20 s: say so once, then quietly.
    if (first) logger.info({ qrCount }, `whatsapp: login needed; scan the QR code (${options.qrHint})`);
    else logger.debug({ qrCount }, "whatsapp: QR code refreshed");
    options.onQr?.(qr);
  });

  client.on("authenticated", () => {
    if (stopped) return;
    set("authenticated", "authenticated; loading chats");
    logger.info("whatsapp: authenticated (session saved)");
  });

  client.on("auth_failure", (message: unknown) => {
    if (stopped) return;
    clearTimer();
    const why = typeof message === "string" && message ? `: ${describeWaError(message)}` : "";
    set("auth_failure", `WhatsApp rejected the saved session (auth_failure${why}); ${SCAN_AGAIN} (${options.qrHint})`);
    logger.error(`whatsapp: the saved session was rejected; ${SCAN_AGAIN}`);
  });

  client.on("ready", () => {
    if (stopped) return;
    clearTimer();
    set("ready", "connected", { failures: 0 });
    logger.info("whatsapp: ready");
  });

  client.on("disconnected", (reason: unknown) => {
    if (stopped) return;
    const why = typeof reason === "string" && reason ? reason : "unknown reason";
    if (LOGGED_OUT.has(why)) {
      clearTimer();
      set("logged_out", `WhatsApp logged this device out (${why}); ${SCAN_AGAIN} (${options.qrHint})`);
      logger.error({ reason: why }, `whatsapp: logged out; ${SCAN_AGAIN}`);
      return;
    }
    if (BLOCKED.has(why)) {
      clearTimer();
      set("blocked", `WhatsApp refuses this number (${why}); not reconnecting`);
      logger.error({ reason: why }, "whatsapp: the number is blocked by WhatsApp; not reconnecting");
      return;
    }
    scheduleReconnect(`disconnected (${describeWaError(why)})`);
  });

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      state = { ...state, failures: 0 };
      initialize();
    },
    async stop() {
      stopped = true;
      clearTimer();
      set("stopped", "stopped");
      await client.destroy().catch((err: unknown) => logger.debug({ error: describeWaError(err) }, "whatsapp: closing the browser failed"));
    },
    state: () => state,
    isReady: () => !stopped && state.phase === "ready",
  };
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
