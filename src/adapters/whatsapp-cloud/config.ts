import { z } from "zod";

/** A pre-approved message template (WhatsApp Manager → Message templates). */
export const windowTemplateSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(512)
      .regex(/^[a-z0-9_]+$/, "template names are lower-case letters, digits and underscores")
      .describe('Name of an approved template, e.g. "support_follow_up" (a callback or CSAT invitation with no parameters).'),
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "expected a template language code such as en or en_US")
      .describe('Language code the template was approved in, e.g. "en_US".'),
  })
  .describe(
    "Template sent instead of free text when the customer's last message is older than 24 hours. Without it such replies fail and agents see them as undeliverable.",
  );

export const whatsappCloudConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Receive and send WhatsApp messages through Meta's official Cloud API."),
    access_token: z
      .string()
      .min(1)
      .optional()
      .describe("Graph API access token (a System User token with whatsapp_business_messaging), normally ${WHATSAPP_ACCESS_TOKEN}."),
    app_secret: z
      .string()
      .min(1)
      .optional()
      .describe("The Meta app's App Secret; webhook bodies are verified with it (X-Hub-Signature-256). Normally ${WHATSAPP_APP_SECRET}."),
    verify_token: z
      .string()
      .min(1)
      .optional()
      .describe("Any secret string you also enter in the app's webhook settings; answers Meta's verification handshake. Normally ${WHATSAPP_VERIFY_TOKEN}."),
    phone_number_id: z
      .string({ error: (issue) => (issue.input === undefined ? "required" : "write the ID in quotes (it is too long to be read safely as a number)") })
      .regex(/^\d+$/, "expected the numeric Phone number ID from WhatsApp Manager (not the phone number)")
      .optional()
      .describe(
        "Phone number ID of the business number (WhatsApp Manager → API Setup), normally ${WHATSAPP_PHONE_NUMBER_ID}. Webhooks for other numbers are ignored. Without it the channel is reported disabled.",
      ),
    api_base: z.url().default("https://graph.facebook.com").describe("Graph API base URL (change only for a proxy or a test stand-in)."),
    api_version: z
      .string()
      .regex(/^v\d+\.\d+$/, "expected a Graph API version such as v21.0")
      .default("v21.0")
      .describe("Graph API version used for sending."),
    webhook_path: z
      .string()
      .regex(/^\/[A-Za-z0-9/_-]*$/, "expected a path such as /api/whatsapp/webhook")
      .default("/api/whatsapp/webhook")
      .describe("Path of the webhook on this hub; the callback URL in the Meta app is hub.public_url + this path."),
    window_template: windowTemplateSchema.optional(),
  })
  .describe("WhatsApp Cloud API (official, for businesses): webhook in, Graph API out, with the 24-hour customer-service window.");

export type WhatsappCloudConfig = z.output<typeof whatsappCloudConfigSchema>;
export type WindowTemplate = z.output<typeof windowTemplateSchema>;
