import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import { z } from "zod";
import { businessTimeBetween } from "../calendar/business-time.js";
import type { BusinessHours } from "../config/business-hours.js";
import type { Store } from "../store/port.js";
import type { ConversationOutcome } from "./outcome.js";
import { streamOutcomes, type OutcomeRange } from "./read.js";

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export const exportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

/** One exported row: a conversation's outcome figures, flat (definitions: docs/analytics.md). */
export interface ExportRow {
  conversation_id: string;
  contact_id: string | null;
  channel: string | null;
  queue: string | null;
  intent: string | null;
  language: string | null;
  agent: string | null;
  opened_at: string;
  first_response_ai_ms: number | null;
  escalated: boolean;
  escalated_at: string | null;
  escalation_reason: string | null;
  first_response_human_ms: number | null;
  /** Null without `business_hours`. */
  first_response_human_business_ms: number | null;
  first_human_touch_ms: number | null;
  queue_transfers: number;
  card_required_fields: number | null;
  card_missing_fields: number | null;
  resolution: ConversationOutcome["resolution"];
  resolved_at: string | null;
  time_to_resolution_ms: number | null;
  abandon_reason: string | null;
  ended_at: string | null;
  reopened: number;
  recontact: boolean;
  sla_breaches: number;
  survey_sent: boolean;
  csat: number | null;
  csat_comment: string | null;
}

/** The CSV header, in column order. */
export const EXPORT_COLUMNS: readonly (keyof ExportRow)[] = [
  "conversation_id",
  "contact_id",
  "channel",
  "queue",
  "intent",
  "language",
  "agent",
  "opened_at",
  "first_response_ai_ms",
  "escalated",
  "escalated_at",
  "escalation_reason",
  "first_response_human_ms",
  "first_response_human_business_ms",
  "first_human_touch_ms",
  "queue_transfers",
  "card_required_fields",
  "card_missing_fields",
  "resolution",
  "resolved_at",
  "time_to_resolution_ms",
  "abandon_reason",
  "ended_at",
  "reopened",
  "recontact",
  "sla_breaches",
  "survey_sent",
  "csat",
  "csat_comment",
];

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const between = (a: Date | null, b: Date | null) => (a && b ? b.getTime() - a.getTime() : null);

/** A conversation's outcome as one flat export row. */
export function exportRow(o: ConversationOutcome, hours?: BusinessHours): ExportRow {
  return {
    conversation_id: o.conversationId,
    contact_id: o.contactId,
    channel: o.channel,
    queue: o.queue,
    intent: o.intent,
    language: o.language,
    agent: o.agent,
    opened_at: o.openedAt.toISOString(),
    first_response_ai_ms: between(o.firstCustomerMessageAt, o.firstAiReplyAt),
    escalated: o.escalatedAt !== null,
    escalated_at: iso(o.escalatedAt),
    escalation_reason: o.escalationReason,
    first_response_human_ms: between(o.escalatedAt, o.firstHumanReplyAt),
    first_response_human_business_ms: hours && o.escalatedAt && o.firstHumanReplyAt ? businessTimeBetween(hours, o.escalatedAt, o.firstHumanReplyAt) : null,
    first_human_touch_ms: between(o.escalatedAt, o.firstHumanTouchAt),
    queue_transfers: o.queueTransfers,
    card_required_fields: o.cardRequiredFields,
    card_missing_fields: o.cardMissingFields,
    resolution: o.resolution,
    resolved_at: iso(o.resolvedAt),
    time_to_resolution_ms: between(o.openedAt, o.resolvedAt),
    abandon_reason: o.abandonReason,
    ended_at: iso(o.endedAt),
    reopened: o.reopened,
    recontact: o.recontact,
    sla_breaches: o.slaBreaches,
    survey_sent: o.surveySent,
    csat: o.csat,
    csat_comment: o.csatComment,
  };
}

/** What to export, where to, and how. */
export interface ExportOptions {
  format: ExportFormat;
  range: OutcomeRange;
  recontactWindowMs: number;
  hours?: BusinessHours | undefined;
  /** Conversations read per store page (default 500). */
  pageSize?: number;
  /** End `out` when done (default true); false for process.stdout. */
  endOutput?: boolean;
  /** Called as each row is folded, with the rows so far. */
  onRow?: (rows: number) => void;
}

/**
 * Streams one row per conversation to `out` as CSV (with a header) or JSON
 * lines: one page of conversations in memory at a time, rows written as they
 * are folded, and reading pauses while `out` is not draining (backpressure).
 * Resolves with the number of rows once `out` has taken them all; `out` is
 * ended unless `endOutput` is false.
 */
export async function exportConversations(store: Store, out: NodeJS.WritableStream, options: ExportOptions): Promise<number> {
  let rows = 0;
  async function* source(): AsyncGenerator<ExportRow> {
    for await (const outcome of streamOutcomes(store, options.range, { recontactWindowMs: options.recontactWindowMs, pageSize: options.pageSize ?? 500 })) {
      const row = exportRow(outcome, options.hours);
      rows++;
      options.onRow?.(rows);
      yield row;
    }
  }
  const format =
    options.format === "csv"
      ? stringify({ header: true, columns: [...EXPORT_COLUMNS], cast: { boolean: (v) => (v ? "true" : "false") } })
      : new Transform({ writableObjectMode: true, transform: (row: ExportRow, _enc, done) => done(null, `${JSON.stringify(row)}\n`) });
  await pipeline(Readable.from(source(), { highWaterMark: 64 }), format, out, { end: options.endOutput ?? true });
  return rows;
}
