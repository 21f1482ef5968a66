/**
 * Business-time arithmetic over a calendar (time zone, several opening ranges
 * per weekday, holidays and holiday ranges), so SLA due times, promises to the
 * customer and "are we open" all count the same hours.
 *
 * Local times are turned into instants by Luxon in the calendar's IANA zone,
 * so DST changes are right: on the spring-forward day a 02:00-04:00 range is
 * one hour long, on the fall-back day three. Ranges are half-open
 * (09:00-17:00 includes 09:00, excludes 17:00); "24:00" ends at midnight.
 *
 * Invariants: results are exact to the millisecond (no stepping); searches
 * look at most {@link HORIZON_DAYS} days ahead and return null when the
 * calendar is never open in that span (e.g. no weekly hours at all).
 */
import { DateTime } from "luxon";
import type { BusinessHours } from "../config/business-hours.js";

/** How far ahead searches look: a year covers any holiday season. */
export const HORIZON_DAYS = 366;

const WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

export interface Interval {
  start: number;
  end: number;
}

/** True when the local date (YYYY-MM-DD) is a holiday: a listed date or inside a listed "from..to" range. */
export function isHoliday(hours: Pick<BusinessHours, "holidays">, localDate: string): boolean {
  return hours.holidays.some((h) => {
    const [from, to] = h.split("..");
    return to === undefined ? from === localDate : from! <= localDate && localDate <= to;
  });
}

/** Opening intervals (UTC ms) of one local calendar day. */
function intervalsOfDay(hours: BusinessHours, day: DateTime): Interval[] {
  const date = day.toISODate()!;
  if (isHoliday(hours, date)) return [];
  const ranges = hours.weekly[WEEKDAY_KEYS[day.weekday - 1]!] ?? [];
  const out: Interval[] = [];
  for (const range of ranges) {
    const m = RANGE.exec(range);
    if (!m) continue;
    const at = (h: number, min: number) => (h === 24 ? day.plus({ days: 1 }).startOf("day") : day.set({ hour: h, minute: min, second: 0, millisecond: 0 }));
    const start = at(Number(m[1]), Number(m[2])).toMillis();
    const end = at(Number(m[3]), Number(m[4])).toMillis();
    if (end > start) out.push({ start, end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Opening intervals overlapping [from, from + HORIZON_DAYS), clipped to start at `from`, in order. */
export function* openIntervals(hours: BusinessHours, from: Date): Generator<Interval> {
  const t0 = from.getTime();
  let day = DateTime.fromMillis(t0, { zone: hours.timezone }).startOf("day").minus({ days: 1 }); // a range may run past midnight's DST edge
  for (let i = 0; i <= HORIZON_DAYS + 1; i++, day = day.plus({ days: 1 })) {
    for (const iv of intervalsOfDay(hours, day)) {
      if (iv.end <= t0) continue;
      yield { start: Math.max(iv.start, t0), end: iv.end };
    }
  }
}

/** True when `at` is inside an opening range. */
export function isOpen(hours: BusinessHours, at: Date): boolean {
  const first = openIntervals(hours, at).next();
  return !first.done && first.value.start <= at.getTime();
}

/** The next instant the business is open (`at` itself when open), or null. */
export function nextOpening(hours: BusinessHours, at: Date): Date | null {
  const first = openIntervals(hours, at).next();
  return first.done ? null : new Date(first.value.start);
}

/**
 * The instant at which `durationMs` of business time has passed since `from`
 * (an SLA's due time): "1 hour" asked at 19:30 with hours until 20:00 is due
 * at 08:30 the next open day. Null when the calendar never opens.
 */
export function addBusinessTime(hours: BusinessHours, from: Date, durationMs: number): Date | null {
  let left = Math.max(0, durationMs);
  for (const iv of openIntervals(hours, from)) {
    const length = iv.end - iv.start;
    if (left <= length) return new Date(iv.start + left);
    left -= length;
  }
  return null;
}

/** Business time (ms) between two instants: what an SLA clock has counted from `from` to `to`. */
export function businessTimeBetween(hours: BusinessHours, from: Date, to: Date): number {
  let total = 0;
  const end = to.getTime();
  for (const iv of openIntervals(hours, from)) {
    if (iv.start >= end) break;
    total += Math.min(iv.end, end) - iv.start;
  }
  return total;
}
