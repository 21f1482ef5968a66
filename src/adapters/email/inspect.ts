import type { Attachment } from "../../core/model/index.js";
import { decodeMail, type DecodeContext } from "./decode.js";
import { parseEmail } from "./parse.js";
import { splitReply } from "./quotes.js";
import { robotVerdict } from "./robots.js";
import { findToken, threadReferences } from "./threading.js";

/** Who the hub is, for judging a mail: our address, the agents' addresses and domains, the attachment limit. */
export interface InspectContext {
  ourAddress: string;
  messageIdDomain: string;
  agentAddresses: readonly string[];
  agentDomains: readonly string[];
  maxAttachmentSize: number;
  now(): Date;
}

/**
 * What the e-mail channel would do with one mail, in plain data: the
 * verdict (a customer message, a reply an agent sent from their mail client,
 * or skipped, with the reason), the text it would store, what it cut off
 * (quoted history, signature) and kept as a forwarded part, whether a machine
 * wrote it and why (then it is stored but never answered), the threading
 * hints, and which attachments are kept. The same functions the running
 * channel uses (parse.ts, decode.ts, quotes.ts, robots.ts), so an operator
 * debugging a mail sees exactly what the hub does; nothing is stored.
 */
export interface MailInspection {
  verdict: "customer" | "agent" | "skip";
  /** Why the mail is skipped (verdict "skip"), else null. */
  skipReason: string | null;
  messageId: string;
  from: string | null;
  subject: string;
  date: string | null;
  /** The text the hub stores and the AI and agents read (for a customer: with notes about attachments not kept). */
  text: string;
  /** The quoted history removed from the text. */
  quoted: string;
  signature: string | null;
  forwarded: string | null;
  /** Set when a machine wrote the mail (auto-reply, bounce, report, list, no-reply sender): stored, never answered. */
  automated: { kind: string; reason: string } | null;
  thread: { references: string[]; token: string | null };
  attachments: { name: string; mimeType: string | null; size: number | null; kept: boolean }[];
}

/** Inspects one raw RFC 822 mail (see {@link MailInspection}). Never throws on odd mail: mailparser is lenient. */
export async function inspectMail(raw: Buffer, ctx: InspectContext): Promise<MailInspection> {
  const mail = await parseEmail(raw);
  const decodeContext: DecodeContext = {
    ourAddress: ctx.ourAddress,
    messageIdDomain: ctx.messageIdDomain,
    agentAddresses: new Set(ctx.agentAddresses.map((a) => a.toLowerCase())),
    agentDomains: ctx.agentDomains,
    maxAttachmentSize: ctx.maxAttachmentSize,
    // A single mail has no earlier subjects to fall back on.
    subjects: { find: () => null, remember: () => undefined },
    now: ctx.now,
  };
  const original: Attachment = { kind: "file", name: "original.eml", mimeType: "message/rfc822", size: raw.length, ref: "inspect" };
  const decoded = decodeMail(mail, "inbox", decodeContext, () => original);
  const parts = splitReply(mail.text, { subject: mail.subject, isReply: mail.inReplyTo.length > 0 });
  const stored = decoded.kind === "customer" ? decoded.message.attachments : decoded.kind === "agent" ? decoded.reply.attachments : [];
  const keptNames = new Set(stored.filter((a) => a !== original).map((a) => a.name));
  return {
    verdict: decoded.kind,
    skipReason: decoded.kind === "skip" ? decoded.reason : null,
    messageId: mail.messageId,
    from: mail.from?.address ?? null,
    subject: mail.subject,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    text: decoded.kind === "customer" ? decoded.message.text : decoded.kind === "agent" ? decoded.reply.text : parts.text,
    quoted: parts.quoted,
    signature: parts.signature,
    forwarded: parts.forwarded,
    automated: decoded.kind === "customer" ? (decoded.message.automated ?? null) : decoded.kind === "skip" ? robotVerdict(mail, ctx.ourAddress) : null,
    thread: {
      references: threadReferences(mail.inReplyTo, mail.references),
      token: findToken([...mail.to, ...mail.cc].map((a) => a.address).concat(mail.deliveredTo), mail.subject),
    },
    attachments: mail.attachments
      .filter((a) => !a.inline)
      .map((a, i) => {
        const name = a.filename ?? `attachment-${i + 1}`;
        return { name, mimeType: a.contentType, size: a.size, kept: keptNames.has(name) };
      }),
  };
}

/** The inspection as text for a terminal: one labelled section per part, empty parts left out. */
export function formatInspection(r: MailInspection): string {
  const out: string[] = [];
  const verdict =
    r.verdict === "skip"
      ? `skipped: ${r.skipReason}`
      : r.verdict === "agent"
        ? "an agent's reply (recorded in the customer's conversation, not answered)"
        : r.automated
          ? `customer message written by a machine (${r.automated.kind}: ${r.automated.reason}): stored, never answered`
          : "customer message: stored and answered";
  out.push(`verdict:     ${verdict}`);
  out.push(`from:        ${r.from ?? "(none)"}`);
  out.push(`subject:     ${r.subject || "(none)"}`);
  out.push(`message-id:  ${r.messageId}`);
  if (r.date) out.push(`date:        ${r.date}`);
  if (r.thread.token) out.push(`thread:      our token ${r.thread.token}`);
  if (r.thread.references.length > 0) out.push(`references:  ${r.thread.references.join(" ")}`);
  const section = (title: string, body: string | null) => {
    if (body && body.trim() !== "") out.push("", `── ${title} ──`, body.trimEnd());
  };
  section("text (stored)", r.text);
  section("forwarded part (kept in the text)", r.forwarded);
  section("quoted history (removed)", r.quoted);
  section("signature (removed)", r.signature);
  if (r.attachments.length > 0) {
    out.push("", "── attachments ──");
    for (const a of r.attachments) out.push(`${a.kept ? "kept   " : "dropped"}  ${a.name} (${a.mimeType ?? "?"}, ${a.size ?? "?"} bytes)`);
  }
  return `${out.join("\n")}\n`;
}
