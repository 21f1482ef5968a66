import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import { makeEvent, type DomainEvent, type NewTimer, type Timer } from "../model/index.js";
import type { Store } from "../store/port.js";

/**
 * Fires a timer. Returns the events to record with its completion (written in
 * the same store call that removes the timer). Must be idempotent: a process
 * that dies after the handler ran but before completion leaves the timer to be
 * claimed again when its lease runs out, so a handler re-checks the state it
 * acts on (e.g. "still snoozed?") instead of assuming it.
 */
export type TimerHandler = (timer: Timer) => Promise<DomainEvent[]>;

/** Thrown by a handler that cannot act yet (e.g. an earlier item of the same thread is still pending): retried after `ms`, not counted as a failure. */
export class DeferTimer extends Error {
  constructor(
    readonly ms: number,
    reason: string,
  ) {
    super(reason);
    this.name = "DeferTimer";
  }
}

/** How a kind of timer is retried when its handler fails. */
export interface RetryPolicy {
  maxAttempts: number;
  maxDelayMs: number;
}

export interface SchedulerOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  handlers: Readonly<Record<string, TimerHandler>>;
  /** How long a claim holds before another process may fire the timer (a crashed holder's fail-over time). */
  leaseMs?: number;
  /** Longest sleep between looks at the store (timers scheduled by another process are seen within this). */
  pollMs?: number;
  /** Failed firings before a timer is given up (recorded as `timer.failed`). */
  maxAttempts?: number;
  /** Per kind, overriding maxAttempts and the 5-minute backoff ceiling (e.g. mirrors: never give up, retry every minute at most). */
  policies?: Readonly<Record<string, RetryPolicy>>;
  batchSize?: number;
}

export interface Scheduler {
  /** Starts firing due timers on real time (a sleep until the next due timer, at most `pollMs`). */
  start(): void;
  /** Schedules (or replaces, by key) a timer and wakes the loop. */
  schedule(timer: Omit<NewTimer, "createdAt">, events?: DomainEvent[]): Promise<void>;
  cancel(key: string): Promise<boolean>;
  /** Fires everything due at the clock's current time; returns how many fired. For the simulator, tests and shutdown. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The hub's scheduler: timers are data in the store, this only wakes up to
 * fire them. Exactly one process fires a timer at a time (the store's leased
 * claim); a restart fires what fell due while the hub was down, once.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, clock, logger, handlers } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 5;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let stopped = true;

  async function fire(t: Timer): Promise<void> {
    const scope = { conversationId: t.conversationId, contactId: null };
    const handler = handlers[t.kind];
    if (!handler) {
      logger.warn({ kind: t.kind, key: t.key }, "timer of an unknown kind dropped");
      await store.completeTimer(t.id, t.token!, [
        makeEvent("timer.dropped", "system", clock.now(), scope, { key: t.key, kind: t.kind, reason: "unknown kind" }),
      ]);
      return;
    }
    try {
      const events = await handler(t);
      await store.completeTimer(t.id, t.token!, events);
    } catch (err) {
      if (err instanceof DeferTimer) {
        await store.releaseTimer(t.id, t.token!, new Date(clock.now().getTime() + err.ms));
        return;
      }
      const policy = options.policies?.[t.kind] ?? { maxAttempts, maxDelayMs: 300_000 };
      if (t.attempts >= policy.maxAttempts) {
        logger.error({ err, kind: t.kind, key: t.key, attempts: t.attempts }, "timer failed for good");
        await store.completeTimer(t.id, t.token!, [
          makeEvent("timer.failed", "system", clock.now(), scope, { key: t.key, kind: t.kind, error: (err as Error)?.message ?? String(err) }),
        ]);
      } else {
        logger.warn({ err, kind: t.kind, key: t.key, attempts: t.attempts }, "timer failed; retrying");
        await store.releaseTimer(t.id, t.token!, new Date(clock.now().getTime() + Math.min(policy.maxDelayMs, 5_000 * 2 ** Math.min(20, t.attempts - 1))));
      }
    }
  }

  async function runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await store.claimDueTimers(clock.now(), options.batchSize ?? 50, leaseMs);
      if (batch.length === 0) return total;
      for (const t of batch) await fire(t).catch((err: unknown) => logger.error({ err, key: t.key }, "timer firing crashed"));
      total += batch.length;
    }
  }

  function round(): Promise<number> {
    // One round at a time; a flush during a round waits for it and runs again.
    const previous = running ?? Promise.resolve(0);
    const next = previous.then(runDue, runDue);
    running = next.finally(() => {
      if (running === next) running = null;
    });
    return next;
  }

  async function loop(): Promise<void> {
    if (stopped) return;
    try {
      await round();
    } catch (err) {
      logger.warn({ err }, "scheduler round failed; trying again");
    }
    if (stopped) return;
    const due = await store.nextTimerDue().catch(() => null);
    const wait = due ? Math.max(0, Math.min(pollMs, due.getTime() - clock.now().getTime())) : pollMs;
    timer = setTimeout(() => void loop(), wait);
  }

  function wake(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void loop(), 0);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      void loop();
    },
    async schedule(t, events = []) {
      await store.scheduleTimer({ ...t, createdAt: clock.now() }, events);
      wake();
    },
    cancel: (key) => store.cancelTimer(key, []),
    flush: () => round(),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => 0);
    },
  };
}
