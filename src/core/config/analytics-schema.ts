import { z } from "zod";
import { durationSchema } from "./duration.js";

/** `analytics:`: how outcome figures are counted (docs/analytics.md). */
export const analyticsSchema = z
  .strictObject({
    recontact_window: durationSchema
      .prefault("7d")
      .describe(
        "A conversation is a re-contact when the same contact had a conversation about the same intent (on any channel) that ended at most this long before it opened.",
      ),
  })
  .describe("Outcome analytics: `threadline report` and `threadline export conversations` (docs/analytics.md).");

export type AnalyticsSettings = z.output<typeof analyticsSchema>;
