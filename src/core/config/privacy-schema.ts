import { z } from "zod";
import { parseDuration } from "./duration.js";

const YEAR_MS = 365 * 86_400_000;

/**
 * A retention period: any config duration ("180d", "26w") or years ("2y" =
 * 730 days; a year is 365 days here, leap days are not counted).
 */
export const retentionDurationSchema = z
  .string()
  .describe('A period such as "90d", "26w" or "2y" (a year is 365 days).')
  .transform((s, ctx) => {
    const years = /^(\d+(?:\.\d+)?)y$/.exec(s.trim());
    const v = years ? Math.round(Number(years[1]) * YEAR_MS) : parseDuration(s);
    if (v === null || v <= 0) {
      ctx.addIssue({ code: "custom", message: `expected a period like "180d", "26w" or "2y", got "${s}"` });
      return z.NEVER;
    }
    return v;
  });

/** `privacy:` — data protection (docs/privacy.md). */
export const privacySchema = z
  .strictObject({
    retention: z
      .strictObject({
        messages: retentionDurationSchema
          .optional()
          .describe(
            'Message texts (and their attachments) older than this are replaced by "[erased]", with the personal data of the conversation\'s events from that time. Unset: kept forever.',
          ),
        attachments: retentionDurationSchema
          .optional()
          .describe(
            "Attachment metadata older than this is erased and the files the hub stores for it (e-mail originals) are deleted; texts stay. Unset: kept forever.",
          ),
        resolved_conversations: retentionDurationSchema
          .optional()
          .describe(
            "A conversation resolved or closed for longer than this is redacted as a whole: every message, its collected fields, addresses and handoff card, its events' personal data. Unset: kept forever.",
          ),
      })
      .prefault({})
      .describe("How long personal data is kept; enforced once a day by the scheduler (event `privacy.retention_run`)."),
  })
  .prefault({});
