import { z } from "zod";
import { byteSizeSchema, durationSchema } from "../../core/config/duration.js";

const security = z.enum(["tls", "starttls", "none"]);
const emailAddress = z.email();

export const emailChannelConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Run the e-mail channel (IMAP in, SMTP out)."),
    address: emailAddress
      .optional()
      .describe(
        "The support address customers write to and replies come from, normally ${EMAIL_ADDRESS}. Its domain names our Message-IDs unless message_id_domain is set.",
      ),
    from_name: z.string().min(1).optional().describe('Display name on outgoing mail, e.g. "Northwind Outfitters Support".'),
    username: z.string().min(1).optional().describe("Login for IMAP and SMTP, normally ${EMAIL_USERNAME} (often the address itself)."),
    password: z.string().min(1).optional().describe("Password or app password for IMAP and SMTP, normally ${EMAIL_PASSWORD}. Never logged."),
    imap_host: z.string().min(1).optional().describe("IMAP server, normally ${EMAIL_IMAP_HOST} (imap.gmail.com, outlook.office365.com, …)."),
    imap_port: z.number().int().min(1).max(65535).default(993).describe("IMAP port: 993 with tls, 143 with starttls or none."),
    imap_security: security
      .default("tls")
      .describe('"tls" (implicit TLS, port 993), "starttls" (upgrade on 143) or "none" (plaintext; only for a server on localhost).'),
    smtp_host: z.string().min(1).optional().describe("SMTP server, normally ${EMAIL_SMTP_HOST} (smtp.gmail.com, smtp.office365.com, …)."),
    smtp_port: z.number().int().min(1).max(65535).default(465).describe("SMTP port: 465 with tls, 587 with starttls."),
    smtp_security: security
      .default("tls")
      .describe('"tls" (implicit TLS, 465), "starttls" (587, required upgrade) or "none" (plaintext; only for a relay on localhost).'),
    smtp_username: z.string().min(1).optional().describe("SMTP login when it differs from username."),
    smtp_password: z.string().min(1).optional().describe("SMTP password when it differs from password, normally ${EMAIL_SMTP_PASSWORD}."),
    allow_self_signed: z
      .boolean()
      .default(false)
      .describe("Accept self-signed TLS certificates (a self-hosted server with its own CA). Leave false otherwise."),
    mailbox: z.string().min(1).default("INBOX").describe("Mailbox watched for customer mail (IMAP IDLE)."),
    sent_mailbox: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A Sent folder to watch for replies agents send from their mail client (e.g. "Sent", "[Gmail]/Sent Mail", "Sent Items"); they are recorded in the customer\'s conversation instead of being lost. Optional.',
      ),
    processed: z
      .enum(["seen", "move", "none"])
      .default("seen")
      .describe(
        'What happens to a customer mail once it is stored: "seen" flags it \\Seen, "move" moves it to processed_folder, "none" leaves it (the stored UID alone prevents processing it twice).',
      ),
    processed_folder: z.string().min(1).default("Processed").describe('Folder processed mail is moved to when processed is "move" (created if missing).'),
    initial_sync: z
      .enum(["unseen", "all", "new"])
      .default("unseen")
      .describe(
        'What the first run (or a mailbox whose UIDVALIDITY changed) picks up: "unseen" mail, "all" mail in the mailbox, or only mail arriving from now on ("new").',
      ),
    reply_to: z
      .string()
      .regex(/\{token\}/, "must contain {token}")
      .default("{local}+{token}@{domain}")
      .describe(
        'Reply-To address carrying the conversation token; {local} and {domain} are the parts of address, {token} is "c_<conversation id>". The server must deliver plus-addressed mail to the support mailbox (Gmail, Microsoft 365 and most servers do).',
      ),
    subject_token: z
      .boolean()
      .default(false)
      .describe('Also put the token in the subject ("Re: Order 1234 [#c_…]"): survives clients that drop the Reply-To, at the cost of a visible tag.'),
    agent_addresses: z
      .array(emailAddress)
      .default([])
      .describe(
        "Addresses of agents who may answer customers from their own mail client; their mail to a customer is recorded in the conversation, never opened as a new one.",
      ),
    agent_domains: z
      .array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "a domain such as example.com"))
      .default([])
      .describe("Domains whose senders count as agents (your company's domain). Careful: a colleague writing in as a customer is then treated as an agent."),
    message_id_domain: z
      .string()
      .regex(/^[a-z0-9.-]+$/i, "a domain such as support.example.com")
      .optional()
      .describe("Domain in our Message-IDs (<msg_…@domain>); defaults to the domain of address."),
    max_attachment_size: byteSizeSchema
      .prefault("10mb")
      .describe("Attachments larger than this are not kept (logged, and a note is added to the message text)."),
    subject_window: durationSchema
      .prefault("30d")
      .describe(
        "A mail whose headers and token name no conversation joins the sender's conversation with the same normalised subject (Re:/Fwd:/AW:/WG:/SV: stripped) within this window.",
      ),
    poll_interval: durationSchema.prefault("60s").describe("Safety-net poll besides IDLE (and how often sent_mailbox is checked)."),
    reconnect_max_delay: durationSchema.prefault("5m").describe("Longest wait between reconnect attempts (the delay doubles from 1 s)."),
  })
  .describe("E-mail: customer mail read over IMAP (IDLE, catch-up by UID) and answered over SMTP with proper threading headers.");

export type EmailChannelConfig = z.output<typeof emailChannelConfigSchema>;

/** Our address split for the Reply-To template. */
export function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf("@");
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

/** The keys that must be set (from the environment) for the channel to run; the module's requiredSecrets. */
export const EMAIL_REQUIRED_KEYS = ["address", "username", "password", "imap_host", "smtp_host"] as const;
