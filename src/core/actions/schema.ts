import jsonata from "jsonata";
import mustache from "mustache";
import { z } from "zod";
import { PRIORITIES } from "../model/conversation.js";
import { RISK_LEVELS } from "../model/handoff.js";
import { durationSchema } from "../config/duration.js";
import { expandPreset } from "./presets.js";

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a lower-case name such as order_id");

/** A JSONata expression, compiled once at config load so a typo is a config error naming the key, not a failed lookup later. */
const expression = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    try {
      jsonata(text);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: `not a valid JSONata expression: ${(e as Error).message}` });
    }
  });

/**
 * A mustache template. Triple braces and `{{& }}` (unescaped values) are
 * refused: every value a system or a customer supplied goes through the
 * escaper of its context (URL component, JSON string, chat text).
 */
const template = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    if (/\{\{\s*[{&]/.test(text)) ctx.addIssue({ code: "custom", message: "unescaped values ({{{…}}} or {{& …}}) are not allowed: values are always escaped" });
    try {
      mustache.parse(text);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: `not a valid template: ${(e as Error).message}` });
    }
  });

const localeTemplates = z
  .record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "expected a locale such as en or pt-BR"), template)
  .describe("Template per locale ({{name}} inserts a looked-up value or a field; {{#name}}…{{/name}} only when it is present).");

export const actionAnswerSchema = z.strictObject({
  when: expression
    .optional()
    .describe(
      "JSONata condition over the looked-up values (and $fields, $question, $now); the first answer whose condition holds is sent. Omit for the default answer.",
    ),
  text: localeTemplates,
});

export const actionEscalationSchema = z.strictObject({
  when: expression.describe('JSONata condition over the looked-up values, e.g. status = "delivered" and $days_since(delivered_at) > 7.'),
  queue: name.describe("Queue the conversation goes to."),
  priority: z.enum(PRIORITIES).optional().describe("Priority (defaults to the queue's)."),
  risk: z.enum(RISK_LEVELS).default("medium"),
  reason: z.string().min(1).describe("Why, for the agent (handoff card); the looked-up values are on the card too."),
  say_answer: z.boolean().default(true).describe("Also tell the customer the matching answer before handing over."),
});

const ownershipSchema = z
  .strictObject({
    email: z.string().min(1).optional().describe("Looked-up value holding the order's e-mail address."),
    phone: z.string().min(1).optional().describe("Looked-up value holding the order's phone number."),
    postcode: z.string().min(1).optional().describe("Looked-up value holding the order's postcode."),
    ask: name.describe(
      "Field asked as the second factor when no verified identity of the contact matches (its value must equal the order's e-mail, phone or postcode).",
    ),
  })
  .refine((o) => o.email || o.phone || o.postcode, "name at least one of email, phone, postcode")
  .describe("Details are disclosed only to a contact who proves the record is theirs.");

/**
 * One named HTTP call against a shop or back-office system. The URL's
 * scheme and host are literal config text (values fill only path and query,
 * URL-encoded), so no customer input can point a call elsewhere; a relative
 * URL ("/demo-shop/…") calls the hub itself.
 */
export const actionSchema = z
  .preprocess(
    expandPreset,
    z.strictObject({
      description: z.string().min(1).describe("What the call does, for the handoff card and the LLM."),
      method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET"),
      url: template.describe(
        "URL template: absolute (https://shop.example/api/orders/{{order_id}}) or a path on the hub itself (/demo-shop/api/orders/{{order_id}}).",
      ),
      headers: z
        .record(z.string().min(1), z.string())
        .default({})
        .describe('Request headers; secrets come from env, e.g. { X-Shopify-Access-Token: "${SHOPIFY_TOKEN}" }.'),
      basic_auth: z.strictObject({ username: z.string(), password: z.string() }).optional().describe("HTTP basic credentials (from env)."),
      body: z.record(z.string(), z.unknown()).optional().describe("JSON body; string values are templates."),
      needs: z.array(name).min(1).describe("Fields (or contact attributes) that must be known before the call."),
      timeout: durationSchema.prefault("5s").describe("Per attempt."),
      retries: z.number().int().min(0).max(5).default(1).describe("Extra attempts after a timeout, a network error or a 5xx (never after a 4xx)."),
      rate_limit: z
        .strictObject({ calls: z.number().int().min(1), per: durationSchema })
        .prefault({ calls: 60, per: "1m" })
        .describe("At most this many calls per period for the whole hub; beyond it the AI says it cannot check right now."),
      accept_status: z
        .array(z.number().int().min(400).max(499))
        .default([])
        .describe("4xx statuses whose body is an answer to map like a success (e.g. 409 when an order has already shipped and cannot be cancelled)."),
      verify_with: name
        .optional()
        .describe("A writing action's lookup (another action) that must have found the record and proven the customer owns it before anything is changed."),
      not_found_status: z.array(z.number().int().min(400).max(499)).default([404]).describe('Statuses that mean "no such record".'),
      result: z
        .record(name, expression)
        .describe("Looked-up values: name → JSONata expression over the response body (e.g. status: orders[0].fulfillment_status)."),
      found_when: expression.optional().describe("JSONata condition over the looked-up values that says the record exists (default: a 2xx answer)."),
      ownership: ownershipSchema.optional(),
      answers: z.array(actionAnswerSchema).min(1).describe("What the AI tells the customer (first matching)."),
      not_found: localeTemplates.optional().describe("Told when there is no such record; the AI asks for the value again once, then hands over."),
      escalate: z.array(actionEscalationSchema).default([]).describe("Conditions that hand the case to people with the looked-up values on the card."),
      confirm: localeTemplates
        .optional()
        .describe(
          'A writing action: asked first ("Shall I cancel order {{order_id}}?"); the call runs only after the customer\'s yes. Every call carries an Idempotency-Key.',
        ),
      attributes: z
        .record(name, name)
        .default({})
        .describe(
          "Contact attributes (from `attributes:`) set from looked-up values once the customer proved the record is theirs, e.g. { tier: customer_tier }.",
        ),
      allow_redirects: z.boolean().default(false).describe("Follow redirects to the same host; redirects elsewhere are always refused."),
    }),
  )
  .describe(
    "An action; or `preset: shopify` (shop, token, api_version) / `preset: woocommerce` (site, consumer_key, consumer_secret) with any key overridden.",
  );

export type ActionConfig = z.output<typeof actionSchema>;
export type ActionAnswerConfig = z.output<typeof actionAnswerSchema>;
export type ActionEscalationConfig = z.output<typeof actionEscalationSchema>;
