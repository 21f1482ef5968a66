import { performance } from "node:perf_hooks";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { createLogFigureReader, type LogFigures } from "../core/analytics/metrics-log.js";
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import { OUTBOX_STATUSES, type ChannelId, type OutboxStatus } from "../core/model/index.js";
import type { Store } from "../core/store/port.js";
import { registerKnowledgeMetrics, type KnowledgeMetrics } from "../knowledge/metrics.js";
import { sqliteStateCounts, type StateCounts } from "./metrics/sqlite-state.js";

export interface HubMetricsOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Channels running in this process (read at each scrape). */
  channels(): Iterable<ChannelId>;
  /** The running knowledge base; its families are left out without one. */
  knowledge?: { metrics(): KnowledgeMetrics };
  /** The SQLite database file, for the state counts (conversations, outbox per channel, timers); without it those families are absent. */
  sqlitePath?: string;
  /**
   * Store-derived figures are refreshed at most this often (default 15 s);
   * scrapes in between are answered from the last refresh, so a scrape storm
   * does not turn into store queries.
   */
  refreshMs?: number;
  /** prom-client's default process and Node.js metrics (CPU, memory, event loop lag, GC, handles); default true. */
  processMetrics?: boolean;
}

export interface HubMetrics {
  /** This hub's own registry (never prom-client's global one, so several hubs can run in one process). */
  registry: Registry;
  contentType: string;
  /** Refreshes the store-derived figures when they are older than `refreshMs`, then renders the exposition text. */
  scrape(): Promise<string>;
}

/**
 * Buckets of the first-response histogram, in seconds: from an AI reply within
 * a second to a human reply the next working day (two days).
 */
export const FIRST_RESPONSE_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14_400, 28_800, 86_400, 172_800];
/** Buckets of action call durations, in seconds (a configured call times out within 30 s at most in practice). */
export const ACTION_CALL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface Snapshot {
  outbox: Record<OutboxStatus, number>;
  state: StateCounts | null;
  log: LogFigures;
}

/**
 * The hub's `/metrics` (Prometheus text format through prom-client).
 * Definitions: docs/analytics.md ("Prometheus"). What each figure costs:
 * - outbox by status: `countOutbox` (the store's status index);
 * - conversations by status and owner, outbox per channel, timers: a few
 *   aggregate queries on SQLite's indexes (absent on another engine);
 * - escalations, containment, action calls: the event log read
 *   incrementally (src/core/analytics/metrics-log.ts), whole history once;
 * - first-response histograms: folded per conversation that sent a reply
 *   since the last refresh;
 * all at most once per `refreshMs`, never a scan of the whole event log per scrape.
 */
export function createHubMetrics(options: HubMetricsOptions): HubMetrics {
  const { store, clock, logger } = options;
  const refreshMs = options.refreshMs ?? 15_000;
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const firstResponse = new Histogram({
    name: "threadline_first_response_seconds",
    help: "First response per conversation: AI (first customer message to first AI reply sent) and human (hand-off to first agent reply sent); replies sent since this process started.",
    labelNames: ["responder", "channel"],
    buckets: FIRST_RESPONSE_BUCKETS,
    registers,
  });
  const actionDuration = new Histogram({
    name: "threadline_action_call_duration_seconds",
    help: "Duration of action calls (action.called events in the whole log).",
    labelNames: ["action"],
    buckets: ACTION_CALL_BUCKETS,
    registers,
  });
  const log = createLogFigureReader({
    store,
    startedAt: clock.now(),
    observers: {
      firstResponse: (responder, channel, seconds) => firstResponse.observe({ responder, channel }, Math.max(0, seconds)),
      actionCall: (action, _outcome, seconds) => actionDuration.observe({ action }, seconds),
    },
  });
  const stateCounts = options.sqlitePath ? sqliteStateCounts(options.sqlitePath) : null;

  const refreshDuration = new Gauge({
    name: "threadline_metrics_refresh_duration_seconds",
    help: "How long the last refresh of the store-derived figures took.",
    registers,
  });
  const refreshFailures = new Counter({
    name: "threadline_metrics_refresh_failures_total",
    help: "Refreshes of the store-derived figures that failed (the previous figures were served).",
    registers,
  });

  let snapshot: Snapshot | null = null;
  let refreshedAt: number | null = null;
  let inFlight: Promise<void> | null = null;

  async function refresh(): Promise<void> {
    const started = performance.now();
    const outbox = {} as Record<OutboxStatus, number>;
    for (const status of OUTBOX_STATUSES) outbox[status] = await store.countOutbox(status);
    let state = snapshot?.state ?? null;
    try {
      if (stateCounts) state = stateCounts(clock.now());
    } catch (err) {
      // The figures from the log and the outbox are still right; the state gauges keep their previous values.
      refreshFailures.inc();
      logger.warn({ err }, "metrics: counting the SQLite store's conversations, outbox and timers failed");
    }
    await log.refresh();
    snapshot = { outbox, state, log: log.figures() };
    refreshDuration.set((performance.now() - started) / 1000);
  }

  async function refreshIfStale(): Promise<void> {
    const now = clock.now().getTime();
    if (refreshedAt !== null && now - refreshedAt < refreshMs) return;
    inFlight ??= refresh()
      .then(
        () => {
          refreshedAt = now;
        },
        (err: unknown) => {
          refreshFailures.inc();
          logger.warn({ err }, "metrics: refreshing the store figures failed; serving the previous ones");
        },
      )
      .finally(() => {
        inFlight = null;
      });
    await inFlight;
  }

  /** A gauge whose samples are read from the last snapshot when scraped; no snapshot or no samples: the family has no samples. */
  const gauge = (name: string, help: string, labelNames: string[], samples: (s: Snapshot) => [Record<string, string>, number][] | null) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const [labels, value] of (snapshot && samples(snapshot)) ?? []) this.set(labels, value);
      },
    });
  /** Totals from the whole event log: they only grow, and are the same after a restart, so they are counters. */
  const logCounter = (name: string, help: string, labelNames: string[], samples: (f: LogFigures) => [Record<string, string>, number][]) =>
    new Counter({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        if (snapshot) for (const [labels, value] of samples(snapshot.log)) this.inc(labels, value);
      },
    });

  gauge("threadline_outbox_entries", "Outbound deliveries not yet done, by status (delivered ones leave the outbox).", ["status"], (s) =>
    OUTBOX_STATUSES.map((status) => [{ status }, s.outbox[status]]),
  );
  gauge(
    "threadline_outbox_channel_entries",
    "Outbound deliveries not yet done, by channel (or bot platform) and status: pending and sending are the backlog, dead ones gave up.",
    ["channel", "status"],
    (s) => s.state?.outbox.map((r) => [{ channel: r.channel, status: r.status }, r.count]) ?? null,
  );
  new Gauge({
    name: "threadline_channel_running",
    help: "Channels running in this process.",
    labelNames: ["channel"],
    registers,
    collect() {
      this.reset();
      for (const channel of options.channels()) this.set({ channel }, 1);
    },
  });
  new Gauge({
    name: "threadline_store_info",
    help: "The store engine in use.",
    labelNames: ["engine"],
    registers,
    collect() {
      this.set({ engine: store.engine }, 1);
    },
  });
  gauge(
    "threadline_conversations",
    "Conversations by status and owner (ai or human).",
    ["status", "owner"],
    (s) => s.state?.conversations.map((r) => [{ status: r.status, owner: r.owner }, r.count]) ?? null,
  );
  gauge(
    "threadline_timers",
    "Durable timers scheduled, by kind (SLA breaches, snooze wake-ups, auto-resolve, digests).",
    ["kind"],
    (s) => s.state?.timers.map((r) => [{ kind: r.kind }, r.scheduled]) ?? null,
  );
  gauge(
    "threadline_timers_due",
    "Timers whose time has come and that no scheduler has fired yet, by kind (more than a few for long: the scheduler is behind or stopped).",
    ["kind"],
    (s) => s.state?.timers.map((r) => [{ kind: r.kind }, r.due]) ?? null,
  );
  logCounter("threadline_conversations_opened_total", "Conversations opened (conversation.opened events).", [], (f) => [[{}, f.conversationsOpened]]);
  logCounter("threadline_conversations_escalated_total", "Conversations escalated at least once (a re-escalation after a hand-back counts once).", [], (f) => [
    [{}, f.conversationsEscalated],
  ]);
  gauge(
    "threadline_ai_containment_ratio",
    "Share of all conversations the AI kept (never escalated); per period: 1 - increase(escalated) / increase(opened).",
    [],
    (s) => (s.log.conversationsOpened === 0 ? null : [[{}, 1 - s.log.conversationsEscalated / s.log.conversationsOpened]]),
  );
  logCounter(
    "threadline_escalations_total",
    "Escalations (conversation.escalated events) by queue and reason: the rule's id, else the AI's reason (no_answer, low_confidence, ...).",
    ["queue", "reason"],
    (f) => [...f.escalations.values()].map((r) => [{ queue: r.queue, reason: r.reason }, r.count]),
  );
  logCounter(
    "threadline_action_calls_total",
    "Action calls (action.called events) by action and outcome (found, not_found, failed).",
    ["action", "outcome"],
    (f) => [...f.actionCalls.values()].map((r) => [{ action: r.action, outcome: r.outcome }, r.count]),
  );
  logCounter("threadline_surveys_sent_total", "Satisfaction surveys sent (survey.sent events).", [], (f) => [[{}, f.surveysSent]]);
  logCounter("threadline_csat_answers_total", "CSAT answers (survey.answered events) by score, 1 to 5.", ["score"], (f) =>
    [...f.csatAnswers.entries()].map(([score, n]) => [{ score }, n]),
  );
  if (options.knowledge) {
    const kb = options.knowledge;
    registerKnowledgeMetrics(registry, () => kb.metrics());
  }

  return {
    registry,
    contentType: registry.contentType,
    async scrape() {
      await refreshIfStale();
      return registry.metrics();
    },
  };
}
