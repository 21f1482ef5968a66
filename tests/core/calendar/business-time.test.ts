import { describe, expect, it } from "vitest";
import { addBusinessTime, businessTimeBetween, isOpen, nextOpening } from "../../../src/core/calendar/business-time.js";
import { businessHoursSchema } from "../../../src/core/config/business-hours.js";

const HOUR = 3_600_000;
const berlin = businessHoursSchema.parse({
  timezone: "Europe/Berlin",
  weekly: {
    mon: ["08:00-12:00", "13:00-17:00"],
    tue: ["08:00-12:00", "13:00-17:00"],
    wed: ["08:00-12:00", "13:00-17:00"],
    thu: ["08:00-12:00", "13:00-17:00"],
    fri: ["08:00-12:00", "13:00-17:00"],
    sun: ["01:00-05:00"],
  },
  holidays: ["2026-12-25", "2026-12-28..2026-12-31"],
});
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("business time", () => {
  it("counts split shifts: the lunch break is not business time", () => {
    // Wed 2026-11-25 11:30 Berlin (UTC+1) + 1 h → 30 min before lunch, 30 min after: 13:30.
    expect(iso(addBusinessTime(berlin, new Date("2026-11-25T10:30:00Z"), HOUR))).toBe("2026-11-25T12:30:00.000Z");
    expect(isOpen(berlin, new Date("2026-11-25T11:30:00Z"))).toBe(false); // 12:30 local, lunch
    expect(businessTimeBetween(berlin, new Date("2026-11-25T10:00:00Z"), new Date("2026-11-25T13:00:00Z"))).toBe(2 * HOUR);
  });

  it("an escalation at 23:00 is due an hour after the next opening, not at midnight", () => {
    expect(iso(addBusinessTime(berlin, new Date("2026-11-24T22:00:00Z"), HOUR))).toBe("2026-11-25T08:00:00.000Z"); // Wed 09:00 local
    expect(iso(nextOpening(berlin, new Date("2026-11-24T22:00:00Z")))).toBe("2026-11-25T07:00:00.000Z");
  });

  it("skips holidays and holiday ranges, and weekends", () => {
    // Thu 2026-12-24 16:30 local + 1 h: 30 min on the 24th; 25th holiday; Sat closed; Sun 27th opens 01:00 → 01:30.
    expect(iso(addBusinessTime(berlin, new Date("2026-12-24T15:30:00Z"), HOUR))).toBe("2026-12-27T00:30:00.000Z");
    // Sun 27th 05:00 local closes; Mon 28th–Thu 31st is a holiday range; Fri 2027-01-01 opens 08:00.
    expect(iso(nextOpening(berlin, new Date("2026-12-27T04:00:00Z")))).toBe("2027-01-01T07:00:00.000Z");
    expect(isOpen(berlin, new Date("2026-12-30T10:00:00Z"))).toBe(false);
  });

  it("is exact across DST: the Sunday 01:00-05:00 range is 3 h on spring-forward day and 5 h on fall-back day", () => {
    expect(businessTimeBetween(berlin, new Date("2026-03-29T00:00:00Z"), new Date("2026-03-30T00:00:00Z"))).toBe(3 * HOUR);
    expect(businessTimeBetween(berlin, new Date("2026-10-24T12:00:00Z"), new Date("2026-10-26T00:00:00Z"))).toBe(5 * HOUR); // 01:00 CEST = 23:00Z the day before
    // Opening after the change uses the new offset: Mon 2026-03-30 08:00 CEST = 06:00Z.
    expect(iso(nextOpening(berlin, new Date("2026-03-29T12:00:00Z")))).toBe("2026-03-30T06:00:00.000Z");
  });

  it("returns null when the calendar never opens", () => {
    const never = businessHoursSchema.parse({ timezone: "UTC", weekly: {} });
    expect(addBusinessTime(never, new Date("2026-01-01T00:00:00Z"), HOUR)).toBeNull();
    expect(nextOpening(never, new Date("2026-01-01T00:00:00Z"))).toBeNull();
  });

  it("rejects malformed holiday ranges in config", () => {
    expect(businessHoursSchema.safeParse({ timezone: "UTC", weekly: {}, holidays: ["2026-12-28..31"] }).success).toBe(false);
  });
});
