import { z } from "zod";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/** Parses "500ms", "30s", "10m", "2h", "7d", "1w" into milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  return m ? Math.round(Number(m[1]) * UNIT_MS[m[2]!]!) : null;
}

/** A duration written as text in config ("10m") and read as milliseconds. */
export const durationSchema = z
  .string()
  .describe('A duration such as "500ms", "30s", "10m", "2h", "7d" or "1w".')
  .transform((s, ctx) => {
    const v = parseDuration(s);
    if (v === null) {
      ctx.addIssue({ code: "custom", message: `expected a duration like "30s", "10m", "2h" or "7d", got "${s}"` });
      return z.NEVER;
    }
    return v;
  });

const SIZE = /^(\d+)(b|kb|mb)$/i;
/** A byte size written as text ("64kb", "1mb") and read as bytes. */
export const byteSizeSchema = z
  .string()
  .describe('A size such as "64kb" or "1mb".')
  .transform((s, ctx) => {
    const m = SIZE.exec(s.trim());
    if (!m) {
      ctx.addIssue({ code: "custom", message: `expected a size like "64kb" or "1mb", got "${s}"` });
      return z.NEVER;
    }
    return Number(m[1]) * ({ b: 1, kb: 1024, mb: 1024 * 1024 }[m[2]!.toLowerCase()] ?? 1);
  });
