import { z } from "zod";

/** Types a contact attribute can have. Values are stored as text on the contact's profile (see docs/attributes.md). */
export const ATTRIBUTE_TYPES = ["string", "number", "boolean", "enum", "date"] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** Attribute names: lower-case, like field and queue ids, so they are safe as profile keys, in commands and in URLs. */
export const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,39}$/;

const common = {
  label: z.string().trim().min(1).max(60).optional().describe("How agents see the attribute on the handoff card (default: the name)."),
  description: z.string().max(500).optional().describe("What the attribute means; for the people maintaining the config."),
};

export const attributeDeclarationSchema = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("string").describe("Free text (at most max_length characters)."),
      max_length: z.number().int().min(1).max(1000).default(200).describe("Longest value accepted."),
      ...common,
    }),
    z.strictObject({
      type: z.literal("number").describe("A finite number (JSON number, or its decimal text from a command)."),
      min: z.number().optional().describe("Smallest value accepted."),
      max: z.number().optional().describe("Largest value accepted."),
      ...common,
    }),
    z.strictObject({ type: z.literal("boolean").describe("true or false."), ...common }),
    z.strictObject({
      type: z.literal("enum").describe("One of `values`."),
      values: z
        .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$/, "expected a value such as vip or gold-plus"))
        .min(1)
        .describe("The allowed values, e.g. [standard, vip]."),
      ...common,
    }),
    z.strictObject({ type: z.literal("date").describe("A calendar date, YYYY-MM-DD."), ...common }),
  ])
  .superRefine((decl, ctx) => {
    if (decl.type === "number" && decl.min !== undefined && decl.max !== undefined && decl.min > decl.max) {
      ctx.addIssue({ code: "custom", path: ["min"], message: "min is greater than max" });
    }
    if (decl.type === "enum" && new Set(decl.values).size !== decl.values.length) {
      ctx.addIssue({ code: "custom", path: ["values"], message: "values must not repeat" });
    }
  });

export type AttributeDeclaration = z.output<typeof attributeDeclarationSchema>;

/** `attributes:` in threadline.yaml: name → declaration. */
export const attributesSchema = z
  .record(z.string().regex(ATTRIBUTE_NAME, "expected a lower-case attribute name such as tier (at most 40 characters)"), attributeDeclarationSchema)
  .default({})
  .describe(
    "Typed contact attributes (name → declaration), e.g. tier: { type: enum, values: [standard, vip] }. Set by a signed web-chat identity, agents (!set in Slack/Discord) and the API (PATCH /api/contacts/:id/attributes); shown on the handoff card; rules read `tier` (contact_tier).",
  );

export type AttributeDeclarations = z.output<typeof attributesSchema>;
