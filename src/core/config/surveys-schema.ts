import { z } from "zod";
import { durationSchema } from "./duration.js";

const localeText = z
  .record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "expected a locale such as en or pt-BR"), z.string().min(1))
  .describe('Text per locale, e.g. { en: "…", de: "…" }.');

/** `surveys:`: the satisfaction survey sent after a resolution (docs/analytics.md#csat). */
export const surveysSchema = z
  .strictObject({
    csat: z
      .strictObject({
        enabled: z.boolean().default(false).describe("Send the CSAT survey (1–5) after a conversation is resolved."),
        after: z
          .enum(["human", "all"])
          .default("human")
          .describe('"human": only conversations a person handled (escalated or answered by an agent); "all": also ones the AI resolved.'),
        delay: durationSchema.prefault("0s").describe("How long after the resolution the survey is sent (a reopening before then cancels it)."),
        window: durationSchema.prefault("3d").describe("How long after sending an answer counts; later messages are new requests."),
        ask: localeText.optional().describe("The question; built-in texts in en, de, fr and es. Buttons 1–5 are added where the channel has them."),
        thanks: localeText.optional().describe("The reply to a rating; built-in texts in en, de, fr and es."),
      })
      .prefault({}),
  })
  .describe("Satisfaction surveys after a resolution.");

export type SurveySettings = z.output<typeof surveysSchema>;
