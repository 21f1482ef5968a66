import type { Command } from "commander";
import { readOutcomes } from "../../core/analytics/read.js";
import { buildReport, type DurationFigure, type GroupBy, type ReportRow } from "../../core/analytics/report.js";
import type { CliIo } from "../io.js";
import { withConfiguredStore } from "../with-store.js";

const GROUPS: readonly GroupBy[] = ["all", "queue", "channel", "intent", "language", "agent"];

/** `threadline report`: outcome figures from the event log (docs/analytics.md). */
export function registerReportCommand(program: Command, io: CliIo): void {
  program
    .command("report")
    .description("Outcome figures from the event log: containment, escalation reasons, resolutions, response times, SLA breaches")
    .option("-c, --config <file>", "config file")
    .option("--from <date>", "conversations opened at or after this date (ISO, e.g. 2026-11-01)")
    .option("--to <date>", "… and before this date")
    .option("--by <group>", `one row per ${GROUPS.slice(1).join(", ")} (agent: who sent the first human reply)`, "all")
    .option("--json", "one JSON object")
    .option("--csv", "CSV, one row per group")
    .action(async (opts: { config?: string; from?: string; to?: string; by: string; json?: boolean; csv?: boolean }) => {
      const by = opts.by as GroupBy;
      if (!GROUPS.includes(by)) {
        const team = opts.by === "team" ? " (there are no teams in the config: queues are the teams' queues, use --by queue)" : "";
        return fail(io, `--by must be one of ${GROUPS.join(", ")}, got "${opts.by}"${team}`);
      }
      const from = opts.from ? new Date(opts.from) : undefined;
      const to = opts.to ? new Date(opts.to) : undefined;
      if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) return fail(io, "--from/--to must be dates such as 2026-11-01");
      await withConfiguredStore(opts.config, io, async (store, loaded) => {
        const range = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
        const rows = buildReport(
          await readOutcomes(store, range, { recontactWindowMs: loaded.config.analytics.recontact_window }),
          by,
          loaded.config.business_hours,
        );
        if (opts.json) io.stdout(`${JSON.stringify({ from: from?.toISOString() ?? null, to: to?.toISOString() ?? null, by, rows }, null, 2)}\n`);
        else if (opts.csv) io.stdout(toCsv(rows));
        else io.stdout(toText(rows));
      });
    });
}

function fail(io: CliIo, message: string): void {
  io.stderr(`${message}\n`);
  process.exitCode = 2;
}

const dur = (f: DurationFigure | null) => (!f || f.n === 0 ? "—" : `p50 ${human(f.p50_ms!)}, p90 ${human(f.p90_ms!)} (n=${f.n})`);
const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)} %`);

function human(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

function toText(rows: readonly ReportRow[]): string {
  return (
    rows
      .map((r) =>
        [
          `${r.group}: ${r.conversations} conversations`,
          `  AI contained        ${r.ai_contained} (${pct(r.containment_rate)})`,
          `  escalated           ${r.escalated} (${pct(r.escalation_rate)})${
            Object.keys(r.escalation_reasons).length
              ? `: ${Object.entries(r.escalation_reasons)
                  .sort((a, b) => b[1] - a[1])
                  .map(([k, n]) => `${k} ${n}`)
                  .join(", ")}`
              : ""
          }`,
          `  contacts            ${r.contacts}; re-contacts ${r.recontacts} (${pct(r.recontact_rate)})`,
          `  resolved            AI (soft) ${r.ai_resolved_soft}, human ${r.human_resolved}; unresolved ${r.unresolved}; reopened ${r.reopened}`,
          `  abandoned           ${r.abandoned} (${pct(r.abandonment_rate)})${
            Object.keys(r.abandon_reasons).length
              ? `: ${Object.entries(r.abandon_reasons)
                  .map(([k, n]) => `${k} ${n}`)
                  .join(", ")}`
              : ""
          }`,
          `  first response, AI  ${dur(r.first_response_ai)}`,
          `  first human reply   ${dur(r.first_response_human)}${r.first_response_human_business ? `; business hours ${dur(r.first_response_human_business)}` : ""}`,
          `  first human touch   ${dur(r.first_human_touch)}`,
          `  queue transfers     ${r.queue_transfers} in ${r.transferred} conversations`,
          `  card completeness   ${r.card_completeness.mean === null ? "—" : `${pct(r.card_completeness.mean)} (n=${r.card_completeness.n}, complete ${r.card_completeness.complete})`}`,
          `  time to resolution  ${dur(r.time_to_resolution)}`,
          `  SLA breaches        ${r.sla_breaches}`,
          `  CSAT                ${
            r.csat.responses === 0
              ? `— (${r.csat.sent} surveys sent, no answer yet)`
              : `${r.csat.mean} of 5, ${pct(r.csat.satisfied_rate)} satisfied (4–5); ${r.csat.responses} of ${r.csat.sent} answered (${pct(r.csat.response_rate)})`
          }`,
        ].join("\n"),
      )
      .join("\n\n") + "\n"
  );
}

function toCsv(rows: readonly ReportRow[]): string {
  const head = [
    "group",
    "conversations",
    "ai_contained",
    "escalated",
    "ai_resolved_soft",
    "human_resolved",
    "unresolved",
    "reopened",
    "abandoned",
    "contacts",
    "recontacts",
    "first_human_touch_p50_ms",
    "queue_transfers",
    "card_completeness_mean",
    "first_response_ai_p50_ms",
    "first_response_human_p50_ms",
    "time_to_resolution_p50_ms",
    "sla_breaches",
    "csat_sent",
    "csat_responses",
    "csat_mean",
    "csat_satisfied_rate",
    "escalation_reasons",
  ];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = rows.map((r) =>
    [
      r.group,
      r.conversations,
      r.ai_contained,
      r.escalated,
      r.ai_resolved_soft,
      r.human_resolved,
      r.unresolved,
      r.reopened,
      r.abandoned,
      r.contacts,
      r.recontacts,
      r.first_human_touch.p50_ms,
      r.queue_transfers,
      r.card_completeness.mean,
      r.first_response_ai.p50_ms,
      r.first_response_human.p50_ms,
      r.time_to_resolution.p50_ms,
      r.sla_breaches,
      r.csat.sent,
      r.csat.responses,
      r.csat.mean,
      r.csat.satisfied_rate,
      Object.entries(r.escalation_reasons)
        .map(([k, n]) => `${k}:${n}`)
        .join(" "),
    ]
      .map(cell)
      .join(","),
  );
  return `${[head.join(","), ...lines].join("\n")}\n`;
}
