import { z } from "zod";
import { durationSchema } from "../../core/config/duration.js";

const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export const widgetConfigSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(60).default("Chat with us").describe("Heading of the chat panel."),
    subtitle: z
      .string()
      .max(120)
      .default("We usually reply within a few minutes.")
      .describe("Line under the heading (e.g. expected reply time); empty to hide it."),
    accent_color: z
      .string()
      .regex(HEX_COLOR, 'expected a hex colour such as "#2f6f4e"')
      .default("#2f6f4e")
      .describe('Colour of the launcher, header and customer bubbles, as hex ("#2f6f4e" or "#2a5").'),
    position: z.enum(["right", "left"]).default("right").describe("Corner of the page the launcher sits in."),
  })
  .describe("Look of the embeddable chat widget.");

const rateSchema = (max: number, window: string, what: string) =>
  z
    .strictObject({
      max: z.number().int().min(1).default(max).describe(`How many ${what} one IP address may make per window.`),
      window: durationSchema.prefault(window).describe("The window (tokens refill evenly over it)."),
    })
    .prefault({});

export const webLimitsSchema = z
  .strictObject({
    sessions_per_ip: rateSchema(20, "10m", "new visitor sessions").describe(
      "New visitor sessions per client IP: stops one source minting visitors to get around the per-visitor message limit.",
    ),
    messages_per_ip: rateSchema(120, "1m", "messages (over HTTP and the websocket, all visitors together)").describe(
      "Customer messages per client IP, all its visitors together.",
    ),
    trust_proxy: z
      .union([z.boolean(), z.number().int().min(0), z.string().min(1), z.array(z.string().min(1))])
      .default("loopback")
      .describe(
        'Which proxies may set X-Forwarded-For (express "trust proxy" syntax: "loopback", a CIDR list, a hop count, true). The client IP is the first untrusted address. Too broad a setting lets clients choose their IP and escape the limits.',
      ),
  })
  .prefault({})
  .describe("Abuse limits for the web chat, per client IP.");

export type WebLimitsConfig = z.output<typeof webLimitsSchema>;

export const webChannelConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Serve the web chat (widget, HTTP routes and websocket)."),
    token_secret: z
      .string()
      .refine((s) => s.length === 0 || s.length >= 16, { message: "must be at least 16 characters (use 32 random bytes)" })
      .optional()
      .describe(
        "Secret that signs visitor tokens, normally ${WEB_CHAT_SECRET}. When absent the hub generates one and keeps it in <data_dir>/web-token.key (mode 0600) so visitors keep their history across restarts. Changing it logs every visitor out.",
      ),
    identity_secret: z
      .string()
      .refine((s) => s.length >= 16, { message: "must be at least 16 characters (use 32 random bytes)" })
      .optional()
      .describe(
        "Secret shared with your site's server for signed identities of logged-in shoppers, normally ${WEB_IDENTITY_SECRET}: the page passes { user_id, email, name, attributes, exp } and its HMAC-SHA256 to the widget, and a valid signature identifies the contact (docs/web-chat.md). Unset: POST /api/web/identify answers 404 and every visitor stays anonymous.",
      ),
    allowed_origins: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Origins (e.g. "https://shop.example.com") of sites that may embed the widget and open its websocket. Empty: same origin as the hub only. "*": any site.',
      ),
    max_text_length: z.number().int().min(1).max(20_000).default(4000).describe("Longest customer message, in characters."),
    history_limit: z.number().int().min(1).max(1000).default(100).describe("How many past messages the widget shows after a reload."),
    widget: widgetConfigSchema.prefault({}),
    limits: webLimitsSchema,
    demo_page: z.boolean().default(true).describe('Serve the demo shop page with the widget at "/" (turn off when the hub runs behind your own site).'),
  })
  .describe("Web chat: the embeddable widget, its HTTP routes and websocket.");

export type WebChannelConfig = z.output<typeof webChannelConfigSchema>;

/** What the bundled widget gets to know about its configuration (no secrets). */
export interface PublicWidgetConfig {
  title: string;
  subtitle: string;
  accentColor: string;
  position: "right" | "left";
  maxTextLength: number;
}

export function publicWidgetConfig(config: WebChannelConfig): PublicWidgetConfig {
  return {
    title: config.widget.title,
    subtitle: config.widget.subtitle,
    accentColor: config.widget.accent_color,
    position: config.widget.position,
    maxTextLength: config.max_text_length,
  };
}
