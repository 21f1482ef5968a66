import { businessTimeBetween } from "../calendar/business-time.js";
import type { BusinessHours } from "../config/business-hours.js";
import type { ConversationOutcome } from "./outcome.js";

/** A duration figure: how many conversations it covers and its median and 90th percentile (ms). */
export interface DurationFigure {
  n: number;
  p50_ms: number | null;
  p90_ms: number | null;
}

/** The figures of one group of conversations (definitions: docs/analytics.md). */
export interface ReportRow {
  group: string;
  conversations: number;
  /** Distinct contacts among them (re-contacts versus unique contacts). */
  contacts: number;
  /** Conversations the AI kept (never escalated), and their share. */
  ai_contained: number;
  containment_rate: number | null;
  escalated: number;
  escalation_rate: number | null;
  /** Escalations by reason (rule id, or the AI's reason). */
  escalation_reasons: Record<string, number>;
  ai_resolved_soft: number;
  human_resolved: number;
  unresolved: number;
  /** Ended without the customer's issue handled (customer silent while owing an answer, or closed unanswered), by reason. */
  abandoned: number;
  abandonment_rate: number | null;
  abandon_reasons: Record<string, number>;
  reopened: number;
  /** Conversations that follow one of the same contact about the same intent within `analytics.recontact_window`. */
  recontacts: number;
  recontact_rate: number | null;
  first_response_ai: DurationFigure;
  /** From hand-off to the first agent reply: wall-clock, and in business hours when they are configured. */
  first_response_human: DurationFigure;
  first_response_human_business: DurationFigure | null;
  /** From hand-off to the first agent action of any kind (claim, assignment, note, reply). */
  first_human_touch: DurationFigure;
  time_to_resolution: DurationFigure;
  sla_breaches: number;
  /** Escalated conversations moved to another queue after the hand-off, and the number of moves. */
  transferred: number;
  queue_transfers: number;
  /** Handoff cards at the first hand-off: mean share of the intent's required fields present, and how many had them all. */
  card_completeness: { n: number; mean: number | null; complete: number };
  /** CSAT surveys sent, answered, the response rate, the mean score (1–5) and the share of 4s and 5s among answers. */
  csat: { sent: number; responses: number; response_rate: number | null; mean: number | null; satisfied_rate: number | null };
}

/** `agent`: who sent the first human reply after the hand-off (docs/analytics.md). */
export type GroupBy = "all" | "queue" | "channel" | "intent" | "language" | "agent";

/** Nearest-rank percentile of sorted values (the definition Prometheus-free dashboards usually show). */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function figure(values: number[]): DurationFigure {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50_ms: percentile(sorted, 50), p90_ms: percentile(sorted, 90) };
}

const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

function row(group: string, list: readonly ConversationOutcome[], hours?: BusinessHours): ReportRow {
  const escalated = list.filter((o) => o.escalatedAt);
  const reasons: Record<string, number> = {};
  for (const o of escalated) reasons[o.escalationReason ?? "unknown"] = (reasons[o.escalationReason ?? "unknown"] ?? 0) + 1;
  const human = escalated.filter((o) => o.firstHumanReplyAt);
  const abandoned = list.filter((o) => o.resolution === "abandoned");
  const recontacts = list.filter((o) => o.recontact).length;
  return {
    group,
    conversations: list.length,
    contacts: new Set(list.map((o) => o.contactId ?? o.conversationId)).size,
    ai_contained: list.length - escalated.length,
    containment_rate: share(list.length - escalated.length, list.length),
    escalated: escalated.length,
    escalation_rate: share(escalated.length, list.length),
    escalation_reasons: reasons,
    ai_resolved_soft: list.filter((o) => o.resolution === "ai_soft").length,
    human_resolved: list.filter((o) => o.resolution === "human").length,
    unresolved: list.filter((o) => o.resolution === "open").length,
    abandoned: abandoned.length,
    abandonment_rate: share(abandoned.length, list.length),
    abandon_reasons: tally(abandoned.map((o) => o.abandonReason ?? "unknown")),
    reopened: list.filter((o) => o.reopened > 0).length,
    recontacts,
    recontact_rate: share(recontacts, list.length),
    first_response_ai: figure(
      list.filter((o) => o.firstAiReplyAt && o.firstCustomerMessageAt).map((o) => o.firstAiReplyAt!.getTime() - o.firstCustomerMessageAt!.getTime()),
    ),
    first_response_human: figure(human.map((o) => o.firstHumanReplyAt!.getTime() - o.escalatedAt!.getTime())),
    first_response_human_business: hours ? figure(human.map((o) => businessTimeBetween(hours, o.escalatedAt!, o.firstHumanReplyAt!))) : null,
    first_human_touch: figure(escalated.filter((o) => o.firstHumanTouchAt).map((o) => o.firstHumanTouchAt!.getTime() - o.escalatedAt!.getTime())),
    time_to_resolution: figure(list.filter((o) => o.resolvedAt).map((o) => o.resolvedAt!.getTime() - o.openedAt.getTime())),
    sla_breaches: list.reduce((n, o) => n + o.slaBreaches, 0),
    transferred: escalated.filter((o) => o.queueTransfers > 0).length,
    queue_transfers: escalated.reduce((n, o) => n + o.queueTransfers, 0),
    card_completeness: completeness(escalated),
    csat: csatFigures(list),
  };
}

function csatFigures(list: readonly ConversationOutcome[]): ReportRow["csat"] {
  const sent = list.filter((o) => o.surveySent).length;
  const scores = list.flatMap((o) => (o.csat === null ? [] : [o.csat]));
  const mean = scores.length === 0 ? null : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100;
  return {
    sent,
    responses: scores.length,
    response_rate: share(scores.length, sent),
    mean,
    satisfied_rate: share(scores.filter((s) => s >= 4).length, scores.length),
  };
}

function tally(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

/** Per card: present required fields / required fields (cards of intents with required fields only). */
function completeness(escalated: readonly ConversationOutcome[]): ReportRow["card_completeness"] {
  const shares = escalated.filter((o) => o.cardRequiredFields).map((o) => (o.cardRequiredFields! - (o.cardMissingFields ?? 0)) / o.cardRequiredFields!);
  const mean = shares.length === 0 ? null : Math.round((shares.reduce((a, b) => a + b, 0) / shares.length) * 1000) / 1000;
  return { n: shares.length, mean, complete: shares.filter((s) => s === 1).length };
}

/** The report: one row for everything, or one per group value (sorted by size, then name). */
export function buildReport(outcomes: readonly ConversationOutcome[], by: GroupBy, hours?: BusinessHours): ReportRow[] {
  if (by === "all") return [row("all", outcomes, hours)];
  const groups = new Map<string, ConversationOutcome[]>();
  for (const o of outcomes) {
    const key = o[by] ?? "(none)";
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).map(([key, list]) => row(key, list, hours));
}
