import { DateTime } from "luxon";
import { nextOpening } from "../calendar/business-time.js";
import type { Clock } from "../clock.js";
import type { BusinessHours } from "../config/business-hours.js";
import { makeEvent, type DomainEvent, type NewTimer } from "../model/index.js";
import type { TimerHandler } from "./scheduler.js";

export const KB_DIGEST = "kb_expiry_digest";
export const KB_DIGEST_KEY = "kb:expiry_digest";

export interface KbDigestDeps {
  clock: Clock;
  /** The digest text, or null when nothing is expiring or due for review. */
  digest(): string | null;
  /** Posts it where the team reads alerts (the escalation fallback target). Returns false when no target can take it. */
  post(text: string): Promise<boolean>;
  /**
   * Schedules the next run with this run's events. Same key: the new timer
   * replaces this firing's claim, so events returned from the handler would
   * never be written; they go with the schedule, in the same store step.
   */
  schedule(timer: Omit<NewTimer, "createdAt">, events: DomainEvent[]): Promise<void>;
  businessHours?: BusinessHours | undefined;
  /** Local time of day the digest goes out ("09:00"), in the business's time zone. */
  at: string;
}

/**
 * When the next digest is due: the next `at` local time after `from`, moved to
 * the next opening when the business is closed then (nothing business-hour
 * based fires at night, on weekends or on holidays).
 */
export function nextDigestAt(from: Date, at: string, hours?: BusinessHours): Date {
  const zone = hours?.timezone ?? "UTC";
  const [h, m] = at.split(":").map(Number) as [number, number];
  let day = DateTime.fromJSDate(from, { zone }).set({ hour: h, minute: m, second: 0, millisecond: 0 });
  if (day.toMillis() < from.getTime()) day = day.plus({ days: 1 });
  const candidate = day.toJSDate();
  return hours ? (nextOpening(hours, candidate) ?? candidate) : candidate;
}

/**
 * The digest after one due at `dueAt` and sent at `now`: from the day after its due day (a digest moved
 * to an opening, Mon 08:00, is not followed by that day's 09:00), but never one already past (a hub that
 * was down for days sends one digest, not one per missed day).
 */
function followingDigest(dueAt: Date, now: Date, deps: Pick<KbDigestDeps, "at" | "businessHours">): Date {
  const zone = deps.businessHours?.timezone ?? "UTC";
  const dayAfter = (d: Date) => DateTime.fromJSDate(d, { zone }).plus({ days: 1 }).startOf("day").toJSDate();
  const today = DateTime.fromJSDate(now, { zone }).startOf("day").toJSDate();
  const next = nextDigestAt(new Date(Math.max(dayAfter(dueAt).getTime(), today.getTime())), deps.at, deps.businessHours);
  return next.getTime() > now.getTime() ? next : nextDigestAt(dayAfter(now), deps.at, deps.businessHours);
}

/** The daily knowledge-base expiry digest docs/knowledge-base.md promises: posted when there is something to say, then rescheduled. */
export function kbDigestHandler(deps: KbDigestDeps): TimerHandler {
  return async (timer): Promise<DomainEvent[]> => {
    const now = deps.clock.now();
    const text = deps.digest();
    const posted = text ? await deps.post(text) : false;
    const events = text ? [makeEvent("kb.digest", "system", now, { conversationId: null, contactId: null }, { posted })] : [];
    await deps.schedule({ key: KB_DIGEST_KEY, kind: KB_DIGEST, conversationId: null, dueAt: followingDigest(timer.dueAt, now, deps), data: {} }, events);
    return [];
  };
}
