import { z } from "zod";
import type { ExternalReply, InboundMessage } from "../../core/channel/adapter.js";
import type { Attachment } from "../../core/model/index.js";
import { skipReason } from "./filters.js";
import type { ParsedEmail } from "./parse.js";
import { splitReply } from "./quotes.js";
import { RAW_REF_PREFIX } from "./raw-store.js";
import { robotVerdict } from "./robots.js";
import type { SubjectIndex } from "./subject-index.js";
import { findToken, subjectKey, threadReferences } from "./threading.js";

/**
 * Where an e-mail reply goes: the customer's address plus what our reply
 * needs to thread in their client (their subject, their last Message-ID and
 * its References chain). Stored on the conversation from each inbound mail.
 */
export const emailAddressSchema = z.object({
  email: z.email(),
  name: z.string().nullish(),
  subject: z.string().optional(),
  messageId: z.string().optional(),
  references: z.array(z.string()).optional(),
});
export type EmailAddress = z.output<typeof emailAddressSchema>;

export interface DecodeContext {
  ourAddress: string;
  messageIdDomain: string;
  agentAddresses: ReadonlySet<string>;
  agentDomains: readonly string[];
  maxAttachmentSize: number;
  subjects: SubjectIndex;
  now(): Date;
}

export type DecodedMail =
  | { kind: "skip"; reason: string }
  | { kind: "customer"; message: InboundMessage; subjectKey: string; skipped: { name: string; size: number }[] }
  | { kind: "agent"; reply: ExternalReply; skipped: { name: string; size: number }[] };

/** "support+c_x@example.com" → "support@example.com". */
function baseAddress(address: string): string {
  return address.toLowerCase().replace(/\+[^@]*@/, "@");
}

/** True for our own address (with any plus-tag), a configured agent address, or an address in an agent domain. */
export function isAgentAddress(address: string, ctx: Pick<DecodeContext, "ourAddress" | "agentAddresses" | "agentDomains">): boolean {
  const base = baseAddress(address);
  if (base === baseAddress(ctx.ourAddress) || ctx.agentAddresses.has(base)) return true;
  const domain = base.slice(base.lastIndexOf("@") + 1);
  return ctx.agentDomains.some((d) => domain === d.toLowerCase());
}

function attachmentKind(mime: string): Attachment["kind"] {
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("audio/")) return "audio";
  if (mime.startsWith("video/")) return "video";
  return "file";
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Attachment metadata within the size limit (each `ref` points into the stored
 * original: `email-raw:<sha256>.eml#<part index>`), and a note per attachment
 * that was not kept. Inline images (signature logos) are not attachments.
 */
export function keptAttachments(mail: ParsedEmail, maxSize: number): { attachments: Attachment[]; skipped: { name: string; size: number }[] } {
  const attachments: Attachment[] = [];
  const skipped: { name: string; size: number }[] = [];
  mail.attachments.forEach((a, index) => {
    if (a.inline) return;
    const name = a.filename ?? `attachment-${index + 1}`;
    if (a.size > maxSize) {
      skipped.push({ name, size: a.size });
      return;
    }
    attachments.push({ kind: attachmentKind(a.contentType), name, mimeType: a.contentType, size: a.size, ref: `${RAW_REF_PREFIX}${mail.sha256}.eml#${index}` });
  });
  return { attachments, skipped };
}

function threadOf(mail: ParsedEmail, ctx: DecodeContext, counterpart: string) {
  const references = threadReferences(mail.inReplyTo, mail.references);
  const token = findToken([...mail.to, ...mail.cc].map((a) => a.address).concat(mail.deliveredTo), mail.subject);
  const fallback = ctx.subjects.find(counterpart, subjectKey(mail.subject));
  return {
    ...(references.length > 0 ? { references } : {}),
    ...(token ? { conversationId: token } : {}),
    ...(fallback ? { fallbackConversationId: fallback } : {}),
  };
}

/**
 * Turns one parsed mail into what the hub should do with it: a customer
 * message to ingest (flagged `automated` when a machine wrote it: an
 * auto-reply, a bounce, a list, a no-reply sender; stored, never answered),
 * a reply an agent sent from their own mail client to record (From is an
 * agent, or the mail sits in the Sent folder), or a skip with the reason
 * (our own mail coming back, no sender, mail between agents). The text is
 * what the customer wrote this time (see quotes.ts). `original` is the
 * stored-source attachment (see raw-store.ts).
 */
export function decodeMail(mail: ParsedEmail, source: "inbox" | "sent", ctx: DecodeContext, original: () => Attachment): DecodedMail {
  const skip = skipReason(mail, ctx.messageIdDomain);
  if (skip) return { kind: "skip", reason: skip };
  const from = mail.from!;
  const { attachments, skipped } = keptAttachments(mail, ctx.maxAttachmentSize);
  const notes = skipped.map((s) => `[attachment "${s.name}" (${formatSize(s.size)}) was not kept: larger than the ${formatSize(ctx.maxAttachmentSize)} limit]`);
  const body = splitReply(mail.text, { subject: mail.subject, isReply: mail.inReplyTo.length > 0 }).text;
  const text = [body || mail.subject.trim(), ...notes].filter((t) => t !== "").join("\n\n");
  const receivedAt = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : ctx.now();

  if (source === "sent" || isAgentAddress(from.address, ctx)) {
    const recipient = [...mail.to, ...mail.cc].find((a) => !isAgentAddress(a.address, ctx));
    if (!recipient) return { kind: "skip", reason: "mail between our own addresses" };
    return {
      kind: "agent",
      skipped,
      reply: {
        channel: "email",
        externalId: mail.messageId,
        recipient: { kind: "email", value: recipient.address },
        author: baseAddress(from.address),
        text,
        attachments: [...attachments, original()],
        sentAt: receivedAt,
        thread: threadOf(mail, ctx, recipient.address),
      },
    };
  }

  const robot = robotVerdict(mail, ctx.ourAddress);
  const chain = mail.references.length > 0 ? mail.references : mail.inReplyTo;
  const address: EmailAddress = {
    email: from.address,
    name: from.name,
    subject: mail.subject,
    ...(mail.hasMessageId ? { messageId: mail.messageId } : {}),
    ...(chain.length > 0 ? { references: chain } : {}),
  };
  return {
    kind: "customer",
    skipped,
    subjectKey: subjectKey(mail.subject),
    message: {
      channel: "email",
      externalId: mail.messageId,
      sender: { kind: "email", value: from.address, name: from.name },
      address,
      text,
      attachments: [...attachments, original()],
      receivedAt,
      thread: threadOf(mail, ctx, from.address),
      ...(robot ? { automated: robot } : {}),
    },
  };
}
