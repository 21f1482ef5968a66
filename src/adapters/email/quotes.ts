/**
 * Splits the text of a mail into what the customer wrote this time and what
 * their client quoted, so the conversation, the AI and the handoff card see
 * every word the customer wrote and none of the history. The original MIME
 * source is kept separately (see raw-store.ts), so nothing is lost when a
 * heuristic cuts too much.
 *
 * Measured against the maintained libraries on the same corpus
 * (tests/adapters/email/fixtures; compare-libraries.ts; docs/email.md
 * "Quote stripping"): email-reply-parser 2.3.9 kept all new text in 58/67
 * mails and stripped the history in 39/49 (it drops forwarded content and
 * "--" lists, and requires Node 22); planer 1.2.0 60/67 and 24/49. This
 * splitter: 67/67 and 49/49, so we keep it and no dependency is added.
 * The corpus was written alongside the splitter: the held-out figures are
 * the maintainers' to measure.
 */
import {
  ATTRIBUTION_START_RE,
  headerLine,
  isAttribution,
  isForwardSeparator,
  isForwardSubject,
  isInlineHeaderBlock,
  isOriginalSeparator,
  isQuoteLine,
  isRule,
  isTagline,
  unquote,
} from "./quote-patterns.js";
import { looksLikeSignature, signatureDelimiter } from "./signature.js";

/** A mail's text, split. */
export interface ReplyParts {
  /**
   * What to store and show: the customer's new text (with the quoted
   * question an inline answer refers to, as "> …" lines), followed by a
   * message they forwarded on purpose.
   */
  text: string;
  /** The quoted history that was removed (attribution lines, header blocks, quoted lines). */
  quoted: string;
  /** The signature and client taglines that were removed, or null. */
  signature: string | null;
  /** The forwarded message (also part of `text`), or null. */
  forwarded: string | null;
}

interface Block {
  kind: "new" | "quote";
  lines: string[];
}

type Marker = { kind: "forward" | "history" | "attribution"; lines: number; prefix?: string };

/** How many lines after `i` may still belong to a header block (wrapped To: lists, one blank line). */
const HEADER_SCAN = 10;
const DATE_VALUE = /\d/;

/** An Outlook/Apple header block ("From:/Sent:/To:/Subject:" or a translation) starting at line i. */
function headerBlockAt(lines: readonly string[], i: number): boolean {
  const first = headerLine(lines[i]!);
  if (!first || first.value === "") return false;
  const roles = new Map([[first.role, first.value]]);
  let blanks = 0;
  for (let j = i + 1; j < Math.min(lines.length, i + HEADER_SCAN); j++) {
    const s = lines[j]!.trim();
    if (s === "") {
      if (++blanks > 1) break;
      continue;
    }
    const h = headerLine(s);
    if (!h) {
      if (s.length < 200 && /[,;@]/.test(s)) continue; // a wrapped To:/Cc: list
      break;
    }
    blanks = 0;
    if (!roles.has(h.role)) roles.set(h.role, h.value);
  }
  const from = roles.get("from");
  if (from === undefined) return false;
  // "From:" + "Sent:" is Outlook's; a customer writes neither "Sent:" nor "Gesendet:" about an address change.
  if (roles.has("sent")) return true;
  const date = roles.get("date");
  const named = /[@<]/.test(from);
  // A customer's own "From: old address / To: new address" (even with a "Date:" of the move) is no header block.
  if (date !== undefined && DATE_VALUE.test(date) && (roles.has("subject") || named)) return true;
  return roles.has("subject") && roles.has("to") && named;
}

/** An attribution wrapped over two or three lines ("On Mon, … Northwind Support <" + "support@shop.example> wrote:"). */
function wrappedAttribution(lines: readonly string[], i: number): number {
  const first = lines[i]!.trim();
  if (first.length > 300 || /[.!?]$/.test(first) || !/\d|@/.test(first)) return 0;
  for (let n = 2; n <= 3 && i + n <= lines.length; n++) {
    const parts = lines.slice(i, i + n).map((l) => l.trim());
    if (parts.some((p) => p === "" || isQuoteLine(p))) return 0;
    if (isAttribution(parts[n - 1]!)) return 0;
    if (isAttribution(parts.join(" "))) return n;
  }
  return 0;
}

/** "Thanks, that works.On Mon, 30 Nov 2026 … wrote:": the reply's last words, when an attribution follows on the same line. */
function sameLinePrefix(line: string): string | null {
  for (const m of line.matchAll(ATTRIBUTION_START_RE)) {
    const start = m.index + (m[0].length - m[0].trimStart().length) + (/^[\s.!?,;)\]"']/.test(m[0]) ? 1 : 0);
    if (start === 0) return null;
    const suffix = line.slice(start);
    if (isAttribution(suffix) && /\d/.test(suffix)) return line.slice(0, start).trimEnd();
    return null;
  }
  return null;
}

function markerAt(lines: readonly string[], i: number): Marker | null {
  const s = lines[i]!.trim();
  if (s === "") return null;
  if (isForwardSeparator(s)) return { kind: "forward", lines: 1 };
  if (isOriginalSeparator(s) || isInlineHeaderBlock(s) || headerBlockAt(lines, i)) return { kind: "history", lines: 1 };
  const prefix = sameLinePrefix(s);
  if (prefix !== null) return { kind: "attribution", lines: 1, prefix };
  if (isAttribution(s, { quoteFollows: isQuoteLine(nextNonBlank(lines, i + 1) ?? "") })) return { kind: "attribution", lines: 1 };
  const wrapped = wrappedAttribution(lines, i);
  return wrapped > 0 ? { kind: "attribution", lines: wrapped } : null;
}

function nextNonBlank(lines: readonly string[], from: number): string | undefined {
  return lines.slice(from).find((l) => l.trim() !== "");
}

/** An attribution not followed by ">" lines cuts everything after it only when it names an address or a date (Gmail, Apple, Yahoo all do). */
function strongAttribution(text: string): boolean {
  return /@|<|\b(?:19|20)\d{2}\b|\d{4}年|^-{2,}.*-{2,}$/.test(text.trim());
}

/** The end (exclusive) of the signature starting at a delimiter on line i, or null when what follows is not a signature. */
function signatureEnd(lines: readonly string[], i: number): number | null {
  const delimiter = signatureDelimiter(lines[i]!);
  if (!delimiter) return null;
  let end = i + 1;
  while (end < lines.length && !isQuoteLine(lines[end]!) && !markerAt(lines, end)) {
    // Another "--" further down: this one separates the customer's own paragraphs or list.
    if (signatureDelimiter(lines[end]!)) return null;
    end++;
  }
  return looksLikeSignature(lines.slice(i + 1, end), delimiter) ? end : null;
}

/** The question an inline answer refers to: the last paragraph of the quote block, at most three lines. */
function contextOf(block: Block): { context: string[]; rest: string[] } {
  const plain = block.lines.map(unquote);
  let end = plain.length;
  while (end > 0 && plain[end - 1]!.trim() === "") end--;
  let start = end;
  while (start > 0 && plain[start - 1]!.trim() !== "" && end - start < 3) start--;
  return { context: plain.slice(start, end).map((l) => `> ${l.trim()}`), rest: block.lines.slice(0, start) };
}

function tidy(lines: readonly string[]): string {
  const out = [...lines];
  while (out.length > 0 && (out.at(-1)!.trim() === "" || isRule(out.at(-1)!))) out.pop();
  return out
    .map((l) => l.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\s*\n/, "")
    .trim();
}

/** Scans the lines into new-text and quote blocks, setting aside history, signature and a forwarded part. */
function scan(lines: readonly string[], forwardMode: boolean) {
  const blocks: Block[] = [];
  const removed: string[] = [];
  const signature: string[] = [];
  let forwarded: string[] | null = null;
  const add = (kind: Block["kind"], line: string) => {
    const last = blocks.at(-1);
    if (last?.kind === kind) last.lines.push(line);
    else blocks.push({ kind, lines: [line] });
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (isQuoteLine(line)) {
      add("quote", line);
      i++;
      continue;
    }
    if (line.trim() === "") {
      add(blocks.at(-1)?.kind === "quote" && isQuoteLine(nextNonBlank(lines, i) ?? "") ? "quote" : "new", line);
      i++;
      continue;
    }
    const marker = markerAt(lines, i);
    const quoteFollows = marker !== null && isQuoteLine(nextNonBlank(lines, i + marker.lines) ?? "");
    // An attribution-looking line of the customer's own ("Yesterday at 10:00 your colleague wrote:"), followed by their own text.
    const weak = marker?.kind === "attribution" && !quoteFollows && !forwardMode && !strongAttribution(lines.slice(i, i + marker.lines).join(" "));
    if (marker && !weak) {
      if (marker.prefix) add("new", marker.prefix);
      const head = marker.prefix ? [lines[i]!.trim().slice(marker.prefix.length).trim(), ...lines.slice(i + 1)] : lines.slice(i);
      if (marker.kind === "forward" || forwardMode) {
        forwarded = head;
        break;
      }
      if (marker.kind === "attribution" && quoteFollows) {
        // Only the ">" lines below are history: text after them is a bottom-posted or inline answer.
        removed.push(head.slice(0, marker.lines).join("\n"));
        i += marker.lines;
        continue;
      }
      removed.push(...head);
      break;
    }
    if (isTagline(line)) {
      signature.push(line.trim());
      i++;
      continue;
    }
    const sigEnd = signatureEnd(lines, i);
    if (sigEnd !== null) {
      signature.push(...lines.slice(i, sigEnd));
      i = sigEnd;
      continue;
    }
    add("new", line);
    i++;
  }
  return { blocks: mergeBlocks(blocks), removed, signature, forwarded };
}

/** Drops new-text blocks that are only blank lines and merges the quote blocks around them. */
function mergeBlocks(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    if (b.kind === "new" && b.lines.every((l) => l.trim() === "" || isRule(l))) continue;
    const last = out.at(-1);
    if (last?.kind === b.kind) last.lines.push(...b.lines);
    else out.push({ kind: b.kind, lines: [...b.lines] });
  }
  return out;
}

/**
 * Splits a mail's text. `subject` tells a forward ("Fwd:", "WG:", "TR:",
 * "RV:" …), whose quoted original is content, from a reply, whose quoted
 * original is history (`isReply`: the mail has an In-Reply-To, which
 * settles prefixes that mean "forward" in one language and "reply" in another). Inline answers below quoted questions keep the
 * question as "> …" context; bottom-posted replies keep the text below the
 * quote; a "--" followed by more of the customer's text is not a signature.
 */
export function splitReply(input: string, options: { subject?: string; isReply?: boolean } = {}): ReplyParts {
  const source = input
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\u202f]/g, " ")
    .replace(/[\u200b\u200c\u200d\u2060\ufeff]/g, "");
  const lines = source.split("\n");
  const { blocks, removed, signature, forwarded } = scan(lines, isForwardSubject(options.subject ?? "", options.isReply));
  const answered = blocks.filter((b, k) => b.kind === "quote" && blocks[k + 1]?.kind === "new").length;
  const inline = answered >= 2 || (answered === 1 && blocks[0]?.kind === "new");
  const pieces: string[] = [];
  let context: string[] = [];
  blocks.forEach((b, k) => {
    if (b.kind === "new") {
      const body = tidy(b.lines);
      if (body !== "") pieces.push([...context, body].join("\n"));
      context = [];
      return;
    }
    if (inline && blocks[k + 1]?.kind === "new") {
      const split = contextOf(b);
      context = split.context;
      removed.push(...split.rest);
    } else {
      removed.push(...b.lines);
    }
  });
  const forwardedText = forwarded ? tidy(forwarded) : "";
  if (forwardedText !== "") pieces.push(forwardedText);
  const text = pieces.join("\n\n").trim();
  return {
    // A mail that is nothing but a quote: keep the whole text rather than store nothing.
    text: text === "" ? source.trim() : text,
    quoted: tidy(removed),
    signature: signature.length > 0 ? tidy(signature) : null,
    forwarded: forwardedText === "" ? null : forwardedText,
  };
}

/** The text to store for a mail (see `splitReply`). */
export function stripQuoted(text: string, subject?: string): string {
  return splitReply(text, subject === undefined ? {} : { subject }).text;
}
