/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random,
 * so retries from many failed sends spread out instead of arriving together.
 * `attempt` counts from 1 (the attempt that just failed).
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
