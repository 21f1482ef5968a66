import { z } from "zod";
import type { ChannelModule } from "../channel/module.js";
import { businessHoursSchema } from "./business-hours.js";
import { byteSizeSchema, durationSchema } from "./duration.js";

const localeText = z
  .record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "expected a locale such as en or pt-BR"), z.string().min(1))
  .describe("Text per locale, e.g. { en: \"Hello\", de: \"Hallo\" }. The hub's default locale must be present.");

export const hubSchema = z.strictObject({
  name: z.string().min(1).default("Threadline").describe("Name shown to customers and in the start-up log."),
  public_url: z.url().default("http://localhost:3000").describe("Base URL customers and platforms reach the hub at (links, webhooks)."),
  data_dir: z.string().default("data").describe("Directory for the SQLite file and channel state, relative to the directory the hub is started from."),
  default_locale: z.string().default("en").describe("Locale used when the customer's language is unknown."),
});

export const serverSchema = z.strictObject({
  host: z.string().default("0.0.0.0").describe("Address to listen on; the HOST env var overrides it."),
  port: z.number().int().min(0).max(65535).default(3000).describe("TCP port; the PORT env var overrides it."),
  body_limit: byteSizeSchema.prefault("64kb").describe("Largest accepted JSON request body."),
  shutdown_grace: durationSchema.prefault("10s").describe("How long shutdown waits for in-flight deliveries."),
});

export const storeSchema = z.strictObject({
  engine: z.enum(["auto", "sqlite", "mongodb"]).default("auto")
    .describe("auto: MongoDB when mongodb.uri is set (MONGODB_URI), otherwise the embedded SQLite file."),
  sqlite: z.strictObject({
    path: z.string().default("threadline.db").describe("SQLite file, relative to hub.data_dir."),
    busy_timeout: durationSchema.prefault("5s").describe("How long a writer waits for another process's lock."),
  }).prefault({}),
  mongodb: z.strictObject({
    uri: z.string().optional().describe("MongoDB connection string, normally ${MONGODB_URI}."),
    server_selection_timeout: durationSchema.prefault("5s"),
  }).prefault({}),
});

export const conversationsSchema = z.strictObject({
  continuity_window: durationSchema.prefault("7d")
    .describe("A message joins the contact's active AI-owned conversation when its last message is this recent; otherwise that one is closed and a new one starts. Human-owned conversations are always joined."),
  reopen_window: durationSchema.prefault("24h")
    .describe("A message this soon after the contact's conversation was resolved reopens it instead of starting a new one."),
});

export const messagesSchema = z.strictObject({
  greeting: localeText.optional().describe("Sent when a new conversation starts during business hours."),
  after_hours: localeText.optional().describe("Sent (at most once per conversation every 12 hours) when the customer writes outside business hours."),
});

export const outboxSchema = z.strictObject({
  max_attempts: z.number().int().min(1).max(100).default(8).describe("Attempts before a message is marked failed."),
  base_delay: durationSchema.prefault("1s").describe("First retry delay; doubles per attempt, with jitter."),
  max_delay: durationSchema.prefault("5m").describe("Longest delay between attempts."),
  lease: durationSchema.prefault("30s").describe("How long a claimed delivery is reserved for one sender before another may retry it."),
  poll_interval: durationSchema.prefault("1s").describe("How often the outbox looks for due deliveries when idle."),
});

export const loggingSchema = z.strictObject({
  level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/**
 * Builds the schema of `config/threadline.yaml`. Channel sections come from the
 * channel registry so a new channel brings its own config keys. Every object is
 * strict: an unknown key is an error, never silently ignored.
 */
export function buildConfigSchema(channels: readonly ChannelModule[]) {
  const channelShape = Object.fromEntries(channels.map((c) => [c.id, (c.configSchema as z.ZodType).optional()]));
  return z
    .strictObject({
      $schema: z.string().optional().describe("Path of the JSON Schema, for editors."),
      hub: hubSchema.prefault({}),
      server: serverSchema.prefault({}),
      store: storeSchema.prefault({}),
      logging: loggingSchema.prefault({}),
      conversations: conversationsSchema.prefault({}),
      business_hours: businessHoursSchema.optional().describe("Omit to be always open."),
      messages: messagesSchema.prefault({}),
      outbox: outboxSchema.prefault({}),
      channels: z.strictObject(channelShape).prefault({}).describe("Customer channels; a channel left out is off."),
    })
    .superRefine((cfg, ctx) => {
      for (const key of ["greeting", "after_hours"] as const) {
        const text = cfg.messages[key];
        if (text && !(cfg.hub.default_locale in text)) {
          ctx.addIssue({ code: "custom", path: ["messages", key], message: `needs a text for the default locale "${cfg.hub.default_locale}"` });
        }
      }
    });
}

type CoreConfig = z.output<ReturnType<typeof buildConfigSchema>>;

/** The validated configuration (trusted type inside the hub). Channel sections stay `unknown` until their module parses them. */
export type ThreadlineConfig = Omit<CoreConfig, "channels"> & { channels: Record<string, unknown> };
