import { SendError, type ChannelAdapter } from "../channel/adapter.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import { makeEvent, type ChannelId, type OutboxEntry } from "../model/index.js";
import type { OutboxOutcome, Store } from "../store/port.js";
import { backoffDelay } from "./backoff.js";

export interface OutboxSettings {
  /**
   * Attempts after which agents are told a reply is delayed. Transient failures never end an entry:
   * it keeps being retried (at most every `maxDelayMs`) until the channel takes it.
   */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  leaseMs: number;
  pollIntervalMs: number;
  /** Entries claimed per round. */
  batchSize?: number;
}

export interface OutboxDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  settings: OutboxSettings;
  adapter(channel: ChannelId): ChannelAdapter | undefined;
  random?: () => number;
  /** Told when a message will never be delivered (agents must learn it: e.g. outside WhatsApp's 24-hour window). Must not throw. */
  onUndeliverable?(entry: OutboxEntry, error: string): void;
  /** Told once when a message has failed `maxAttempts` times and is still being retried. Must not throw. */
  onDelayed?(entry: OutboxEntry, error: string): void;
  /** Consecutive transient failures of a channel that open its breaker (default 5), and how long it stays open before a probe (default 15 s). */
  breaker?: { failures: number; openMs: number };
}

export interface OutboxWorker {
  /** Starts polling (real timers). */
  start(): void;
  /** Asks for a round soon (after something was queued). */
  nudge(): void;
  /** Runs rounds until nothing is due at the clock's current time. For the simulator and shutdown. */
  flush(): Promise<number>;
  /** Stops polling and waits for in-flight sends, at most `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

/**
 * Delivers queued outbound messages through their channel adapters. Entries are
 * claimed with a lease (safe with several hub processes) and, per
 * conversation, in order (the store hands out only a conversation's oldest
 * live entry). Transient failures and rate limits are retried with capped
 * exponential backoff for as long as it takes: a reply is never dropped
 * because a channel was down; agents are told once when it is delayed past
 * `maxAttempts`. A per-channel circuit breaker stops hammering a channel that
 * keeps failing: after `breaker.failures` consecutive transient failures its
 * entries wait `breaker.openMs`, then one probe goes out; the first success
 * closes it and the queue flows again, in order. Errors that repetition cannot
 * fix (auth, invalid recipient, unsupported, outside the reply window) fail
 * the message at once and agents are told. Every outcome is an Event and a
 * delivery state.
 */
export function createOutboxWorker(deps: OutboxDeps): OutboxWorker {
  const { store, clock, logger, settings } = deps;
  const random = deps.random ?? Math.random;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let nudgedWhileRunning = false;
  let stopped = true;
  let current: Promise<number> | null = null;

  const breakerFailures = deps.breaker?.failures ?? 5;
  const breakerOpenMs = deps.breaker?.openMs ?? 15_000;
  /** Per channel, in this process: consecutive transient failures and until when the breaker is open. */
  const breakers = new Map<ChannelId, { failures: number; openUntil: number; probing: boolean }>();
  const breakerOf = (channel: ChannelId) => {
    let b = breakers.get(channel);
    if (!b) breakers.set(channel, (b = { failures: 0, openUntil: 0, probing: false }));
    return b;
  };

  async function deliver(entry: OutboxEntry): Promise<void> {
    const breaker = breakerOf(entry.channel);
    const nowMs = clock.now().getTime();
    if (breaker.failures >= breakerFailures && (nowMs < breaker.openUntil || breaker.probing)) {
      // The channel is down: wait for the probe instead of spending an attempt (the claim counted one: give it back).
      const at = new Date(Math.max(breaker.openUntil, nowMs + 1000));
      await store.completeOutbox(
        entry.id,
        { status: "retry", nextAttemptAt: at, error: entry.lastError ?? "channel paused (circuit breaker open)", attempts: entry.attempts - 1 },
        [],
      );
      return;
    }
    if (breaker.failures >= breakerFailures) breaker.probing = true;
    const message = await store.getMessage(entry.messageId);
    const scope = { conversationId: entry.conversationId, contactId: message?.contactId ?? null };
    const adapter = deps.adapter(entry.channel);
    let outcome: OutboxOutcome;
    let delivered = false;
    try {
      if (!message) throw new SendError("unsupported", "message no longer exists");
      // Last line of defence for reply safety: only customer-facing messages ever reach a channel.
      if (message.direction !== "outbound") throw new SendError("unsupported", `${message.direction} messages are never sent to customers`);
      if (!adapter) throw new SendError("transient", `channel ${entry.channel} is not running`);
      const result = await adapter.send(entry.address, {
        messageId: message.id,
        conversationId: message.conversationId,
        text: message.text,
        attachments: message.attachments,
        authorKind: message.authorKind,
        createdAt: message.createdAt,
        // Only channels that can show buttons get them; elsewhere the text stands alone.
        ...(message.buttons?.length && adapter.capabilities.buttons ? { buttons: message.buttons } : {}),
      });
      delivered = result.delivered === true;
      outcome = { status: "sent", externalId: result.externalId, at: clock.now(), delivered };
      Object.assign(breaker, { failures: 0, openUntil: 0, probing: false });
    } catch (e) {
      const err = e instanceof SendError ? e : new SendError("transient", (e as Error)?.message ?? String(e));
      const retryable = err.kind === "transient" || err.kind === "rate_limited";
      if (retryable) {
        breaker.probing = false;
        if (err.kind === "transient" && ++breaker.failures >= breakerFailures) breaker.openUntil = clock.now().getTime() + breakerOpenMs;
        const backoff = Math.max(err.retryAfterMs ?? 0, backoffDelay(entry.attempts, settings.baseDelayMs, settings.maxDelayMs, random));
        const delay = breaker.failures >= breakerFailures ? Math.min(backoff, breakerOpenMs) : backoff;
        outcome = { status: "retry", nextAttemptAt: new Date(clock.now().getTime() + delay), error: `${err.kind}: ${err.message}` };
        if (entry.attempts === settings.maxAttempts) deps.onDelayed?.(entry, outcome.error);
      } else {
        outcome = { status: "dead", error: `${err.kind}: ${err.message}`, at: clock.now() };
      }
    }
    const eventType = outcome.status === "sent" ? "message.sent" : outcome.status === "retry" ? "message.retry_scheduled" : "message.failed";
    const data: Record<string, unknown> = { messageId: entry.messageId, channel: entry.channel, attempt: entry.attempts };
    if (outcome.status !== "sent") data.error = outcome.error;
    if (outcome.status === "retry") data.nextAttemptAt = outcome.nextAttemptAt.toISOString();
    const events = [makeEvent(eventType, "system", clock.now(), scope, data)];
    if (delivered) events.push(makeEvent("message.delivered", "system", clock.now(), scope, { messageId: entry.messageId, channel: entry.channel }));
    await store.completeOutbox(entry.id, outcome, events);
    if (outcome.status === "dead") {
      logger.warn({ messageId: entry.messageId, channel: entry.channel, error: outcome.error }, "delivery failed permanently");
      deps.onUndeliverable?.(entry, outcome.error);
    }
  }

  async function round(): Promise<number> {
    const batch = await store.claimOutbox(clock.now(), settings.batchSize ?? 50, settings.leaseMs);
    await Promise.all(batch.map((e) => deliver(e).catch((err: unknown) => logger.error({ err, entryId: e.id }, "outbox delivery crashed"))));
    return batch.length;
  }

  async function drainDue(): Promise<number> {
    let total = 0;
    for (let n = await round(); n > 0; n = await round()) total += n;
    return total;
  }

  let immediate: NodeJS.Immediate | null = null;
  function runSoon(delayMs: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = null;
    if (delayMs <= 0) {
      // setImmediate, not setTimeout(0): a reply should not wait the timer's 1 ms floor.
      immediate ??= setImmediate(() => {
        immediate = null;
        void tick();
      });
      return;
    }
    timer = setTimeout(() => void tick(), delayMs);
    timer.unref?.();
  }

  async function tick(): Promise<void> {
    timer = null;
    if (running || stopped) return;
    running = true;
    try {
      current = drainDue();
      await current;
    } catch (e) {
      logger.error({ err: e }, "outbox round failed");
    } finally {
      running = false;
      current = null;
    }
    if (nudgedWhileRunning) {
      nudgedWhileRunning = false;
      return runSoon(0);
    }
    const next = await store.nextOutboxDue().catch(() => null);
    const wait = next ? Math.max(0, Math.min(settings.pollIntervalMs, next.getTime() - clock.now().getTime())) : settings.pollIntervalMs;
    runSoon(wait);
  }

  return {
    start() {
      stopped = false;
      runSoon(0);
    },
    nudge() {
      if (stopped) return;
      if (running) nudgedWhileRunning = true;
      else runSoon(0);
    },
    async flush() {
      if (current) await current.catch(() => 0);
      const total = await drainDue();
      // A timer round may have started meanwhile and claimed entries this drain then skipped: wait for it too.
      while (current) await current.catch(() => 0);
      return total;
    },
    async stop(graceMs) {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
      timer = null;
      immediate = null;
      if (current) await Promise.race([current.catch(() => 0), new Promise((r) => setTimeout(r, graceMs))]);
    },
  };
}
