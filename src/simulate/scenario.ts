import { z } from "zod";
import { CHANNEL_IDS } from "../core/model/index.js";
import { durationSchema } from "../core/config/duration.js";
import { EXPECTATIONS } from "./expectations.js";

/**
 * Schema of a scenario file. Expectation keys come from the EXPECTATIONS
 * registry (one small function each), so adding a key never touches this file;
 * any key not registered is an error naming file, line and key.
 */
const expectSchema = z.strictObject(
  Object.fromEntries(Object.entries(EXPECTATIONS).map(([key, e]) => [key, e.schema.optional()])) as Record<string, z.ZodOptional<z.ZodType>>,
);

const channelSchema = z.enum(CHANNEL_IDS);

const customerStep = z.strictObject({
  customer: z.string().min(1).describe("What the customer writes."),
  channel: channelSchema.optional().describe("Channel of this message; defaults to the scenario's channel."),
  expect: expectSchema.optional(),
});
const waitStep = z.strictObject({
  wait: durationSchema.describe("Advance the simulated clock, then let due work (retries, timers) run."),
  expect: expectSchema.optional(),
});

export const stepSchema = z.union([customerStep, waitStep]);

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  contact: z.strictObject({
    name: z.string().optional(),
    web: z.string().optional().describe("Web visitor id; defaults to one derived from the name."),
    telegram: z.string().optional(),
    email: z.email().optional(),
    phone: z.string().regex(/^\+?[\d\s().-]{6,}$/, "expected a phone number, ideally E.164 like +4915112345678").optional(),
  }).prefault({}),
  channel: channelSchema.default("web"),
  at: z.iso.datetime({ offset: true }).optional().describe("Simulated clock start (ISO 8601 with offset)."),
  steps: z.array(stepSchema).min(1),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioStep = z.output<typeof stepSchema>;
export type Expectations = Partial<{ [K in keyof typeof EXPECTATIONS]: z.output<(typeof EXPECTATIONS)[K]["schema"]> }>;
