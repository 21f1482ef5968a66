export const SNOOZE_CHOICES = [
  { value: "1h", label: "1 hour" },
  { value: "4h", label: "4 hours" },
  { value: "tomorrow", label: "Tomorrow 9:00" },
  { value: "next_week", label: "Next Monday 9:00" },
] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number]["value"];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * When a snooze choice ends. "tomorrow" and "next week" mean 09:00 in the
 * acting agent's own time zone (Slack's `tz_offset` from users.info; UTC when
 * unknown), because that is what the agent sees when picking it.
 */
export function snoozeUntil(choice: string, now: Date, tzOffsetSeconds = 0): Date | null {
  if (choice === "1h") return new Date(now.getTime() + HOUR);
  if (choice === "4h") return new Date(now.getTime() + 4 * HOUR);
  if (choice !== "tomorrow" && choice !== "next_week") return null;
  const offsetMs = tzOffsetSeconds * 1000;
  const local = new Date(now.getTime() + offsetMs);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let days = 1;
  if (choice === "next_week") {
    const dow = local.getUTCDay(); // 0 Sunday … 6 Saturday
    days = (8 - dow) % 7 || 7; // the coming Monday, never today
  }
  return new Date(midnight + days * DAY + 9 * HOUR - offsetMs);
}
