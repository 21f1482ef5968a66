import { ImapFlow } from "imapflow";
import type { Logger } from "../../core/logger.js";
import { createRetryLoop, exponentialDelay } from "../../core/util/retry-loop.js";
import type { CursorStore } from "./cursor.js";

/** What the mailbox watcher does with one mail once the handler is done: "ack" (flag/move, then advance) or "skip" (only advance). */
export type MailOutcome = "ack" | "skip";

export interface ImapSettings {
  host: string;
  port: number;
  security: "tls" | "starttls" | "none";
  user: string;
  pass: string;
  rejectUnauthorized: boolean;
  mailbox: string;
  sentMailbox?: string | undefined;
  processed: "seen" | "move" | "none";
  processedFolder: string;
  initialSync: "unseen" | "all" | "new";
  pollIntervalMs: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** imapflow's autoIdleDelay (how soon IDLE starts after the last command); tests lower it. */
  autoIdleDelayMs?: number | undefined;
}

export interface ImapConnectionOptions {
  settings: ImapSettings;
  cursors: CursorStore;
  logger: Logger;
  /** Processes one raw mail. Throwing leaves it unacknowledged: it is retried after a reconnect. */
  handle(raw: Buffer, source: "inbox" | "sent"): Promise<MailOutcome>;
}

export interface ImapState {
  phase: "idle" | "connecting" | "watching" | "retrying" | "stopped";
  detail: string;
}

export interface ImapConnection {
  start(): void;
  stop(): Promise<void>;
  state(): ImapState;
}

/** A short, secret-free reason for a failed session (shown on /readyz and in logs). */
export function describeImapError(err: unknown, settings: Pick<ImapSettings, "host" | "port">): string {
  const e = err as { code?: string; authenticationFailed?: boolean; responseText?: string; message?: string };
  if (e.authenticationFailed) return "IMAP login failed (check the username and password; Gmail needs an app password)";
  if (e.code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|CONNECT_TIMEOUT)$/.test(e.code)) {
    return `cannot reach the IMAP server ${settings.host}:${settings.port} (${e.code})`;
  }
  return `IMAP: ${e.responseText ?? e.message ?? String(err)}`;
}

/**
 * Keeps one IMAP connection watching the mailbox with IDLE. On every connect
 * it first catches up on everything after the persisted UID (so mail that
 * arrived while the hub was down or disconnected is processed exactly once),
 * then processes new mail as the server announces it, plus a safety-net poll.
 * Each mail is acknowledged (flag \Seen or move) and the UID cursor advanced
 * only after the handler resolved; a failure closes the session and retries
 * with exponential backoff. Nothing here rejects into the hub.
 */
export function createImapConnection(options: ImapConnectionOptions): ImapConnection {
  const { settings: s, cursors, logger } = options;
  let state: ImapState = { phase: "idle", detail: "not started" };
  let client: ImapFlow | null = null;
  /** The running attempt's signal: catch-up stops between messages when the connection is being stopped. */
  let activeSignal: AbortSignal | null = null;
  let sentWarned = false;

  function makeClient(): ImapFlow {
    return new ImapFlow({
      host: s.host,
      port: s.port,
      secure: s.security === "tls",
      doSTARTTLS: s.security === "starttls" ? true : s.security === "none" ? false : undefined,
      auth: { user: s.user, pass: s.pass },
      logger: false,
      tls: { rejectUnauthorized: s.rejectUnauthorized },
      ...(s.autoIdleDelayMs !== undefined ? { autoIdleDelay: s.autoIdleDelayMs } : {}),
      connectionTimeout: 30_000,
      greetingTimeout: 16_000,
    });
  }

  async function syncMailbox(c: ImapFlow, path: string, source: "inbox" | "sent"): Promise<void> {
    const box = await c.mailboxOpen(path, source === "sent" ? { readOnly: true } : {});
    const validity = String(box.uidValidity);
    const cursor = cursors.get(path);
    let uids: number[];
    let catchUpTo: number | null = null;
    if (!cursor || cursor.uidValidity !== validity) {
      // First run, or the mailbox was recreated (UIDs mean nothing any more; the store's Message-ID dedupe still prevents doubles).
      if (cursor) logger.warn({ mailbox: path }, "email: UIDVALIDITY changed; starting over from the initial sync rule");
      catchUpTo = box.uidNext - 1;
      const mode = source === "sent" ? "new" : s.initialSync;
      if (mode === "new") uids = [];
      else {
        const found = await c.search(mode === "unseen" ? { seen: false } : { all: true }, { uid: true });
        uids = (found || []).filter((u) => u < box.uidNext);
      }
    } else {
      const found = box.exists > 0 ? await c.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true }) : [];
      uids = (found || []).filter((u) => u > cursor.lastUid);
    }
    for (const uid of uids.sort((a, b) => a - b)) {
      if (activeSignal?.aborted) return;
      const msg = await c.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (msg && msg.source) {
        const outcome = await options.handle(msg.source, source);
        if (outcome === "ack" && source === "inbox") {
          if (s.processed === "seen") await c.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
          else if (s.processed === "move") await c.messageMove(String(uid), s.processedFolder, { uid: true });
        }
      }
      if (catchUpTo === null) cursors.set(path, { uidValidity: validity, lastUid: uid });
    }
    if (catchUpTo !== null) cursors.set(path, { uidValidity: validity, lastUid: Math.max(catchUpTo, ...uids) });
  }

  async function syncAll(c: ImapFlow): Promise<void> {
    if (s.sentMailbox) {
      try {
        await syncMailbox(c, s.sentMailbox, "sent");
        sentWarned = false;
      } catch (err) {
        if (!c.usable) throw err;
        // A missing Sent folder must not stop customer mail.
        if (!sentWarned) logger.warn({ mailbox: s.sentMailbox, error: describeImapError(err, s) }, "email: cannot read the sent mailbox");
        sentWarned = true;
      }
    }
    await syncMailbox(c, s.mailbox, "inbox");
  }

  async function session(signal: AbortSignal): Promise<void> {
    const c = makeClient();
    client = c;
    let wake: (() => void) | null = null;
    let dirty = true;
    const poke = () => {
      dirty = true;
      wake?.();
    };
    c.on("error", (err: unknown) => logger.debug({ error: describeImapError(err, s) }, "email: IMAP connection error"));
    c.on("exists", poke);
    c.on("close", poke);
    signal.addEventListener("abort", poke);
    const timer = setInterval(poke, s.pollIntervalMs);
    try {
      if (state.phase !== "retrying") state = { phase: "connecting", detail: `connecting to ${s.host}:${s.port}` };
      await c.connect();
      if (s.processed === "move") await c.mailboxCreate(s.processedFolder).catch(() => undefined);
      let first = true;
      while (!signal.aborted && c.usable) {
        if (dirty) {
          dirty = false;
          await syncAll(c);
          if (first) {
            first = false;
            state = { phase: "watching", detail: `watching ${s.mailbox} on ${s.host}:${s.port} (IDLE)` };
            logger.info({ mailbox: s.mailbox }, "email: connected; watching the mailbox");
          }
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
      if (!signal.aborted) throw Object.assign(new Error("the server closed the connection"), { code: "ECONNRESET" });
    } finally {
      clearInterval(timer);
      signal.removeEventListener("abort", poke);
      client = null;
      if (c.usable) await withTimeout(c.logout(), 2000).catch(() => undefined);
      c.close();
    }
  }

  const loop = createRetryLoop({
    attempt: async (signal) => {
      activeSignal = signal;
      await session(signal);
      return "again";
    },
    failed: (err, failures) => {
      const delay = exponentialDelay(failures, s.initialBackoffMs, s.maxBackoffMs);
      const detail = describeImapError(err, s);
      state = { phase: "retrying", detail: `${detail}; retrying in ${Math.max(1, Math.round(delay / 1000))} s` };
      logger.error({ attempt: failures, retryInMs: delay }, `email: ${detail}`);
      return delay;
    },
    crashed: (err) => logger.error({ err }, "email: IMAP loop ended unexpectedly"),
  });

  return {
    start: () => loop.start(),
    async stop() {
      await loop.stop(() => client?.close());
      state = { phase: "stopped", detail: "stopped" };
    },
    state: () => state,
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref())]);
}
