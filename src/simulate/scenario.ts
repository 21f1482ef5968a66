import { z } from "zod";
import { ACTIONS, channelSchema } from "./actions.js";
import { EXPECTATIONS } from "./expectations.js";

/**
 * Schema of a scenario file. Step kinds come from the ACTIONS registry and
 * expectation keys from EXPECTATIONS (one small function each), so adding
 * either never touches this file; any key not registered is an error naming
 * file, line and key.
 */
const expectSchema = z.strictObject(Object.fromEntries(Object.entries(EXPECTATIONS).map(([key, e]) => [key, e.schema.optional()])));

/** What a configured action's system answers in a simulation: a status and JSON body, or a failure to reach it. */
export const standInSchema = z.strictObject({
  status: z.number().int().min(100).max(599).default(200),
  body: z.unknown().optional(),
  fail: z.enum(["timeout", "unreachable"]).optional().describe("The system does not answer at all."),
});
export type StandIn = z.output<typeof standInSchema>;

const actionKeys = Object.keys(ACTIONS) as (keyof typeof ACTIONS)[];

export const stepSchema = z
  .strictObject({
    ...(Object.fromEntries(actionKeys.map((k) => [k, ACTIONS[k].schema.optional()])) as {
      [K in keyof typeof ACTIONS]: z.ZodOptional<(typeof ACTIONS)[K]["schema"]>;
    }),
    channel: channelSchema.optional().describe("Channel of this step's customer message; defaults to the scenario's channel."),
    actions: z
      .record(z.string().regex(/^[a-z][a-z0-9_]*$/), standInSchema)
      .optional()
      .describe(
        "Stand-in responses of configured actions from this step on (e.g. lookup_order: { status: 200, body: {...} }); undeclared actions call the real system (the demo shop runs in-process).",
      ),
    expect: expectSchema.optional(),
  })
  .superRefine((step, ctx) => {
    const present = actionKeys.filter((k) => step[k] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `a step needs exactly one of ${actionKeys.join(", ")}${present.length ? `, got ${present.join(" and ")}` : ""}`,
      });
    }
  });

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  contact: z
    .strictObject({
      name: z.string().optional(),
      web: z.string().optional().describe("Web visitor id; defaults to one derived from the name."),
      telegram: z.string().optional(),
      email: z.email().optional(),
      phone: z
        .string()
        .regex(/^\+?[\d\s().-]{6,}$/, "expected a phone number, ideally E.164 like +4915112345678")
        .optional(),
    })
    .prefault({}),
  channel: channelSchema.default("web"),
  at: z.iso.datetime({ offset: true }).optional().describe("Simulated clock start (ISO 8601 with offset)."),
  steps: z.array(stepSchema).min(1),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioStep = z.output<typeof stepSchema>;
export type Expectations = Partial<{ [K in keyof typeof EXPECTATIONS]: z.output<(typeof EXPECTATIONS)[K]["schema"]> }>;
export { actionKeys };
