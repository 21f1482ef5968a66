import { z } from "zod";
import { byteSizeSchema, durationSchema } from "../../core/config/duration.js";

export const WHATSAPP_DEFAULT_QR_PATH = "/api/whatsapp/qr";

export const whatsappConfigSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        "Run WhatsApp through whatsapp-web.js (a linked device of an existing phone number). Needs a phone to scan a QR code once, so the shipped config has it off.",
      ),
    session_dir: z
      .string()
      .trim()
      .min(1)
      .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._/-]+$/, "a relative directory name such as whatsapp-session (no .. and no leading /)")
      .default("whatsapp-session")
      .describe(
        "Directory under the hub's data directory where the session is kept (LocalAuth), so a restart needs no new scan. Anyone who can read it can use the WhatsApp account: protect it like a password.",
      ),
    client_id: z
      .string()
      .regex(/^[-_A-Za-z0-9]+$/, "letters, digits, - and _")
      .optional()
      .describe("Optional session name (LocalAuth clientId), to keep more than one number's session in session_dir."),
    chromium_path: z
      .string()
      .trim()
      .min(1)
      .default("/usr/bin/chromium")
      .describe("The system Chromium the session runs in, normally ${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}. A browser is never downloaded."),
    headless: z.boolean().default(true).describe("Run Chromium without a window (servers have none)."),
    admin_token: z
      .string()
      .min(16, "use at least 16 random characters")
      .optional()
      .describe(
        "Bearer token for the QR endpoints (GET qr_path answers JSON with a data URL, qr_path + .png the image), normally ${WHATSAPP_ADMIN_TOKEN}. Without it the endpoints answer 404 and the QR code is only printed to the terminal.",
      ),
    qr_path: z
      .string()
      .regex(/^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/, "a path such as /api/whatsapp/qr")
      .default(WHATSAPP_DEFAULT_QR_PATH)
      .describe("Path of the admin QR endpoint on this hub; the PNG is at the same path plus .png."),
    print_qr: z.boolean().default(true).describe("Print the login QR code to the terminal (stderr, compact) when WhatsApp asks for a scan."),
    groups: z
      .boolean()
      .default(false)
      .describe(
        "Also take messages from group chats (the sender becomes the contact, replies go to the group). Off by default: a support number is usually added to groups that are not support requests.",
      ),
    media_max_size: byteSizeSchema
      .prefault("16mb")
      .describe(
        "Largest media file fetched on demand from WhatsApp (images, voice notes, documents). Inbound media is recorded as attachment metadata; the bytes are downloaded only when asked for.",
      ),
    reconnect_delay: durationSchema.prefault("2s").describe("First reconnect delay after a dropped connection; doubles per failed attempt."),
    reconnect_max_delay: durationSchema.prefault("5m").describe("Longest reconnect delay."),
  })
  .describe(
    "WhatsApp via whatsapp-web.js (unofficial: WhatsApp Web in a headless Chromium, logged in by scanning a QR code). For small teams on a number they already have; use whatsapp-cloud at business scale.",
  );

export type WhatsappConfig = z.output<typeof whatsappConfigSchema>;
