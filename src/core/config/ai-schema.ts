import { z } from "zod";
import { RISK_LEVELS } from "../model/handoff.js";
import { PRIORITIES } from "../model/conversation.js";
import { durationSchema } from "./duration.js";

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a lower-case name such as order_status");
const localeText = z
  .record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "expected a locale such as en or pt-BR"), z.string().min(1))
  .describe('Text per locale, e.g. { en: "…", de: "…" }. The hub\'s default locale must be present.');

/** Non-secret OpenAI settings; the key and base URL come from OPENAI_API_KEY / OPENAI_BASE_URL. */
export const openAiSettingsSchema = z.strictObject({
  chat_model: z.string().min(1).default("gpt-4o-mini").describe("Chat model (needs tool/function calling)."),
  embedding_model: z.string().min(1).optional().describe("Embedding model; omit to disable embeddings."),
  timeout_ms: z.number().int().min(100).max(120_000).default(15_000).describe("Per-call timeout; on timeout the local provider answers."),
  temperature: z.number().min(0).max(2).optional().describe("Sampling temperature; omit for the server's default (required by reasoning models)."),
});
export type OpenAiSettings = z.infer<typeof openAiSettingsSchema>;

export const aiSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("false: no AI decisions at all (greeting and after-hours texts only; every conversation waits for a human)."),
    provider: z
      .enum(["auto", "local", "openai"])
      .default("auto")
      .describe("auto: OpenAI when OPENAI_API_KEY is set (falling back to local on errors), otherwise the local provider (no key, no network)."),
    openai: openAiSettingsSchema.prefault({}).describe("OpenAI-compatible server settings (OpenAI, Azure, Ollama, vLLM)."),
    intent_threshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.35)
      .describe("Below this confidence the intent is unclear: the AI asks one clarifying question, then escalates."),
    out_of_scope: z
      .array(z.string().min(1))
      .default([])
      .describe("Messages that belong to no intent (small talk, vague openers); the local model learns to give them a low confidence."),
    clarify_attempts: z.number().int().min(0).max(3).default(1).describe("Clarifying questions before escalating an unclear request."),
    field_attempts: z.number().int().min(1).max(5).default(2).describe("Invalid answers to one field question before escalating."),
    answer_min_score: z.number().min(0).default(0).describe("Knowledge passages scoring below this are not used for answers (BM25 score)."),
    answer_min_coverage: z
      .number()
      .min(0.1)
      .max(1)
      .default(0.35)
      .describe("Local provider: share of the question's words an extractive answer must cover, or the AI escalates instead of answering."),
    cite_sources: z.boolean().default(true).describe("Append the help article's title to every knowledge-base answer."),
    texts: z
      .strictObject({
        clarify: localeText.optional().describe("Clarifying question; {options} is replaced by the likely topics."),
        escalated: localeText.optional().describe("Told to the customer when a human takes over; {queue} and {eta} are replaced."),
        escalated_after_hours: localeText.optional().describe("Same, outside business hours."),
        escalated_unstaffed: localeText
          .optional()
          .describe("Told instead of `escalated` when no escalation target for the queue can deliver (no reply time is promised); {queue} is replaced."),
        invalid_field: localeText.optional().describe("When an answer to a field question does not validate; {reason} and {prompt} are replaced."),
        anything_else: localeText.optional().describe("Appended after a knowledge-base answer."),
        eta_sla: localeText.optional().describe('Appended to `escalated` when the queue has a first-response SLA; {sla} is replaced ("2 hours").'),
        eta_due: localeText
          .optional()
          .describe(
            'Appended to `escalated` instead of eta_sla when the SLA runs past closing time; {due} is replaced by the due time in business hours ("Mon 08:30").',
          ),
        closing: localeText.optional().describe("Reply to a thank-you or goodbye."),
        source: localeText.optional().describe("Line naming the cited help article; {title} is replaced."),
        language_fallback: localeText
          .optional()
          .describe(
            "Told once, in the customer's language, when the AI has no texts in it; {language} is replaced by the language it answers in, named in the customer's language.",
          ),
      })
      .prefault({})
      .describe("What the AI says in fixed situations (built-in English, German, French and Spanish texts are used for missing ones)."),
  })
  .describe("The AI core: provider, thresholds and fixed texts.");

export const fieldKindSchema = z.enum(["order_id", "email", "phone", "region", "date", "text"]);

export const fieldSchema = z
  .strictObject({
    kind: fieldKindSchema.describe("Validator: order_id (pattern), email, phone (E.164), region (one of options), date (ISO), text."),
    description: z.string().min(1).optional().describe("What the field is, for the LLM and the handoff card."),
    prompt: localeText.describe("The question the AI asks for this field, per language."),
    pattern: z.string().optional().describe("Regular expression the value must match (order ids)."),
    options: z.array(z.string().min(1)).optional().describe("Allowed values (regions)."),
    remember: z.boolean().default(true).describe("Store the value on the contact's profile so it is never asked again in a later conversation."),
  })
  .superRefine((f, ctx) => {
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern, "iu");
      } catch (e) {
        ctx.addIssue({ code: "custom", path: ["pattern"], message: `not a valid regular expression: ${(e as Error).message}` });
      }
    }
    if (f.kind === "region" && !f.options?.length) ctx.addIssue({ code: "custom", path: ["options"], message: "a region field needs options" });
  });

export const intentSchema = z.strictObject({
  name: name.describe("Stable id, e.g. order_status."),
  description: z.string().min(1).describe("What the intent covers, in a sentence (shown in clarifying questions and to the LLM)."),
  label: localeText.optional().describe("Short topic name shown to customers in a clarifying question (defaults to the description)."),
  examples: z.array(z.string().min(1)).min(3).describe("Example customer messages the local model is trained on (at least 3; 10+ works well)."),
  fields: z.array(name).default([]).describe("Fields (from `fields:`) the AI collects before answering or escalating (see ask_when)."),
  ask_when: z
    .enum(["always", "escalate"])
    .default("always")
    .describe(
      "always: collect the fields before answering (the answer depends on them, e.g. an order lookup); escalate: answer from the knowledge base without them and ask only when the case goes to a person. Escalating intents always collect them first.",
    ),
  queue: name.describe("Queue (from `queues:`) that owns this intent."),
  scenarios: z.array(z.string().min(1)).default([]).describe("Knowledge-base scenario tags answers come from (defaults to the intent's name)."),
  actions: z
    .array(name)
    .default([])
    .describe(
      "Actions (from `actions:`) run in order once their `needs` are known; the first that applies answers from the shop's system. None applies (a value missing or declined): the knowledge base answers.",
    ),
  action: z
    .enum(["answer", "escalate"])
    .default("answer")
    .describe("answer: reply from the knowledge base (escalate when it has no answer); escalate: collect the fields, then hand to a human."),
  risk: z.enum(RISK_LEVELS).default("low").describe("Risk level recorded on the handoff card when this intent escalates without a rule."),
  next_action: z.string().min(1).optional().describe("Recommended next step for the agent (handoff card)."),
});

export const queueSchema = z.strictObject({
  name: z.string().min(1).describe("Display name (e.g. Billing)."),
  priority: z.enum(PRIORITIES).default("normal").describe("Priority of conversations escalated to this queue (a rule may raise it)."),
  first_response: durationSchema
    .optional()
    .describe(
      "SLA: a human answers an escalated conversation within this, counted in business hours when they are configured; a breach raises the priority and tells the thread.",
    ),
  next_response: durationSchema
    .optional()
    .describe(
      "SLA: once an agent has answered, a customer message waits at most this long for the next agent reply (business hours when configured; from the first unanswered message; not counted while pending or snoozed). A breach raises the priority and tells the thread.",
    ),
  sla_warning: z
    .number()
    .min(0.1)
    .max(0.99)
    .default(0.8)
    .describe("Share of the first-response SLA (in business time) after which the threads are warned that it is at risk, while nobody has answered yet."),
  auto_resolve: durationSchema
    .optional()
    .describe(
      "A human-owned conversation in this queue whose last message is an agent's reply resolves after this silence (the customer owes the answer). Unset: never.",
    ),
  resolution: durationSchema.optional().describe("SLA: the `sla_breached` rule fires when an AI-owned conversation in this queue is open longer."),
  assignment: z
    .strictObject({
      mode: z
        .enum(["manual", "round_robin", "least_busy"])
        .default("manual")
        .describe(
          "manual: agents claim conversations; round_robin: each escalation goes to the next agent of the queue in turn; least_busy: to the agent with the fewest open conversations (ties in turn). Only during business hours; waiting ones are assigned at the next opening or when an agent has room again.",
        ),
      max_open_per_agent: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .default(10)
        .describe("Automatic assignment gives no agent more open, pending or snoozed conversations than this (counted across queues)."),
    })
    .prefault({})
    .describe("Who gets this queue's escalations. The queue's agents are those listing it under `agents[].queues`, or listing no queue."),
  handover_digest: z
    .boolean()
    .default(true)
    .describe(
      "With business_hours: at each shift start (every opening range) this queue's targets get a digest of breached and due SLAs, customers waiting and snoozes ending, in priority order. Nothing open: nothing posted.",
    ),
});

const conditionSchema = z.strictObject({
  signal: z
    .array(z.enum(["legal_threat", "chargeback", "safety", "security", "human_request", "abuse"]))
    .min(1)
    .optional()
    .describe("Any of these detected in the customer's message (lexicon detector: English, German, French, Spanish)."),
  keywords: z.array(z.string().min(1)).min(1).optional().describe("Any of these words or phrases (case- and accent-insensitive, whole words)."),
  sentiment_below: z.number().min(-1).max(1).optional().describe("Sentiment of the message (-1 very negative … 1 very positive) below this."),
  contact_tier: z.array(z.string().min(1)).min(1).optional().describe("The contact's profile `tier` is one of these (e.g. vip)."),
  contacts: z.array(z.string().min(1)).min(1).optional().describe("The contact has one of these identities (e-mail addresses or E.164 numbers)."),
  failed_attempts: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("The AI failed this many times in the conversation (no answer, invalid field answers, clarifications)."),
  sla_breached: z.literal(true).optional().describe("The conversation is open longer than its queue's `resolution` SLA."),
});

export const escalationRuleSchema = z.strictObject({
  id: name.describe("Rule id, shown on the handoff card and in analytics."),
  when: conditionSchema
    .refine((c) => Object.values(c).some((v) => v !== undefined), "give at least one condition")
    .describe("Conditions; the rule fires when ALL given conditions hold."),
  risk: z.enum(RISK_LEVELS).describe("Risk level on the handoff card."),
  queue: name.describe("Queue the conversation goes to."),
  priority: z.enum(PRIORITIES).optional().describe("Priority (defaults to the queue's)."),
  reason: z.string().min(1).describe("Why, in words for the agent (handoff card)."),
  next_action: z.string().min(1).optional().describe("Recommended next step for the agent."),
  message: z
    .enum(["safety"])
    .optional()
    .describe("Also send the customer this fixed text from `messages:` at once (e.g. `safety`: emergency numbers), even while a human owns the case."),
});

export type AiSettings = z.output<typeof aiSchema>;
export type FieldConfig = z.output<typeof fieldSchema>;
export type IntentConfig = z.output<typeof intentSchema>;
export type QueueConfig = z.output<typeof queueSchema>;
export type EscalationRuleConfig = z.output<typeof escalationRuleSchema>;
export type RuleCondition = z.output<typeof conditionSchema>;
