import { z } from "zod";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Day = (typeof DAYS)[number];
const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
// Opening/closing arithmetic lives in core/calendar/business-time.ts (one implementation, DST-exact).

const rangeSchema = z.string().regex(RANGE, 'expected a time range like "09:00-17:30"').describe('Opening range "HH:MM-HH:MM" in the configured time zone.');

export const businessHoursSchema = z
  .strictObject({
    timezone: z
      .string()
      .default("UTC")
      .describe("IANA time zone the hours are written in, e.g. Europe/Berlin.")
      .refine((tz) => isValidTimeZone(tz), { message: "unknown IANA time zone" }),
    weekly: z
      .strictObject(Object.fromEntries(DAYS.map((d) => [d, z.array(rangeSchema).default([])])) as Record<Day, z.ZodDefault<z.ZodArray<typeof rangeSchema>>>)
      .describe("Opening ranges per weekday, several allowed (split shifts, lunch breaks); a day left out is closed."),
    holidays: z
      .array(z.string().regex(/^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$/, "expected a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD"))
      .default([])
      .describe("Local dates (YYYY-MM-DD) or date ranges (YYYY-MM-DD..YYYY-MM-DD, both included) on which the business is closed all day."),
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

/** "Mon 08:00" in the business's time zone, for customer-facing texts. */
export function formatLocalTime(hours: BusinessHours, at: Date, locale = "en"): string {
  return new Intl.DateTimeFormat(locale, { timeZone: hours.timezone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}
