/**
 * A long-running connection loop for pull transports (IMAP IDLE, Telegram
 * long polling): runs one attempt after another until stopped, waits with
 * exponential backoff after a failure, and stops promptly (the wait is
 * abortable). What a failure means and how it is reported stays with the
 * channel; this holds only the mechanics every such loop needs.
 */
export interface RetryLoopOptions {
  /** One attempt (a session, a poll). "done" ends the loop; "again" starts the next attempt at once. */
  attempt(signal: AbortSignal): Promise<"again" | "done">;
  /** After a failed attempt (never while stopping): report it and say how long to wait, in ms. `failures` counts consecutive failures from 1. */
  failed(err: unknown, failures: number): number;
  /** The loop itself threw (a bug): log it. */
  crashed(err: unknown): void;
}

export interface RetryLoop {
  start(): void;
  /** Aborts the current attempt and wait, runs `interrupt` (e.g. close a socket), and resolves when the loop has ended. */
  stop(interrupt?: () => void): Promise<void>;
}

export function createRetryLoop(options: RetryLoopOptions): RetryLoop {
  let controller: AbortController | null = null;
  let running: Promise<void> | null = null;

  async function loop(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const outcome = await options.attempt(signal);
        failures = 0;
        if (outcome === "done") return;
      } catch (err) {
        if (signal.aborted) return;
        failures++;
        await abortableSleep(options.failed(err, failures), signal);
      }
    }
  }

  return {
    start() {
      if (running) return;
      controller = new AbortController();
      running = loop(controller.signal).catch((err: unknown) => options.crashed(err));
    },
    async stop(interrupt) {
      controller?.abort();
      interrupt?.();
      await running;
      running = null;
    },
  };
}

/** `initialMs`, doubling per consecutive failure, capped at `maxMs`. */
export function exponentialDelay(failures: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, failures - 1));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
