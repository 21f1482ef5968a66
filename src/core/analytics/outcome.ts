import type { DomainEvent } from "../model/index.js";

/**
 * One conversation's outcome figures, folded from its event log (the log is
 * the only source: every figure can be recomputed and audited). Times are
 * instants; durations are left to the report (wall-clock or business hours).
 * Definitions: docs/analytics.md.
 */
export interface ConversationOutcome {
  conversationId: string;
  /** The contact: the conversation's current one when read through the store (after merges), else the opening event's. */
  contactId: string | null;
  openedAt: Date;
  channel: string | null;
  queue: string | null;
  intent: string | null;
  language: string | null;
  firstCustomerMessageAt: Date | null;
  /** First AI-written reply that reached the channel (`message.sent`). */
  firstAiReplyAt: Date | null;
  escalatedAt: Date | null;
  /** Why it went to people: the rule's id, else the AI's reason ("low_confidence", "no_answer", …). */
  escalationReason: string | null;
  /** First agent reply sent to the customer after the hand-off. */
  firstHumanReplyAt: Date | null;
  /** The agent (`agents[].id`) who wrote that first reply: the conversation's agent in `--by agent`. */
  agent: string | null;
  /** First agent action of any kind after the hand-off (claim, assignment, note, reply, …). */
  firstHumanTouchAt: Date | null;
  /** Queue changes after the hand-off: moved to another team's queue by people or by a rule raised later. */
  queueTransfers: number;
  /** The intent's fields the handoff card needed, and those it still lacked, at the first hand-off; null when the event predates them. */
  cardRequiredFields: number | null;
  cardMissingFields: number | null;
  /**
   * How it ended, as of the end of the log: `ai_soft` (resolved after silence following an AI answer),
   * `human` (resolved by an agent or after silence following an agent's reply), `abandoned` (see
   * `abandonReason`), `open` (not resolved, or reopened since: a reopen takes a resolution back).
   */
  resolution: "ai_soft" | "human" | "abandoned" | "open";
  resolvedAt: Date | null;
  /**
   * Why it is `abandoned`: `customer_silent` (it was pending, the customer owing an answer, when the silence timer resolved it or
   * the continuity window closed it) or `unanswered` (closed without any AI or agent reply ever sent).
   */
  abandonReason: "customer_silent" | "unanswered" | null;
  /** When it last ended (resolved, abandoned or closed) as of the end of the log; null while open. */
  endedAt: Date | null;
  /** Re-contact (docs/analytics.md): set by the reader (`streamOutcomes`), which looks at the contact's other conversations; false from the fold alone. */
  recontact: boolean;
  reopened: number;
  slaBreaches: number;
  /** A satisfaction survey was sent (`survey.sent`). */
  surveySent: boolean;
  /** The CSAT answer (1–5) and its comment (`survey.answered`), null without one. */
  csat: number | null;
  csatComment: string | null;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** Folds one conversation's events (in log order) into its outcome; null when it has no `conversation.opened`. */
export function foldOutcome(events: readonly DomainEvent[]): ConversationOutcome | null {
  const opened = events.find((e) => e.type === "conversation.opened");
  if (!opened || !opened.conversationId) return null;
  const authorOf = new Map<string, { kind: string; actor: string }>();
  let answered = false;
  const out: ConversationOutcome = {
    conversationId: opened.conversationId,
    contactId: opened.contactId,
    openedAt: opened.at,
    channel: str(opened.data.channel),
    queue: null,
    intent: null,
    language: null,
    firstCustomerMessageAt: null,
    firstAiReplyAt: null,
    escalatedAt: null,
    escalationReason: null,
    firstHumanReplyAt: null,
    agent: null,
    firstHumanTouchAt: null,
    queueTransfers: 0,
    cardRequiredFields: null,
    cardMissingFields: null,
    resolution: "open",
    resolvedAt: null,
    abandonReason: null,
    endedAt: null,
    recontact: false,
    reopened: 0,
    slaBreaches: 0,
    surveySent: false,
    csat: null,
    csatComment: null,
  };
  for (const e of events) {
    if (out.escalatedAt && !out.firstHumanTouchAt && e.actor.startsWith("agent:") && e.at >= out.escalatedAt) out.firstHumanTouchAt = e.at;
    switch (e.type) {
      case "message.received":
        out.firstCustomerMessageAt ??= e.at;
        break;
      case "message.queued":
        if (typeof e.data.messageId === "string") authorOf.set(e.data.messageId, { kind: String(e.data.authorKind ?? e.actor), actor: e.actor });
        break;
      case "message.sent": {
        const author = typeof e.data.messageId === "string" ? authorOf.get(e.data.messageId) : undefined;
        if (author?.kind === "ai" || author?.kind === "agent") answered = true;
        if (author?.kind === "ai") out.firstAiReplyAt ??= e.at;
        if (author?.kind === "agent" && out.escalatedAt && e.at >= out.escalatedAt && !out.firstHumanReplyAt) {
          out.firstHumanReplyAt = e.at;
          out.agent = author.actor.startsWith("agent:") ? author.actor.slice("agent:".length) : null;
        }
        break;
      }
      case "decision.made":
        out.intent = str(e.data.intent) ?? out.intent;
        out.language = str(e.data.language) ?? out.language;
        break;
      case "conversation.escalated":
        if (!out.escalatedAt) {
          out.escalatedAt = e.at;
          out.escalationReason = str(e.data.rule) ?? str(e.data.reason);
          if (Array.isArray(e.data.requiredFields) && Array.isArray(e.data.missingFields)) {
            out.cardRequiredFields = e.data.requiredFields.length;
            out.cardMissingFields = e.data.missingFields.length;
          }
        }
        out.queue = str(e.data.queue) ?? out.queue;
        break;
      case "conversation.queue_changed":
        if (out.escalatedAt && str(e.data.from) && e.data.to !== e.data.from) out.queueTransfers++;
        out.queue = str(e.data.to) ?? out.queue;
        break;
      case "sla.breached":
        out.slaBreaches++;
        break;
      case "survey.sent":
        out.surveySent = true;
        break;
      case "survey.answered":
        if (e.data.kind === "csat" && typeof e.data.score === "number") {
          out.csat = e.data.score;
          out.csatComment = str(e.data.comment);
        }
        break;
      case "conversation.status_changed":
        statusChanged(out, e, answered);
        break;
    }
  }
  return out;
}

/** Silence the hub itself ended on: the auto-resolve timer, or the continuity window closing an idle conversation. */
const SILENCE_REASONS: ReadonlySet<unknown> = new Set(["auto_resolved", "continuity_window_elapsed"]);

/** A status change's effect on resolution, abandonment and reopening (definitions: docs/analytics.md). */
function statusChanged(out: ConversationOutcome, e: DomainEvent, answered: boolean): void {
  const { from, to, reason } = e.data;
  if (to === "resolved" || to === "closed") {
    if (reason === "contact_erased") return;
    out.endedAt = e.at;
    const abandon = from === "pending" && SILENCE_REASONS.has(reason) ? "customer_silent" : to === "closed" && !answered ? "unanswered" : null;
    if (abandon) {
      out.resolution = "abandoned";
      out.abandonReason = abandon;
      out.resolvedAt = null;
    } else if (to === "resolved") {
      out.resolvedAt = e.at;
      out.resolution = reason === "auto_resolved" && !out.escalatedAt ? "ai_soft" : "human";
    }
  } else if (from === "resolved" || from === "closed") {
    if (from === "resolved") out.reopened++;
    out.resolution = "open";
    out.resolvedAt = null;
    out.abandonReason = null;
    out.endedAt = null;
  }
}
