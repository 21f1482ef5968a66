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
  reopened: number;
  first_response_ai: DurationFigure;
  /** From hand-off to the first agent reply: wall-clock, and in business hours when they are configured. */
  first_response_human: DurationFigure;
  first_response_human_business: DurationFigure | null;
  time_to_resolution: DurationFigure;
  sla_breaches: number;
}

export type GroupBy = "all" | "queue" | "channel" | "intent" | "language";

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
  return {
    group,
    conversations: list.length,
    ai_contained: list.length - escalated.length,
    containment_rate: share(list.length - escalated.length, list.length),
    escalated: escalated.length,
    escalation_rate: share(escalated.length, list.length),
    escalation_reasons: reasons,
    ai_resolved_soft: list.filter((o) => o.resolution === "ai_soft").length,
    human_resolved: list.filter((o) => o.resolution === "human").length,
    unresolved: list.filter((o) => o.resolution === "open").length,
    reopened: list.filter((o) => o.reopened > 0).length,
    first_response_ai: figure(list.filter((o) => o.firstAiReplyAt && o.firstCustomerMessageAt)
      .map((o) => o.firstAiReplyAt!.getTime() - o.firstCustomerMessageAt!.getTime())),
    first_response_human: figure(human.map((o) => o.firstHumanReplyAt!.getTime() - o.escalatedAt!.getTime())),
    first_response_human_business: hours ? figure(human.map((o) => businessTimeBetween(hours, o.escalatedAt!, o.firstHumanReplyAt!))) : null,
    time_to_resolution: figure(list.filter((o) => o.resolvedAt).map((o) => o.resolvedAt!.getTime() - o.openedAt.getTime())),
    sla_breaches: list.reduce((n, o) => n + o.slaBreaches, 0),
  };
}

/** The report: one row for everything, or one per group value (sorted by size, then name). */
export function buildReport(outcomes: readonly ConversationOutcome[], by: GroupBy, hours?: BusinessHours): ReportRow[] {
  if (by === "all") return [row("all", outcomes, hours)];
  const groups = new Map<string, ConversationOutcome[]>();
  for (const o of outcomes) {
    const key = o[by] ?? "(none)";
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([key, list]) => row(key, list, hours));
}
