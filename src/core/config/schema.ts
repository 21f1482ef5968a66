import { z } from "zod";
import type { ChannelModule } from "../channel/module.js";
import type { BotModule } from "../escalation/module.js";
import { aiSchema, escalationRuleSchema, fieldSchema, intentSchema, queueSchema } from "./ai-schema.js";
import { actionSchema } from "../actions/schema.js";
import { checkActionReferences } from "../actions/references.js";
import { agentSchema, escalationSchema } from "./escalation-schema.js";
import { attributesSchema } from "./attributes-schema.js";
import { privacySchema } from "./privacy-schema.js";
import { analyticsSchema } from "./analytics-schema.js";
import { surveysSchema } from "./surveys-schema.js";
import { limitsSchema } from "./limits-schema.js";
import { businessHoursSchema } from "./business-hours.js";
import { byteSizeSchema, durationSchema } from "./duration.js";

const localeText = z
  .record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "expected a locale such as en or pt-BR"), z.string().min(1))
  .describe('Text per locale, e.g. { en: "Hello", de: "Hallo" }. The hub\'s default locale must be present.');

export const hubSchema = z.strictObject({
  name: z.string().min(1).default("Threadline").describe("Name shown to customers and in the start-up log."),
  public_url: z
    .url()
    .default("http://localhost:3000")
    .describe(
      "Base URL customers and platforms reach the hub at (links, webhooks). Unset (or the default): http://<host>:<port> the hub really listens on, so PORT/HOST move it too.",
    ),
  data_dir: z.string().default("data").describe("Directory for the SQLite file and channel state, relative to the directory the hub is started from."),
  default_locale: z.string().default("en").describe("Locale used when the customer's language is unknown."),
  admin_token: z
    .string()
    .min(16, "use at least 16 random characters")
    .optional()
    .describe("Bearer token for the conversation API (/api/conversations), normally ${THREADLINE_ADMIN_TOKEN}; unset: the API answers 404."),
});

export const serverSchema = z.strictObject({
  host: z.string().default("0.0.0.0").describe("Address to listen on; the HOST env var overrides it."),
  port: z.number().int().min(0).max(65535).default(3000).describe("TCP port; the PORT env var overrides it."),
  body_limit: byteSizeSchema.prefault("64kb").describe("Largest accepted JSON request body."),
  shutdown_grace: durationSchema.prefault("10s").describe("How long shutdown waits for in-flight deliveries."),
  health_token: z
    .string()
    .min(16, "use at least 16 random characters")
    .optional()
    .describe(
      "Bearer token for /metrics and for the details of /readyz, normally ${THREADLINE_HEALTH_TOKEN}. When set, /metrics answers 401 without it and /readyz shows only its status (200 ready / 503 not ready) without it. Unset: both are open to anyone who can reach the port.",
    ),
});

export const storeSchema = z.strictObject({
  engine: z
    .enum(["auto", "sqlite", "mongodb"])
    .default("auto")
    .describe("auto: MongoDB when mongodb.uri is set (MONGODB_URI), otherwise the embedded SQLite file."),
  sqlite: z
    .strictObject({
      path: z.string().default("threadline.db").describe("SQLite file, relative to hub.data_dir."),
      busy_timeout: durationSchema.prefault("5s").describe("How long a writer waits for another process's lock."),
    })
    .prefault({})
    .describe("The embedded default: one file, WAL mode, safe for several hub processes on one machine."),
  mongodb: z
    .strictObject({
      uri: z.string().optional().describe("MongoDB connection string, normally ${MONGODB_URI}."),
      server_selection_timeout: durationSchema
        .prefault("5s")
        .describe("How long to wait for a MongoDB server before failing (start-up fails fast rather than hanging)."),
    })
    .prefault({})
    .describe("Used when engine is mongodb, or auto with a URI."),
});

export const conversationsSchema = z.strictObject({
  continuity_window: durationSchema
    .prefault("7d")
    .describe(
      "A message joins the contact's active AI-owned conversation when its last message is this recent; otherwise that one is closed and a new one starts. Human-owned conversations are always joined.",
    ),
  reopen_window: durationSchema
    .prefault("24h")
    .describe("A message this soon after the contact's conversation was resolved reopens it instead of starting a new one."),
  auto_resolve_ai: durationSchema
    .optional()
    .describe(
      "An AI-owned conversation whose last reply was a knowledge-base answer resolves after this silence (a soft resolution: the customer did not come back; writing again within the reopen window takes it back). Unset: never.",
    ),
});

export const messagesSchema = z.strictObject({
  greeting: localeText.optional().describe("Sent when a new conversation starts during business hours."),
  after_hours: localeText.optional().describe("Sent (at most once per conversation every 12 hours) when the customer writes outside business hours."),
  auto_resolved: localeText
    .optional()
    .describe("Sent when a conversation is resolved after silence (conversations.auto_resolve_ai, queues.*.auto_resolve). Unset: resolved quietly."),
  safety: localeText
    .optional()
    .describe(
      "Sent at once when a rule with `message: safety` fires (self-harm, a child in danger, an injury): emergency numbers, in the customer's language.",
    ),
});

export const outboxSchema = z.strictObject({
  max_attempts: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(8)
    .describe(
      "Failed attempts after which agents are told a reply is delayed. A channel that is down never makes a reply fail: it is retried (at most every max_delay, paused by a per-channel circuit breaker) until the channel takes it; only errors repetition cannot fix fail a message.",
    ),
  base_delay: durationSchema.prefault("1s").describe("First retry delay; doubles per attempt, with jitter."),
  max_delay: durationSchema.prefault("5m").describe("Longest delay between attempts."),
  lease: durationSchema.prefault("30s").describe("How long a claimed delivery is reserved for one sender before another may retry it."),
  poll_interval: durationSchema.prefault("1s").describe("How often the outbox looks for due deliveries when idle."),
});

export const loggingSchema = z.strictObject({
  level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info").describe("Lowest level written."),
});

const scenarioTag = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, "expected a lower-case tag such as shipping or order_status");

export const forbiddenRuleSchema = z
  .strictObject({
    phrase: z.string().trim().min(1).optional().describe("Words to refuse, matched case-insensitively as whole words with any whitespace between them."),
    pattern: z.string().min(1).optional().describe("A JavaScript regular expression (flags i and u are always on), for variants a phrase cannot express."),
    reason: z.string().min(1).describe("Why this is forbidden; shown by `threadline kb lint` and recorded on the event when an answer hits it."),
    action: z
      .enum(["block", "rewrite"])
      .default("block")
      .describe(
        "block: the AI answer is not sent and the conversation is escalated; rewrite: the match is replaced by `replacement`. Articles containing it always fail lint.",
      ),
    replacement: z.string().optional().describe("Text that replaces each match when action is rewrite."),
    applies_to: z
      .array(z.enum(["articles", "answers"]))
      .min(1)
      .default(["articles", "answers"])
      .describe("Where the rule is checked: knowledge-base articles (lint), outbound AI answers (run time), or both."),
  })
  .superRefine((rule, ctx) => {
    if ((rule.phrase === undefined) === (rule.pattern === undefined)) {
      ctx.addIssue({ code: "custom", message: "give exactly one of phrase or pattern" });
    }
    if (rule.pattern !== undefined) {
      try {
        new RegExp(rule.pattern, "giu");
      } catch (e) {
        ctx.addIssue({ code: "custom", path: ["pattern"], message: `not a valid regular expression: ${(e as Error).message}` });
      }
    }
    if (rule.action === "rewrite" && rule.replacement === undefined) {
      ctx.addIssue({ code: "custom", path: ["replacement"], message: "required when action is rewrite" });
    }
  });

export const knowledgeSchema = z
  .strictObject({
    dir: z
      .string()
      .default("config/knowledge")
      .describe("Directory of the Markdown articles (searched recursively), relative to the directory the hub is started from."),
    locales: z
      .array(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "expected a locale such as en or pt-BR"))
      .min(1)
      .default(["en"])
      .describe("Locales articles may be written in. Search stems en, de, fr and es; other languages are normalised and matched without stemming."),
    scenarios: z
      .array(scenarioTag)
      .default([])
      .describe("Known scenario tags (use cases, intents). An article tagged with a tag not listed here fails `threadline kb lint`."),
    expiry_warning: durationSchema
      .prefault("14d")
      .describe("Articles expiring (or due for review) within this window are reported by the CLI, the daily digest and /metrics."),
    reload_debounce: durationSchema
      .prefault("300ms")
      .describe("Quiet time after the last file change before the knowledge base is re-indexed (editors write files in several steps)."),
    forbidden: z
      .array(forbiddenRuleSchema)
      .default([])
      .describe("Phrasing that must never reach a customer: checked in every article (lint) and every outbound AI answer (run time)."),
    search: z
      .strictObject({
        limit: z.number().int().min(1).max(50).default(5).describe("Passages returned when the caller does not ask for a number."),
        typo_tolerance: z.boolean().default(true).describe('Also match query words one or two letters away from a known word ("shiping").'),
        synonyms: z
          .array(z.array(z.string().trim().min(1)).min(2))
          .default([])
          .describe(
            'Extra synonym groups, e.g. [["parcel locker", "Packstation"]]: a query using one expression also finds the others (at a lower weight). Built-in groups cover common shop vocabulary in English and German.',
          ),
      })
      .prefault({})
      .describe("Local retrieval (BM25 over passages, no network)."),
    embeddings: z
      .strictObject({
        enabled: z.boolean().default(false).describe("Combine BM25 with embedding similarity (hybrid ranking) when an embedding provider is available."),
        model: z.string().min(1).default("text-embedding-3-small").describe("Embedding model name; part of the cache key, so changing it re-embeds."),
        weight: z.number().min(0).max(1).default(0.5).describe("Share of the embedding similarity in the hybrid score (0 = BM25 only, 1 = embeddings only)."),
      })
      .prefault({})
      .describe("Optional embeddings through the OpenAI provider; passages are embedded once per content hash."),
  })
  .superRefine((kb, ctx) => {
    const seen = new Set<string>();
    kb.scenarios.forEach((tag, i) => {
      if (seen.has(tag)) ctx.addIssue({ code: "custom", path: ["scenarios", i], message: `duplicate scenario tag "${tag}"` });
      seen.add(tag);
    });
  });

/** The registries whose modules bring their own config sections (`channels:` and `bots:`). */
export interface ConfigModules {
  channels: readonly ChannelModule[];
  bots: readonly BotModule[];
}

/**
 * Builds the schema of `config/threadline.yaml`. Channel and bot sections come
 * from their registries so a new channel brings its own config keys. Every
 * object is strict: an unknown key is an error, never silently ignored.
 * A plain channel list means "no bots" (tests of channel-only configs).
 */
export function buildConfigSchema(modules: ConfigModules | readonly ChannelModule[]) {
  const { channels, bots } = "channels" in modules ? modules : { channels: modules, bots: [] as readonly BotModule[] };
  const channelShape = Object.fromEntries(channels.map((c) => [c.id, c.configSchema.optional()]));
  const botShape = Object.fromEntries(bots.map((b) => [b.platform, b.configSchema.optional()]));
  return z
    .strictObject({
      $schema: z.string().optional().describe("Path of the JSON Schema, for editors."),
      hub: hubSchema.prefault({}).describe("Identity of this hub: name, public URL, data directory, default locale."),
      server: serverSchema.prefault({}).describe("The HTTP server (web chat, webhooks, health checks)."),
      store: storeSchema.prefault({}).describe("Where conversations live: the embedded SQLite file, or MongoDB."),
      logging: loggingSchema.prefault({}).describe("Structured JSON logs on stdout; secrets and customer PII are always redacted."),
      conversations: conversationsSchema.prefault({}).describe("When a customer message joins an existing conversation."),
      business_hours: businessHoursSchema.optional().describe("Omit to be always open."),
      messages: messagesSchema.prefault({}).describe("Fixed texts the hub sends (per locale)."),
      outbox: outboxSchema.prefault({}).describe("Delivery of outbound messages: retries with exponential backoff."),
      limits: limitsSchema,
      knowledge: knowledgeSchema.prefault({}).describe("The governed knowledge base: articles, forbidden phrasing, scenario tags, retrieval."),
      channels: z.strictObject(channelShape).prefault({}).describe("Customer channels; a channel left out is off."),
      ai: aiSchema.prefault({}),
      queues: z
        .record(z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a lower-case queue id"), queueSchema)
        .default({})
        .describe("Teams' queues (id → settings). Intents and escalation rules route to them."),
      fields: z
        .record(z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a lower-case field name"), fieldSchema)
        .default({})
        .describe("Ticket fields the AI collects (name → validator and question per language)."),
      attributes: attributesSchema,
      intents: z.array(intentSchema).default([]).describe("What customers ask for; the local model is trained on the examples at start-up."),
      demo_shop: z
        .strictObject({
          enabled: z.boolean().default(false).describe("Serve the demo order service (invented orders, docs/actions.md) at /demo-shop/api on the hub's port."),
        })
        .prefault({})
        .describe("DEMO DATA: a small order service the shipped config's actions look orders up in. Leave off in production."),
      actions: z
        .record(z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a lower-case action name"), actionSchema)
        .default({})
        .describe("Lookups and changes in the shop's systems (HTTP calls) that intents run once their fields are known; see docs/actions.md."),
      rules: z
        .array(escalationRuleSchema)
        .default([])
        .describe("Mandatory escalation rules, checked in order BEFORE any AI answer; the first that fires hands the conversation to a human."),
      escalation: escalationSchema.prefault({}),
      agents: z.array(agentSchema).default([]).describe("People who may act on escalations, mapped from their Slack / Discord accounts."),
      bots: z.strictObject(botShape).prefault({}).describe("Internal workspaces (Slack, Discord) where escalations become threads; a bot left out is off."),
      privacy: privacySchema.describe("Data protection: retention periods per kind of personal data (docs/privacy.md)."),
      analytics: analyticsSchema.prefault({}),
      surveys: surveysSchema.prefault({}),
    })
    .superRefine((cfg, ctx) => {
      checkAiReferences(cfg, ctx);
      checkActionReferences(cfg, ctx);
      // Attributes and collected fields share the contact's profile: one name cannot be both.
      for (const name of Object.keys(cfg.attributes)) {
        if (name in cfg.fields)
          ctx.addIssue({
            code: "custom",
            path: ["attributes", name],
            message: `"${name}" is also a field (fields:); attributes and fields share the contact's profile, so pick another name`,
          });
      }
      cfg.rules.forEach((rule, i) => {
        if (rule.message && !cfg.messages[rule.message]) {
          ctx.addIssue({ code: "custom", path: ["rules", i, "message"], message: `rule "${rule.id}" sends messages.${rule.message}, which is not configured` });
        }
      });
      for (const key of ["greeting", "after_hours", "safety"] as const) {
        const text = cfg.messages[key];
        if (text && !(cfg.hub.default_locale in text)) {
          ctx.addIssue({ code: "custom", path: ["messages", key], message: `needs a text for the default locale "${cfg.hub.default_locale}"` });
        }
      }
    });
}

type CoreConfig = z.output<ReturnType<typeof buildConfigSchema>>;

/** The validated configuration (trusted type inside the hub). Channel and bot sections stay `unknown` until their module parses them. */
export type ThreadlineConfig = Omit<CoreConfig, "channels" | "bots"> & { channels: Record<string, unknown>; bots: Record<string, unknown> };

type AiReferences = Pick<CoreConfig, "hub" | "ai" | "queues" | "fields" | "intents" | "rules" | "escalation" | "agents">;

/** Cross-references a per-key schema cannot see: every queue, field and target named exists, names are unique, default-locale texts exist. */
function checkAiReferences(cfg: AiReferences, ctx: z.RefinementCtx): void {
  const locale = cfg.hub.default_locale;
  const queueIds = Object.keys(cfg.queues);
  const unknownQueue = (q: string) => `unknown queue "${q}" (queues: ${queueIds.join(", ") || "none defined"})`;
  const seen = new Set<string>();
  cfg.intents.forEach((intent, i) => {
    if (seen.has(intent.name)) ctx.addIssue({ code: "custom", path: ["intents", i, "name"], message: `duplicate intent "${intent.name}"` });
    seen.add(intent.name);
    if (!(intent.queue in cfg.queues)) ctx.addIssue({ code: "custom", path: ["intents", i, "queue"], message: unknownQueue(intent.queue) });
    intent.fields.forEach((f, j) => {
      if (!(f in cfg.fields)) ctx.addIssue({ code: "custom", path: ["intents", i, "fields", j], message: `unknown field "${f}" (define it under fields:)` });
    });
  });
  for (const [fieldName, field] of Object.entries(cfg.fields)) {
    if (!(locale in field.prompt))
      ctx.addIssue({ code: "custom", path: ["fields", fieldName, "prompt"], message: `needs a text for the default locale "${locale}"` });
  }
  const ruleIds = new Set<string>();
  cfg.rules.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: `duplicate rule "${rule.id}"` });
    ruleIds.add(rule.id);
    if (!(rule.queue in cfg.queues)) ctx.addIssue({ code: "custom", path: ["rules", i, "queue"], message: unknownQueue(rule.queue) });
  });
  for (const [key, text] of Object.entries(cfg.ai.texts)) {
    if (text && !(locale in text)) ctx.addIssue({ code: "custom", path: ["ai", "texts", key], message: `needs a text for the default locale "${locale}"` });
  }
  const targets = Object.keys(cfg.escalation.targets);
  const unknownTarget = (t: string) => `unknown target "${t}" (targets: ${targets.join(", ") || "none defined"})`;
  cfg.escalation.routes.forEach((route, i) => {
    route.targets.forEach((t, j) => {
      if (!targets.includes(t)) ctx.addIssue({ code: "custom", path: ["escalation", "routes", i, "targets", j], message: unknownTarget(t) });
    });
  });
  for (const [name, t] of Object.entries(cfg.escalation.targets)) {
    if (t.platform !== "inbox" && !t.channel)
      ctx.addIssue({ code: "custom", path: ["escalation", "targets", name, "channel"], message: `a ${t.platform} target needs its channel id` });
  }
  if (cfg.escalation.fallback && !targets.includes(cfg.escalation.fallback)) {
    ctx.addIssue({ code: "custom", path: ["escalation", "fallback"], message: unknownTarget(cfg.escalation.fallback) });
  }
  const agentIds = new Set<string>();
  cfg.agents.forEach((a, i) => {
    if (agentIds.has(a.id)) ctx.addIssue({ code: "custom", path: ["agents", i, "id"], message: `duplicate agent "${a.id}"` });
    agentIds.add(a.id);
    a.queues?.forEach((q, j) => {
      if (!(q in cfg.queues)) ctx.addIssue({ code: "custom", path: ["agents", i, "queues", j], message: unknownQueue(q) });
    });
  });
}
