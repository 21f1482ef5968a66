/**
 * Snooze choices offered by `/snooze` and the card's snooze menu. Durations
 * are relative to now (the bot knows no agent time zone): "tomorrow" is
 * 24 hours, "next week" 7 days. The conversation wakes earlier when the
 * customer writes (core continuity rule).
 */
export const SNOOZE_CHOICES = [
  { value: "1h", label: "1 hour", ms: 60 * 60 * 1000 },
  { value: "4h", label: "4 hours", ms: 4 * 60 * 60 * 1000 },
  { value: "tomorrow", label: "Tomorrow (24 h)", ms: 24 * 60 * 60 * 1000 },
  { value: "next-week", label: "Next week (7 days)", ms: 7 * 24 * 60 * 60 * 1000 },
] as const;

/** The wake-up time for a choice, or null for an unknown value. */
export function snoozeUntil(value: string, now: Date): Date | null {
  const c = SNOOZE_CHOICES.find((s) => s.value === value);
  return c ? new Date(now.getTime() + c.ms) : null;
}
