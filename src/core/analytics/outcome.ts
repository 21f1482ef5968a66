import type { DomainEvent } from "../model/index.js";

/**
 * One conversation's outcome figures, folded from its event log (the log is
 * the only source: every figure can be recomputed and audited). Times are
 * instants; durations are left to the report (wall-clock or business hours).
 * Definitions: docs/analytics.md.
 */
export interface ConversationOutcome {
  conversationId: string;
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
  /**
   * How it ended, as of the end of the log: `ai_soft` (resolved after silence following an AI answer),
   * `human` (resolved by an agent or after silence following an agent's reply), `open` (not resolved,
   * or reopened since: a reopen takes a resolution back).
   */
  resolution: "ai_soft" | "human" | "open";
  resolvedAt: Date | null;
  reopened: number;
  slaBreaches: number;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** Folds one conversation's events (in log order) into its outcome; null when it has no `conversation.opened`. */
export function foldOutcome(events: readonly DomainEvent[]): ConversationOutcome | null {
  const opened = events.find((e) => e.type === "conversation.opened");
  if (!opened || !opened.conversationId) return null;
  const authorOf = new Map<string, string>();
  const out: ConversationOutcome = {
    conversationId: opened.conversationId, openedAt: opened.at, channel: str(opened.data.channel), queue: null, intent: null, language: null,
    firstCustomerMessageAt: null, firstAiReplyAt: null, escalatedAt: null, escalationReason: null, firstHumanReplyAt: null,
    resolution: "open", resolvedAt: null, reopened: 0, slaBreaches: 0,
  };
  for (const e of events) {
    switch (e.type) {
      case "message.received":
        out.firstCustomerMessageAt ??= e.at;
        break;
      case "message.queued":
        if (typeof e.data.messageId === "string") authorOf.set(e.data.messageId, String(e.data.authorKind ?? e.actor));
        break;
      case "message.sent": {
        const author = typeof e.data.messageId === "string" ? authorOf.get(e.data.messageId) : undefined;
        if (author === "ai") out.firstAiReplyAt ??= e.at;
        if (author === "agent" && out.escalatedAt && e.at >= out.escalatedAt) out.firstHumanReplyAt ??= e.at;
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
        }
        out.queue = str(e.data.queue) ?? out.queue;
        break;
      case "conversation.queue_changed":
        out.queue = str(e.data.to) ?? out.queue;
        break;
      case "sla.breached":
        out.slaBreaches++;
        break;
      case "conversation.status_changed":
        if (e.data.to === "resolved") {
          out.resolvedAt = e.at;
          out.resolution = e.data.reason === "auto_resolved" && !out.escalatedAt ? "ai_soft" : "human";
        } else if (e.data.from === "resolved") {
          out.reopened++;
          out.resolution = "open";
          out.resolvedAt = null;
        }
        break;
    }
  }
  return out;
}
