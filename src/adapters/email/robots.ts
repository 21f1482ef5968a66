/**
 * Mail written by machines: auto-replies (vacation, out of office), bounces
 * and delivery reports, mailing lists and newsletters, and senders that do
 * not read replies (no-reply). The hub stores them (nothing is lost, agents
 * see them) but never answers them: answering starts mail loops and mails
 * addresses that nobody reads.
 */
import type { ParsedEmail } from "./parse.js";

/** Why a mail is a robot's. */
export interface RobotVerdict {
  kind: "auto_reply" | "bounce" | "report" | "list" | "no_reply";
  /** A short reason for logs, events and agents (header or rule that matched; no personal data). */
  reason: string;
}

/** Local parts of addresses that do not read replies, or that only send bounces. */
const NO_REPLY_LOCAL =
  /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply|donotreply|noreply[-_.+].*|.*[-_.+]no[-_.]?reply|no[-_.]?answer|nepasrepondre|ne[-_.]?pas[-_.]?repondre|nicht[-_.]?antworten|keine[-_.]?antwort|noresponder|no[-_.]?responder|bounces?(?:[-_.+].*)?|notifications?[-_.]noreply)$/i;
const DAEMON_LOCAL = /^(?:mailer-daemon|postmaster|mail-daemon|maildaemon|mailerdaemon)$/i;
const DAEMON_NAME =
  /^(?:mail delivery (?:subsystem|system|service)|mailer-daemon|postmaster|microsoft outlook|mail administrator|e-?mail delivery system|systemadministrator)$/i;

/** Subjects of bounces that come without a delivery-status part. */
const BOUNCE_SUBJECT = new RegExp(
  `^\\s*(?:${[
    "undelivered mail returned to sender",
    "undeliverable",
    "undelivered mail",
    "delivery status notification \\((?:failure|delay)\\)",
    "mail delivery failed",
    "delivery failure",
    "delivery has failed",
    "failure notice",
    "returned mail",
    "mail system error",
    "message not delivered",
    "message delivery failure",
    "undeliverable message",
    "unzustellbar",
    "nicht zustellbar",
    "unzustellbare nachricht",
    "non remis",
    "non distribuable",
    "rapport de non-remise",
    "no se puede entregar",
    "no entregado",
    "non recapitabile",
    "impossibile recapitare",
    "onbestelbaar",
    "niet bezorgd",
    "niedostarczalne",
    "nie dostarczono",
    "не доставлено",
    "недоставленное сообщение",
    "kan ikke leveres",
    "ikke leveret",
    "kunde inte levereras",
    "olevererbart",
    "ei voitu toimittaa",
    "nedoručitelné",
    "nedoručeno",
    "não entregue",
    "não foi possível entregar",
    "無法傳遞",
    "无法投递",
    "配信不能",
    "tin nhắn không gửi được",
  ].join("|")})\\b`,
  "iu",
);
/** Technical marks of a failure notice (SMTP codes, DSN fields), which a customer writing about a failed delivery does not write. */
const BOUNCE_BODY =
  /\b[45]\.\d{1,3}\.\d{1,3}\b|\b55[0-4][ -]|user unknown|no such user|recipient address rejected|mailbox unavailable|diagnostic-code:|final-recipient:|remote-mta:|permanent fatal error/i;

/** Subjects of auto-replies ("Automatic reply: …", "Abwesenheitsnotiz: …", "Réponse automatique : …"), anchored at the start. */
const AUTO_SUBJECT = new RegExp(
  `^\\s*[[(]?\\s*(?:${[
    "auto(?:matic)?[ -]?reply",
    "auto(?:matic)?[ -]?response",
    "autoreply",
    "auto-?antwort",
    "automatische antwort",
    "out of (?:the )?office",
    "ooo\\b",
    "abwesenheitsnotiz",
    "absence du bureau",
    "r[ée]ponse automatique",
    "r[ée]ponse en ton absence",
    "respuesta autom[áa]tica",
    "fuera de la oficina",
    "fuera de oficina",
    "risposta automatica",
    "fuori sede",
    "fuori ufficio",
    "resposta autom[áa]tica",
    "fora do escrit[óo]rio",
    "automatisch antwoord",
    "autosvar",
    "fraværsmelding",
    "automaattinen vastaus",
    "odpowied[źz] automatyczna",
    "automatyczna odpowied[źz]",
    "автоответ",
    "автоматический ответ",
    "нет на месте",
    "automatick[áa] odpov[ěe]ď",
    "trả lời tự động",
    "自動応答",
    "自動返信",
    "自动回复",
    "自動回覆",
    "otomatik yanıt",
    "automatikus válasz",
    "vacation reply",
    "on vacation",
    "away from (?:the )?office",
  ].join("|")})(?=[\\s:：\\])!.,-]|$)`,
  "iu",
);
/** Weaker words that name an auto-reply only when followed by a colon ("Absence: Re: …", "Vacation: …"). */
const AUTO_SUBJECT_COLON =
  /^\s*(?:auto|absence|absent|abwesend|abwesenheit|afwezig|frånvaro|fravær|poissa|nepřítomnost|vacation|urlaub|vacances|vacaciones|ferie|semester|loma|urlop|отпуск|dovolená)\s*[:：]/iu;

function local(address: string): string {
  return address.slice(0, address.lastIndexOf("@"));
}

/** True for addresses nobody reads replies at (no-reply, do-not-reply, mailer-daemon …): the hub never mails them. */
export function isNoReplyAddress(address: string): boolean {
  const l = local(address.trim().toLowerCase());
  return NO_REPLY_LOCAL.test(l) || DAEMON_LOCAL.test(l);
}

function first(mail: ParsedEmail, name: string): string {
  return (mail.header(name)[0] ?? "").trim();
}

function bounceVerdict(mail: ParsedEmail): RobotVerdict | null {
  if (mail.contentType === "multipart/report") {
    const type = (mail.contentTypeParams["report-type"] ?? "unknown").toLowerCase();
    return type === "delivery-status" ? { kind: "bounce", reason: "delivery-status report" } : { kind: "report", reason: `report (${type})` };
  }
  if (mail.header("x-failed-recipients").length > 0) return { kind: "bounce", reason: "X-Failed-Recipients" };
  if (/^true$/i.test(first(mail, "x-ms-exchange-message-is-ndr"))) return { kind: "bounce", reason: "Exchange NDR" };
  const from = mail.from;
  if (from && DAEMON_LOCAL.test(local(from.address))) return { kind: "bounce", reason: "sender is a mailer daemon" };
  const subjectBounce = BOUNCE_SUBJECT.test(mail.subject);
  if (subjectBounce && from?.name && DAEMON_NAME.test(from.name.trim())) return { kind: "bounce", reason: "bounce subject from a delivery system" };
  const nullSender = mail.header("return-path").some((v) => v.replace(/\s/g, "") === "<>");
  if (
    subjectBounce &&
    (nullSender ||
      BOUNCE_BODY.test(mail.text) ||
      mail.attachments.some((a) => /^(?:message\/rfc822|text\/rfc822-headers|message\/delivery-status)$/.test(a.contentType)))
  ) {
    return { kind: "bounce", reason: "bounce subject and failure notice" };
  }
  return null;
}

function autoReplyVerdict(mail: ParsedEmail): RobotVerdict | null {
  const autoSubmitted = first(mail, "auto-submitted").toLowerCase().split(/[;\s]/)[0];
  if (autoSubmitted && autoSubmitted !== "no") return { kind: "auto_reply", reason: `Auto-Submitted: ${autoSubmitted}` };
  const suppress = first(mail, "x-auto-response-suppress").toLowerCase();
  if (suppress !== "" && suppress !== "none") return { kind: "auto_reply", reason: "X-Auto-Response-Suppress" };
  for (const h of ["x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply", "x-autoreply-from", "x-mail-autoreply", "x-vacation", "x-responder"]) {
    if (mail.header(h).length > 0) return { kind: "auto_reply", reason: `${h} header` };
  }
  if (/vacation/i.test(first(mail, "x-apple-action"))) return { kind: "auto_reply", reason: "X-Apple-Action: VACATION" };
  if (/vacation|autoreply|auto-reply|autorespond|out of office/i.test(first(mail, "x-mailer")))
    return { kind: "auto_reply", reason: "X-Mailer of an auto-responder" };
  if (/^(?:9;\s*)?autoresponder$/i.test(first(mail, "x-post-messageclass"))) return { kind: "auto_reply", reason: "X-POST-MessageClass" };
  const precedence = first(mail, "precedence").toLowerCase();
  if (["auto_reply", "auto-reply"].includes(precedence)) return { kind: "auto_reply", reason: `Precedence: ${precedence}` };
  if (AUTO_SUBJECT.test(mail.subject) || AUTO_SUBJECT_COLON.test(mail.subject)) return { kind: "auto_reply", reason: "auto-reply subject" };
  return null;
}

/** Our own support address is a list (a Google Group, a Microsoft 365 group): its list headers say nothing about the sender. */
function viaOwnList(mail: ParsedEmail, ourAddress: string): boolean {
  const ours = ourAddress.toLowerCase();
  const [l, d] = [local(ours), ours.slice(ours.lastIndexOf("@") + 1)];
  const listId = first(mail, "list-id").toLowerCase();
  return mail.header("list-post").some((v) => v.toLowerCase().includes(ours)) || listId.includes(`<${l}.${d}>`);
}

function listVerdict(mail: ParsedEmail, ourAddress: string): RobotVerdict | null {
  if (viaOwnList(mail, ourAddress)) return null;
  const precedence = first(mail, "precedence").toLowerCase();
  if (["bulk", "junk", "list"].includes(precedence)) return { kind: "list", reason: `Precedence: ${precedence}` };
  if (mail.header("list-id").length > 0) return { kind: "list", reason: "List-Id" };
  if (mail.header("list-unsubscribe").length > 0) return { kind: "list", reason: "List-Unsubscribe" };
  return null;
}

/**
 * Whether a mail was written by a machine, and why; null for a person's
 * mail. Checked in order: bounces and reports, auto-replies (RFC 3834
 * Auto-Submitted, Microsoft's X-Auto-Response-Suppress, the X-Autoreply
 * family, Apple's X-Apple-Action, auto-reply subjects in many languages),
 * mailing lists and newsletters (Precedence, List-Id, List-Unsubscribe; not
 * when our own address is the list), then no-reply senders.
 */
export function robotVerdict(mail: ParsedEmail, ourAddress: string): RobotVerdict | null {
  const verdict = bounceVerdict(mail) ?? autoReplyVerdict(mail) ?? listVerdict(mail, ourAddress);
  if (verdict) return verdict;
  if (mail.from && isNoReplyAddress(mail.from.address)) return { kind: "no_reply", reason: "no-reply sender" };
  if (mail.header("return-path").some((v) => v.replace(/\s/g, "") === "<>")) return { kind: "auto_reply", reason: "empty Return-Path" };
  return null;
}
