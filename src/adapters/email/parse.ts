import { createHash } from "node:crypto";
import { simpleParser, type AddressObject } from "mailparser";
import { htmlToText } from "./html-text.js";
import { normaliseMessageId, parseIdList } from "./threading.js";

/** One mailbox address as parsed from a header. */
export interface MailAddress {
  address: string;
  name: string | null;
}

/** An attachment as the channel sees it: metadata only (the bytes stay in the original MIME source). */
export interface MailAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  /** Embedded in the HTML body (a logo in a signature), not something the customer attached. */
  inline: boolean;
}

/**
 * A parsed e-mail in this channel's own terms (mailparser's types stay in
 * this file). Charsets (ISO-8859-1, Windows-1252, …) and transfer encodings
 * (quoted-printable, base64) are already decoded; `text` is the plain-text
 * part, or the HTML part converted to text (quote containers as "> " lines,
 * see html-text.ts) when there is no plain one.
 */
export interface ParsedEmail {
  /** The Message-ID in "<…>" form; a stable hash of the source when the mail has none. */
  messageId: string;
  hasMessageId: boolean;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  /** Delivered-To / X-Original-To: the address the server delivered to (keeps the plus-token when To does not show it). */
  deliveredTo: string[];
  date: Date | null;
  text: string;
  attachments: MailAttachment[];
  /** Unfolded header values by lower-case name (several values when the header repeats). */
  header(name: string): string[];
  /** The top-level MIME type, lower-case (e.g. "multipart/report"). */
  contentType: string;
  /** Parameters of the top-level Content-Type (report-type …). */
  contentTypeParams: Record<string, string>;
  size: number;
  sha256: string;
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: MailAddress[] = [];
  const walk = (entries: { address?: string | undefined; name?: string; group?: unknown[] | undefined }[]) => {
    for (const e of entries) {
      if (e.address) out.push({ address: e.address.trim().toLowerCase(), name: e.name ? e.name : null });
      if (Array.isArray(e.group)) walk(e.group as typeof entries);
    }
  };
  for (const obj of list) walk(obj.value);
  return out;
}

/** Parses a raw RFC 822 message. Never throws on odd input: mailparser is lenient and missing parts come back empty. */
export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const parsed = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true, skipHtmlToText: true });
  const sha256 = createHash("sha256").update(raw).digest("hex");
  const lines = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    const list = lines.get(key.toLowerCase()) ?? [];
    list.push(value);
    lines.set(key.toLowerCase(), list);
  }
  const ct = parsed.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  const messageId = normaliseMessageId(parsed.messageId);
  const text = (parsed.text ?? "").trim() !== "" ? parsed.text! : typeof parsed.html === "string" ? htmlToText(parsed.html) : "";
  return {
    messageId: messageId ?? `<sha256-${sha256.slice(0, 40)}@threadline.invalid>`,
    hasMessageId: messageId !== null,
    inReplyTo: parseIdList(parsed.inReplyTo),
    references: parseIdList(parsed.references),
    subject: parsed.subject ?? "",
    from: addresses(parsed.from)[0] ?? null,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    deliveredTo: [...(lines.get("delivered-to") ?? []), ...(lines.get("x-original-to") ?? [])].map((a) => a.replace(/^<|>$/g, "").trim().toLowerCase()),
    date: parsed.date ?? null,
    text: text.replace(/\u00a0/g, " "),
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: (a.contentType || "application/octet-stream").toLowerCase(),
      size: a.size ?? a.content.length,
      inline: a.related === true || (a.contentDisposition === "inline" && a.contentType.startsWith("image/") && Boolean(a.cid)),
    })),
    header: (name) => lines.get(name.toLowerCase()) ?? [],
    contentType: (ct?.value ?? "text/plain").toLowerCase(),
    contentTypeParams: ct?.params ?? {},
    size: raw.length,
    sha256,
  };
}
