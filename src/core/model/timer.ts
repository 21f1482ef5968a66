/**
 * A durable timer: time is data. Snooze wake-ups, SLA warnings and breaches,
 * auto-resolve after silence live in the store, not only in `setTimeout`, so
 * a restart fires what fell due while the hub was down, once, and several hub
 * processes on one store never fire the same timer at the same time.
 *
 * `key` names what the timer is about ("snooze:cv_…"): scheduling the same key
 * again replaces its due time and data (a new snooze replaces the old one).
 * A claim leases the timer with a fresh `token`; only the holder of that token
 * can complete it, so a timer rescheduled while it was firing is kept.
 */
export interface Timer {
  id: string;
  key: string;
  /** Which handler fires it ("snooze_wake", "sla_first_response", …). */
  kind: string;
  conversationId: string | null;
  dueAt: Date;
  data: Record<string, unknown>;
  /** Claims so far: a timer whose handler keeps failing is given up after a bounded number. */
  attempts: number;
  /** Set while claimed: the claim's token and until when it holds. */
  token: string | null;
  leaseUntil: Date | null;
  /** When it was (last) scheduled: a handler compares what happened since (e.g. "did the customer write?"). */
  createdAt: Date;
}

/** What a caller schedules; the store assigns id, attempts and lease. */
export type NewTimer = Pick<Timer, "key" | "kind" | "conversationId" | "dueAt" | "data" | "createdAt">;
