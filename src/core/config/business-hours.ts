import { z } from "zod";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Day = (typeof DAYS)[number];
const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

const rangeSchema = z.string().regex(RANGE, 'expected a time range like "09:00-17:30"').describe('Opening range "HH:MM-HH:MM" in the configured time zone.');

export const businessHoursSchema = z
  .strictObject({
    timezone: z.string().default("UTC").describe("IANA time zone the hours are written in, e.g. Europe/Berlin.")
      .refine((tz) => isValidTimeZone(tz), { message: "unknown IANA time zone" }),
    weekly: z.strictObject(Object.fromEntries(DAYS.map((d) => [d, z.array(rangeSchema).default([])])) as Record<Day, z.ZodDefault<z.ZodArray<typeof rangeSchema>>>)
      .describe("Opening ranges per weekday; a day left out is closed."),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD")).default([])
      .describe("Dates (YYYY-MM-DD, local) on which the business is closed all day."),
  })
  .describe("When humans are at work. Outside these hours the hub sends the after-hours message.");

export type BusinessHours = z.output<typeof businessHoursSchema>;

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Local weekday, date and minute-of-day of an instant in a time zone. */
function localParts(at: Date, timeZone: string): { day: Day; date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = get("weekday").toLowerCase().slice(0, 3) as Day;
  return { day, date: `${get("year")}-${get("month")}-${get("day")}`, minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

/** True when `at` falls inside an opening range (ranges are half-open: 09:00-17:00 includes 09:00, excludes 17:00). */
export function isOpen(hours: BusinessHours, at: Date): boolean {
  const { day, date, minutes } = localParts(at, hours.timezone);
  if (hours.holidays.includes(date)) return false;
  return (hours.weekly[day] ?? []).some((range) => {
    const m = RANGE.exec(range)!;
    const start = Number(m[1]) * 60 + Number(m[2]);
    const end = Number(m[3]) * 60 + Number(m[4]);
    return minutes >= start && minutes < end;
  });
}

/**
 * The next instant (to the minute) at which the business is open, searching
 * up to 14 days ahead; `at` itself when already open; null when never open
 * in that span (e.g. no weekly hours at all).
 */
export function nextOpening(hours: BusinessHours, at: Date): Date | null {
  if (isOpen(hours, at)) return at;
  const step = 15 * 60_000;
  const start = Math.floor(at.getTime() / 60_000) * 60_000;
  for (let t = start + step; t <= start + 14 * 86_400_000; t += step) {
    if (!isOpen(hours, new Date(t))) continue;
    let first = t;
    while (first - 60_000 > at.getTime() && isOpen(hours, new Date(first - 60_000))) first -= 60_000;
    return new Date(first);
  }
  return null;
}

/** "Mon 08:00" in the business's time zone, for customer-facing texts. */
export function formatLocalTime(hours: BusinessHours, at: Date, locale = "en"): string {
  return new Intl.DateTimeFormat(locale, { timeZone: hours.timezone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}
