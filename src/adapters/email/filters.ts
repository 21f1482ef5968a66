import type { ParsedEmail } from "./parse.js";
import { isOurMessageId } from "./threading.js";

/**
 * Why a mail must not reach a conversation, or null when it may. Answering
 * these would start mail loops (two auto-responders answering each other) or
 * open conversations for machines: auto-replies (RFC 3834 Auto-Submitted,
 * Precedence, the X-Autoreply family), bounces and delivery/read reports
 * (multipart/report, MAILER-DAEMON, empty Return-Path), mailing lists
 * (List-Id) and mail we sent ourselves coming back.
 */
export function machineMailReason(mail: ParsedEmail, ourDomain: string): string | null {
  if (isOurMessageId(mail.messageId, ourDomain)) return "our own message came back";
  const autoSubmitted = mail.header("auto-submitted")[0]?.toLowerCase().split(/[;\s]/)[0];
  if (autoSubmitted && autoSubmitted !== "no") return `auto-submitted (${autoSubmitted})`;
  const precedence = mail.header("precedence")[0]?.toLowerCase().trim();
  if (precedence && ["bulk", "junk", "list", "auto_reply", "auto-reply"].includes(precedence)) return `precedence ${precedence}`;
  if (mail.header("x-autoreply").length > 0 || mail.header("x-autorespond").length > 0 || mail.header("x-autoresponder").length > 0) return "auto-reply header";
  if (mail.contentType === "multipart/report") return `report (${mail.contentTypeParams["report-type"] ?? "unknown"})`;
  const fromLocal = mail.from?.address.split("@")[0] ?? "";
  if (/^(mailer-daemon|postmaster)$/i.test(fromLocal)) return "bounce (mailer-daemon)";
  if (mail.header("return-path").some((v) => v.replace(/\s/g, "") === "<>")) return "bounce (empty return path)";
  if (mail.header("list-id").length > 0) return "mailing list (List-Id)";
  if (!mail.from) return "no sender address";
  return null;
}
