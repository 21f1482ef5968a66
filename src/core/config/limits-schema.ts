import { z } from "zod";
import { durationSchema } from "./duration.js";

/** `limits:` — abuse limits of the whole hub (the web chat's per-IP limits are under channels.web.limits). */
export const limitsSchema = z
  .strictObject({
    per_contact: z
      .strictObject({
        enabled: z.boolean().default(true).describe("false: every message of every contact is decided, however fast they come."),
        max: z
          .number()
          .int()
          .min(1)
          .default(20)
          .describe(
            "Messages one contact may send per window (all channels together) before the AI pauses for them: further messages are stored and shown to agents, but not answered automatically until the window ends.",
          ),
        window: durationSchema.prefault("1m").describe("The window (fixed windows; counted per hub process)."),
        notice: z
          .record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "expected a locale such as en or pt-BR"), z.string().min(1))
          .optional()
          .describe("The one notice per flood, per locale, replacing the built-in English, German, French and Spanish texts."),
      })
      .prefault({})
      .describe("Flood control per contact: one customer sending very fast never slows the AI's answers to everyone else."),
  })
  .prefault({})
  .describe("Abuse limits of the hub (docs/delivery.md).");

export type LimitsConfig = z.output<typeof limitsSchema>;
