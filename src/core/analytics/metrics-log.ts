import { LRUCache } from "lru-cache";
import type { DomainEvent } from "../model/index.js";
import type { Store } from "../store/port.js";
import { foldOutcome } from "./outcome.js";

/**
 * Figures for `/metrics` derived from the event log, read incrementally: each
 * refresh reads only the events written since the previous one (the store's
 * `(type, at)` index), never the whole log. Definitions match the report
 * (docs/analytics.md); first responses are folded by `foldOutcome` itself.
 *
 * Two kinds, on purpose:
 * - **Totals from the whole log** (escalations by queue and reason,
 *   conversations opened and escalated, action calls and their durations):
 *   the first refresh reads every event of those few types once, later ones
 *   only the new ones. A restart recomputes the same numbers and every hub
 *   process sharing a store reports the same values, so they never go
 *   backwards and are right after a restart.
 * - **First-response times** (histograms): observed for first replies sent
 *   since this reader started. Backfilling them would fold every
 *   conversation's log (one query per conversation) at start-up, which does
 *   not stay cheap at a million messages; a restart starts them at zero,
 *   which Prometheus' `rate()`/`increase()` treat as a counter reset.
 */
export interface LogFigures {
  /** `conversation.opened` events in the whole log. */
  conversationsOpened: number;
  /** Conversations with at least one `conversation.escalated` event. */
  conversationsEscalated: number;
  /** `conversation.escalated` events by queue and reason (the rule's id, else the AI's reason; as in the report). */
  escalations: ReadonlyMap<string, { queue: string; reason: string; count: number }>;
  /** `action.called` events by action and outcome (`found`, `not_found`, `failed`). */
  actionCalls: ReadonlyMap<string, { action: string; outcome: string; count: number }>;
  /** `survey.sent` events (CSAT surveys sent). */
  surveysSent: number;
  /** `survey.answered` CSAT answers by score ("1" … "5"). */
  csatAnswers: ReadonlyMap<string, number>;
}

/** Observations the reader hands to whoever keeps the histograms (src/app/metrics.ts). */
export interface LogObservers {
  /** Seconds from the first customer message to the first AI reply sent, or from the hand-off to the first agent reply sent. */
  firstResponse(responder: "ai" | "human", channel: string, seconds: number): void;
  /** One action call's duration (`action.called` data `ms`), from the whole log. */
  actionCall(action: string, outcome: string, seconds: number): void;
}

export interface LogFigureReader {
  /** Reads the events written since the last call and updates the figures; the first call reads the totals' whole history. */
  refresh(): Promise<void>;
  figures(): LogFigures;
}

const TOTAL_TYPES = ["conversation.opened", "conversation.escalated", "action.called", "survey.sent", "survey.answered"] as const;
/**
 * Events per read. The store orders a page by log position while its index is
 * by (type, time), so each page costs the rest of the range it starts in:
 * large pages keep the first refresh (the totals' whole history) near linear.
 */
const PAGE = 50_000;
/**
 * Events are stamped before their write commits, so one can appear in the log
 * after a later-stamped one (another process, a lock wait up to the busy
 * timeout). Each refresh re-reads this much before its cursor and skips ids
 * already counted.
 */
const LOOKBACK_MS = 60_000;

const label = (v: unknown, none: string): string => (typeof v === "string" && v !== "" ? v : none);

/**
 * Reads events of `types` in log order from a cursor, each once. `from`:
 * events stamped before it are skipped (null: from the beginning of the log).
 */
export function createEventTail(store: Store, types: readonly string[], from: Date | null, pageSize = PAGE) {
  let cursor: number | null = from ? from.getTime() : null;
  // Ids read at or after the cursor's look-back window (older ones cannot be returned again), so memory stays bounded.
  const seen = new Map<string, number>();
  const prune = (before: number) => {
    for (const [id, at] of seen) if (at < before) seen.delete(id);
  };
  return {
    async read(handle: (e: DomainEvent) => void): Promise<void> {
      let since = cursor === null ? undefined : new Date(cursor - LOOKBACK_MS);
      let maxAt = cursor ?? Number.NEGATIVE_INFINITY;
      let limit = pageSize;
      for (;;) {
        const page = await store.listEvents({ types, ...(since ? { since } : {}), limit });
        let added = 0;
        for (const e of page) {
          const at = e.at.getTime();
          if (at > maxAt) maxAt = at;
          if (seen.has(e.id)) continue;
          seen.set(e.id, at);
          added++;
          if (from && at < from.getTime()) continue;
          handle(e);
        }
        if (page.length < limit) break;
        // A full page: the next one starts at its last timestamp (ids of that millisecond already read are skipped).
        const next = page.at(-1)!.at;
        if (added === 0 && since && next.getTime() <= since.getTime()) {
          limit *= 2; // a whole page of events already read that cannot advance the start: read further at once
          continue;
        }
        limit = pageSize;
        since = next;
        prune(since.getTime() - LOOKBACK_MS);
      }
      if (Number.isFinite(maxAt)) cursor = maxAt;
      if (cursor !== null) prune(cursor - LOOKBACK_MS);
    },
  };
}

export function createLogFigureReader(options: { store: Store; observers: LogObservers; startedAt: Date }): LogFigureReader {
  const { store, observers } = options;
  const totals = createEventTail(store, TOTAL_TYPES, null);
  const sent = createEventTail(store, ["message.sent"], options.startedAt);
  const escalations = new Map<string, { queue: string; reason: string; count: number }>();
  const actionCalls = new Map<string, { action: string; outcome: string; count: number }>();
  let conversationsOpened = 0;
  let conversationsEscalated = 0;
  let surveysSent = 0;
  const csatAnswers = new Map<string, number>();
  // Conversations whose first AI / first human reply was observed (bounded; see `sentAt` below for what keeps it exact).
  const observedAi = new LRUCache<string, true>({ max: 100_000 });
  const observedHuman = new LRUCache<string, true>({ max: 100_000 });

  async function readTotals(): Promise<void> {
    const escalated: DomainEvent[] = [];
    await totals.read((e) => {
      if (e.type === "conversation.opened") conversationsOpened++;
      else if (e.type === "survey.sent") surveysSent++;
      else if (e.type === "survey.answered") {
        if (e.data.kind === "csat" && typeof e.data.score === "number") csatAnswers.set(String(e.data.score), (csatAnswers.get(String(e.data.score)) ?? 0) + 1);
      } else if (e.type === "conversation.escalated") {
        const queue = label(e.data.queue, "(none)");
        const reason = label(e.data.rule, label(e.data.reason, "unknown"));
        const key = `${queue}\u0000${reason}`;
        const row = escalations.get(key) ?? { queue, reason, count: 0 };
        row.count++;
        escalations.set(key, row);
        if (e.conversationId) escalated.push(e);
      } else if (e.type === "action.called") {
        const action = label(e.data.action, "(unknown)");
        const outcome = label(e.data.outcome, "unknown");
        const key = `${action}\u0000${outcome}`;
        const row = actionCalls.get(key) ?? { action, outcome, count: 0 };
        row.count++;
        actionCalls.set(key, row);
        if (typeof e.data.ms === "number" && e.data.ms >= 0) observers.actionCall(action, outcome, e.data.ms / 1000);
      }
    });
    // A conversation escalated again after a hand-back counts once: only its first escalation (one indexed lookup).
    for (const e of escalated) {
      const [first] = await store.listEvents({ conversationId: e.conversationId!, type: "conversation.escalated", limit: 1 });
      if (first?.id === e.id) conversationsEscalated++;
    }
  }

  async function readFirstResponses(): Promise<void> {
    // The send times seen in this refresh, per conversation: a first reply is observed in the refresh that reads its `message.sent`.
    const sentAt = new Map<string, Set<number>>();
    await sent.read((e) => {
      if (!e.conversationId) return;
      const times = sentAt.get(e.conversationId) ?? new Set<number>();
      times.add(e.at.getTime());
      sentAt.set(e.conversationId, times);
    });
    for (const [conversationId, times] of sentAt) {
      if (observedAi.has(conversationId) && observedHuman.has(conversationId)) continue;
      const outcome = foldOutcome(await store.listEvents({ conversationId }));
      if (!outcome) continue;
      const channel = outcome.channel ?? "(none)";
      if (outcome.firstAiReplyAt && outcome.firstCustomerMessageAt && times.has(outcome.firstAiReplyAt.getTime()) && !observedAi.has(conversationId)) {
        observedAi.set(conversationId, true);
        observers.firstResponse("ai", channel, (outcome.firstAiReplyAt.getTime() - outcome.firstCustomerMessageAt.getTime()) / 1000);
      }
      if (outcome.firstHumanReplyAt && outcome.escalatedAt && times.has(outcome.firstHumanReplyAt.getTime()) && !observedHuman.has(conversationId)) {
        observedHuman.set(conversationId, true);
        observers.firstResponse("human", channel, (outcome.firstHumanReplyAt.getTime() - outcome.escalatedAt.getTime()) / 1000);
      }
    }
  }

  return {
    async refresh() {
      await readTotals();
      await readFirstResponses();
    },
    figures: () => ({ conversationsOpened, conversationsEscalated, escalations, actionCalls, surveysSent, csatAnswers }),
  };
}
