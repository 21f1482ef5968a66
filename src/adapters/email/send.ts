import nodemailer from "nodemailer";
import { SendError, type OutboundMessage } from "../../core/channel/adapter.js";
import { splitAddress, type EmailChannelConfig } from "./config.js";
import type { EmailAddress } from "./decode.js";
import { conversationToken, ourMessageId, replyReferences, replySubject, replyToAddress } from "./threading.js";

/** The parts of an outgoing mail, before nodemailer (kept plain so tests can check them). */
export interface ComposedMail {
  from: { name: string; address: string };
  to: { name: string; address: string };
  replyTo: string;
  subject: string;
  messageId: string;
  inReplyTo: string | undefined;
  references: string[];
  text: string;
  html: string;
  /** Written by the AI or the system: marked Auto-Submitted: auto-replied (RFC 3834) so the customer's auto-responder does not answer it (no mail loops). */
  automatic: boolean;
}

export interface ComposeContext {
  address: string;
  fromName: string;
  messageIdDomain: string;
  replyToTemplate: string;
  subjectToken: boolean;
  /** Subject when the conversation has none (it started on another channel). */
  fallbackSubject: string;
}

/**
 * Our reply: our own Message-ID (stable per hub message, so a retried send
 * carries the same id and the receiver can drop the duplicate), In-Reply-To
 * the customer's last Message-ID and References their chain plus it, a
 * Reply-To with the conversation token, "Re: <their subject>", and plain-text
 * plus HTML parts.
 */
export function composeReply(to: EmailAddress, message: OutboundMessage, ctx: ComposeContext): ComposedMail {
  const token = conversationToken(message.conversationId);
  let subject = replySubject(to.subject, ctx.fallbackSubject);
  if (ctx.subjectToken) subject = `${subject} [#${token}]`;
  return {
    from: { name: ctx.fromName, address: ctx.address },
    to: { name: to.name ?? "", address: to.email },
    replyTo: replyToAddress(ctx.replyToTemplate, splitAddress(ctx.address), message.conversationId),
    subject,
    messageId: ourMessageId(message.messageId, ctx.messageIdDomain),
    inReplyTo: to.messageId,
    references: replyReferences(to.references ?? [], to.messageId ?? null),
    text: message.text,
    html: textToHtml(message.text),
    automatic: message.authorKind === "ai" || message.authorKind === "system",
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Paragraphs and line breaks of a plain text as simple HTML. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`);
  return `<!doctype html><html><body>${paragraphs.join("\n")}</body></html>`;
}

export interface Mailer {
  send(mail: ComposedMail): Promise<void>;
  close(): void;
}

/** An SMTP mailer (nodemailer). Secrets go to nodemailer only; failures become the channel contract's SendError. */
export function createSmtpMailer(config: EmailChannelConfig): Mailer {
  const transport = nodemailer.createTransport({
    host: config.smtp_host,
    port: config.smtp_port,
    secure: config.smtp_security === "tls",
    requireTLS: config.smtp_security === "starttls",
    ignoreTLS: config.smtp_security === "none",
    auth: { user: config.smtp_username ?? config.username ?? "", pass: config.smtp_password ?? config.password ?? "" },
    tls: { rejectUnauthorized: !config.allow_self_signed },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    logger: false,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: mail.from,
          to: mail.to,
          replyTo: mail.replyTo,
          subject: mail.subject,
          messageId: mail.messageId,
          ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
          ...(mail.references.length > 0 ? { references: mail.references } : {}),
          text: mail.text,
          html: mail.html,
          ...(mail.automatic ? { headers: { "Auto-Submitted": "auto-replied" } } : {}),
        });
      } catch (err) {
        throw toSendError(err);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * SMTP failures in the outbox's terms: 4xx replies and connection problems are
 * transient (retried with backoff), authentication failures are `auth`,
 * 5xx about the recipient are `invalid_recipient`, other 5xx `unsupported`.
 */
export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const e = err as { code?: string; responseCode?: number; message?: string; command?: string };
  const detail = `smtp: ${e.responseCode ?? e.code ?? "error"} ${(e.message ?? String(err)).split("\n")[0]}`;
  if (e.code === "EAUTH" || e.responseCode === 535 || e.responseCode === 534 || e.responseCode === 530) return new SendError("auth", detail);
  if (typeof e.responseCode === "number") {
    if (e.responseCode >= 400 && e.responseCode < 500) return new SendError("transient", detail);
    if ([550, 551, 553, 501].includes(e.responseCode) || /RCPT/i.test(e.command ?? "")) return new SendError("invalid_recipient", detail);
    return new SendError("unsupported", detail);
  }
  return new SendError("transient", detail);
}
