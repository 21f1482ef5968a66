import { createHash } from "node:crypto";
import { join } from "node:path";
import { SendError, type ChannelAdapter, type ChannelHost, type OutboundMessage, type SendResult } from "../../core/channel/adapter.js";
import { connectionStatus } from "../../core/channel/status.js";
import { createPoisonGuard } from "../dead-letter.js";
import type { ChannelDeps } from "../../core/channel/module.js";
import { EMAIL_REQUIRED_KEYS, splitAddress, type EmailChannelConfig } from "./config.js";
import { fileCursorStore } from "./cursor.js";
import { decodeMail, emailAddressSchema, type DecodeContext } from "./decode.js";
import { createImapConnection, type ImapConnection, type MailOutcome } from "./imap-connection.js";
import { parseEmail } from "./parse.js";
import { storeRaw } from "./raw-store.js";
import { isNoReplyAddress } from "./robots.js";
import { composeReply, createSmtpMailer, type ComposeContext, type Mailer } from "./send.js";
import { fileSubjectIndex } from "./subject-index.js";
import { subjectKey } from "./threading.js";

/** Longest text we send in one mail (mail has no real limit; this keeps a runaway answer from becoming a novel). */
export const EMAIL_MAX_TEXT = 100_000;

export interface EmailAdapterOptions {
  /** First reconnect delay (default 1 s); doubles per failure up to the config's reconnect_max_delay. */
  initialBackoffMs?: number;
  /** imapflow's autoIdleDelay in ms (default 2 s: until IDLE starts the server does not announce new mail; imapflow's own default is 15 s). */
  autoIdleDelayMs?: number;
  /** Replaces the SMTP mailer (tests that do not need a server). */
  mailer?: Mailer;
}

/**
 * E-mail as a customer channel: IMAP (imapflow, IDLE with UID catch-up) in,
 * SMTP (nodemailer) out, mailparser in between. A mail is acknowledged on the
 * server (flagged or moved, and the persisted UID advanced) only after the hub
 * stored it; machine mail (auto-replies, bounces, lists, no-reply senders) is
 * stored flagged `automated` and never answered, our own mail coming back is
 * skipped with a logged reason and only the UID advances; no-reply
 * addresses are never mailed; replies
 * agents send from their own client are recorded in the customer's
 * conversation (never a new one). See docs/email.md.
 */
export function createEmailChannelAdapter(config: EmailChannelConfig, deps: ChannelDeps, options: EmailAdapterOptions = {}): ChannelAdapter {
  const logger = deps.logger;
  const stateDir = join(deps.dataDir, "email");
  const rawDir = join(stateDir, "raw");
  const missing = EMAIL_REQUIRED_KEYS.filter((k) => !config[k]);
  const misconfigured = missing.length > 0 ? `missing ${missing.map((k) => `channels.email.${k}`).join(", ")}` : null;
  const address = config.address ?? "support@invalid.example";
  const messageIdDomain = config.message_id_domain ?? splitAddress(address).domain;
  const subjects = fileSubjectIndex(join(stateDir, "subjects.json"), config.subject_window, () => deps.clock.now());
  const decodeContext: DecodeContext = {
    ourAddress: address,
    messageIdDomain,
    agentAddresses: new Set(config.agent_addresses.map((a) => a.toLowerCase())),
    agentDomains: config.agent_domains,
    maxAttachmentSize: config.max_attachment_size,
    subjects,
    now: () => deps.clock.now(),
  };
  const composeContext: ComposeContext = {
    address,
    fromName: config.from_name ?? address,
    messageIdDomain,
    replyToTemplate: config.reply_to,
    subjectToken: config.subject_token,
    fallbackSubject: "Your message to us",
  };
  let mailer: Mailer | null = options.mailer ?? null;
  let host: ChannelHost | null = null;
  let connection: ImapConnection | null = null;
  let stopped = false;

  const poison = createPoisonGuard({ channel: "email", dataDir: deps.dataDir, logger, clock: deps.clock });

  /**
   * One mail, with bounded retries: a mail that keeps failing (cannot be
   * parsed or stored) is dead-lettered with its raw bytes and skipped (left
   * unflagged in the mailbox, the UID moves on), so later mail is not held
   * back behind it.
   */
  async function handle(raw: Buffer, source: "inbox" | "sent"): Promise<MailOutcome> {
    if (!host || stopped) throw new Error("email: the channel is not running");
    let outcome: MailOutcome = "skip";
    const key = `${source}:${createHash("sha256").update(raw).digest("hex").slice(0, 32)}`;
    const result = await poison.run(key, { source, raw: raw.toString("base64") }, async () => {
      outcome = await handleMail(raw, source);
    });
    return result === "dead_lettered" ? "skip" : outcome;
  }

  async function handleMail(raw: Buffer, source: "inbox" | "sent"): Promise<MailOutcome> {
    const channelHost = host;
    if (!channelHost || stopped) throw new Error("email: the channel is not running");
    const mail = await parseEmail(raw);
    const decoded = decodeMail(mail, source, decodeContext, () => storeRaw(rawDir, raw, mail.sha256));
    if (decoded.kind === "skip") {
      logger.info({ source, reason: decoded.reason }, `email: mail ignored (${decoded.reason})`);
      return "skip";
    }
    for (const s of decoded.skipped) {
      logger.warn({ size: s.size, limit: config.max_attachment_size }, "email: attachment not kept: larger than max_attachment_size");
    }
    if (decoded.kind === "agent") {
      if (!channelHost.recordExternalReply) {
        logger.warn("email: the hub cannot record replies sent outside it; mail from an agent ignored");
        return "skip";
      }
      const recorded = await channelHost.recordExternalReply(decoded.reply);
      if (!recorded) {
        logger.info({ source }, "email: mail from an agent matches no conversation; ignored (no conversation is opened for it)");
        return "skip";
      }
      subjects.remember(decoded.reply.recipient.value, subjectKey(mail.subject), recorded.conversationId);
      logger.info({ source, conversationId: recorded.conversationId, duplicate: recorded.duplicate }, "email: reply sent outside the hub recorded");
      return "ack";
    }
    const [outcome] = await channelHost.ingest([decoded.message]);
    const robot = decoded.message.automated;
    if (robot) logger.info({ source, kind: robot.kind, reason: robot.reason }, `email: machine mail stored, never answered (${robot.reason})`);
    else if (outcome) subjects.remember(decoded.message.sender.value, decoded.subjectKey, outcome.conversationId);
    return "ack";
  }

  return {
    id: "email",
    capabilities: { maxTextLength: EMAIL_MAX_TEXT, buttons: false, attachments: false, typing: false, replyWindowHours: null },

    async start(channelHost) {
      host = channelHost;
      stopped = false;
      if (misconfigured) {
        logger.error(`email: not running: ${misconfigured}`);
        return;
      }
      mailer ??= createSmtpMailer(config);
      connection ??= createImapConnection({
        logger,
        cursors: fileCursorStore(join(stateDir, "cursor.json")),
        handle,
        settings: {
          host: config.imap_host!,
          port: config.imap_port,
          security: config.imap_security,
          user: config.username!,
          pass: config.password!,
          rejectUnauthorized: !config.allow_self_signed,
          mailbox: config.mailbox,
          sentMailbox: config.sent_mailbox,
          processed: config.processed,
          processedFolder: config.processed_folder,
          initialSync: config.initial_sync,
          pollIntervalMs: config.poll_interval,
          initialBackoffMs: options.initialBackoffMs ?? 1000,
          maxBackoffMs: config.reconnect_max_delay,
          autoIdleDelayMs: options.autoIdleDelayMs ?? 2000,
        },
      });
      // Never awaited: an unreachable IMAP server must not keep the hub (or its other channels) from starting.
      connection.start();
    },

    async stop() {
      stopped = true;
      await connection?.stop();
      mailer?.close();
    },

    status() {
      return connectionStatus({ enabled: config.enabled, problem: misconfigured, stopped, state: connection?.state() ?? null, healthy: ["watching"] });
    },

    async send(to: Record<string, unknown>, message: OutboundMessage): Promise<SendResult> {
      const parsed = emailAddressSchema.safeParse(to);
      if (!parsed.success) throw new SendError("invalid_recipient", "an e-mail address is { email, subject?, messageId?, references? }");
      if (isNoReplyAddress(parsed.data.email))
        throw new SendError("invalid_recipient", "email: the recipient is a no-reply or mailer-daemon address; nothing is sent to it");
      if (misconfigured) throw new SendError("auth", `email: ${misconfigured}`);
      if (stopped || !mailer) throw new SendError("transient", "email: the channel is not running");
      if (message.text.trim() === "") throw new SendError("unsupported", "email: cannot send an empty text");
      if (message.attachments.length > 0)
        logger.warn(
          { messageId: message.messageId, count: message.attachments.length },
          "email: outbound attachments are not supported; sending the text only",
        );
      const mail = composeReply(parsed.data, message, composeContext);
      await mailer.send(mail);
      subjects.remember(parsed.data.email, subjectKey(mail.subject), message.conversationId);
      return { externalId: mail.messageId };
    },
  };
}
