import { DateTime } from "luxon";
import type { Clock } from "../clock.js";
import { makeEvent, type DomainEvent, type NewTimer } from "../model/index.js";
import { runRetentionSlice, zeroRetentionCounts, type RetentionCounts, type RetentionDeps } from "../privacy/retention.js";
import type { TimerHandler } from "./scheduler.js";

export const RETENTION = "privacy_retention";
export const RETENTION_KEY = "privacy:retention";
/** Type of the event each completed run writes (counts only). */
export const RETENTION_RUN_EVENT = "privacy.retention_run";

export interface RetentionTimerDeps extends RetentionDeps {
  clock: Clock;
  /** Schedules the continuation or the next day's run (same key), writing `events` in the same store step. */
  schedule(timer: Omit<NewTimer, "createdAt">, events?: DomainEvent[]): Promise<void>;
  /** Local time of day the run starts ("03:00"), in `timezone` (default UTC). */
  at: string;
  timezone?: string | undefined;
  /** Conversations walked per firing before the run continues in a fresh firing (default 2,000). */
  sliceConversations?: number;
}

/** The next `at` local time strictly after `from`. */
export function nextRetentionAt(from: Date, at: string, timezone = "UTC"): Date {
  const [h, m] = at.split(":").map(Number) as [number, number];
  let day = DateTime.fromJSDate(from, { zone: timezone }).set({ hour: h, minute: m, second: 0, millisecond: 0 });
  if (day.toMillis() <= from.getTime()) day = day.plus({ days: 1 });
  return day.toJSDate();
}

/**
 * The daily retention run (`privacy.retention`). A firing redacts one slice
 * (`sliceConversations` conversations walked) and, when more remain,
 * schedules the continuation at once with the cursor and the counts so far
 * in the timer's data: no firing outlives its lease, and a crash resumes at
 * the last slice (redaction is idempotent). When the walk is done it writes
 * one `privacy.retention_run` event with the run's counts and schedules the
 * next day's run.
 */
export function retentionHandler(deps: RetentionTimerDeps): TimerHandler {
  return async (timer): Promise<DomainEvent[]> => {
    const now = deps.clock.now();
    const after = typeof timer.data.after === "string" ? timer.data.after : null;
    const sofar = { ...zeroRetentionCounts(), ...(timer.data.counts as Partial<RetentionCounts> | undefined) };
    const startedAt = typeof timer.data.startedAt === "string" ? timer.data.startedAt : now.toISOString();
    const slice = await runRetentionSlice(deps, { after, maxConversations: deps.sliceConversations ?? 2_000 });
    const counts = Object.fromEntries(Object.entries(sofar).map(([k, v]) => [k, v + slice.counts[k as keyof RetentionCounts]])) as unknown as RetentionCounts;
    if (slice.next !== null) {
      await deps.schedule({ key: RETENTION_KEY, kind: RETENTION, conversationId: null, dueAt: now, data: { after: slice.next, counts, startedAt } });
      return [];
    }
    // Written with the rescheduling, not returned: the same key ends this firing's claim, so completion would not write them.
    const run = makeEvent(
      RETENTION_RUN_EVENT,
      "system",
      now,
      {},
      {
        counts,
        startedAt,
        retention: {
          messages: deps.policy.messages ?? null,
          attachments: deps.policy.attachments ?? null,
          resolved_conversations: deps.policy.resolved_conversations ?? null,
        },
      },
    );
    await deps.schedule({ key: RETENTION_KEY, kind: RETENTION, conversationId: null, dueAt: nextRetentionAt(now, deps.at, deps.timezone), data: {} }, [run]);
    return [];
  };
}
