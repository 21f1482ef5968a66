import type { Logger } from "../logger.js";

/** Default aggregation window for refused-request log lines. */
export const REFUSAL_LOG_WINDOW_MS = 60_000;

export interface RefusalLogOptions {
  logger: Logger;
  now: () => number;
  windowMs?: number;
}

/**
 * Throttled, aggregated logging of refused requests (rate limits, bad
 * signatures): a flood must not turn into a flood of log lines. Per kind, the
 * first refusal of a window is logged at once; the rest are counted and
 * summarised (count and number of distinct sources) by the first refusal
 * after the window ends. Sources (IPs, visitor ids) are only counted, never
 * logged: they are personal data and attacker-chosen.
 */
export interface RefusalLog {
  note(kind: string, source: string): void;
}

interface Window {
  start: number;
  suppressed: number;
  sources: Set<string>;
}

/** Distinct sources remembered per window; beyond it the count says "at least". */
const MAX_SOURCES = 10_000;

export function createRefusalLog(options: RefusalLogOptions): RefusalLog {
  const windowMs = options.windowMs ?? REFUSAL_LOG_WINDOW_MS;
  const windows = new Map<string, Window>();
  return {
    note(kind, source) {
      const now = options.now();
      const current = windows.get(kind);
      if (current && now - current.start < windowMs) {
        current.suppressed++;
        if (current.sources.size < MAX_SOURCES) current.sources.add(source);
        return;
      }
      if (current && current.suppressed > 0) {
        options.logger.warn({ kind, refused: current.suppressed, sources: current.sources.size, windowMs }, "refused requests (aggregated)");
      }
      windows.set(kind, { start: now, suppressed: 0, sources: new Set() });
      options.logger.warn({ kind }, "request refused; further refusals of this kind are summarised");
    },
  };
}
