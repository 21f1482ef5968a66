import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerReportCommand } from "../../../src/cli/commands/report.js";
import { foldOutcome } from "../../../src/core/analytics/outcome.js";
import { buildReport } from "../../../src/core/analytics/report.js";
import { businessHoursSchema } from "../../../src/core/config/business-hours.js";
import { makeEvent, type DomainEvent } from "../../../src/core/model/index.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { runCommand } from "../../knowledge/helpers/kb-cli.js";
import { seedLogs } from "./seed.js";

const T0 = Date.parse("2026-11-25T09:00:00Z"); // a Wednesday
const at = (min: number) => new Date(T0 + min * 60_000);

/** A hand-written event log: what the hub writes, in log order. */
function log(cv: string, steps: [number, string, string, Record<string, unknown>][]): DomainEvent[] {
  return steps.map(([min, type, actor, data]) => makeEvent(type, actor, at(min), { conversationId: cv, contactId: `ct-${cv}` }, data));
}

/** Answered by the AI in 1 min, resolved softly after a day of silence. */
const aiSoft = log("cv-a", [
  [0, "conversation.opened", "customer", { channel: "web" }],
  [0, "message.received", "customer", { messageId: "a1", channel: "web" }],
  [0, "decision.made", "ai", { messageId: "a1", intent: "shipping", language: "en" }],
  [0, "message.queued", "ai", { messageId: "a2", channel: "web", authorKind: "ai" }],
  [1, "message.sent", "system", { messageId: "a2", channel: "web" }],
  [1441, "conversation.status_changed", "system", { from: "open", to: "resolved", reason: "auto_resolved" }],
]);
/** Escalated by the chargeback rule, agent replies after 30 min, resolved, reopened by the customer, resolved again. */
const escalated = log("cv-b", [
  [10, "conversation.opened", "customer", { channel: "telegram" }],
  [10, "message.received", "customer", { messageId: "b1", channel: "telegram" }],
  [10, "decision.made", "ai", { messageId: "b1", intent: "payment", language: "de" }],
  [10, "conversation.escalated", "ai", { rule: "chargeback", queue: "billing" }],
  [10, "message.queued", "ai", { messageId: "b2", channel: "telegram", authorKind: "ai" }],
  [11, "message.sent", "system", { messageId: "b2", channel: "telegram" }],
  [40, "message.queued", "agent:anna", { messageId: "b3", channel: "telegram", authorKind: "agent" }],
  [40, "message.sent", "system", { messageId: "b3", channel: "telegram" }],
  [70, "conversation.status_changed", "agent:anna", { from: "open", to: "resolved", reason: "agent_resolved" }],
  [80, "conversation.status_changed", "customer", { from: "resolved", to: "open", reason: "customer_wrote" }],
  [90, "conversation.status_changed", "agent:anna", { from: "open", to: "resolved", reason: "agent_resolved" }],
]);
/** Escalated at 19:30 Berlin (AI could not answer), no reply yet, SLA breached. */
const waiting = log("cv-c", [
  [570, "conversation.opened", "customer", { channel: "web" }],
  [570, "message.received", "customer", { messageId: "c1", channel: "web" }],
  [570, "conversation.escalated", "ai", { rule: null, reason: "no_answer", queue: "support" }],
  [630, "sla.breached", "system", { policy: "first_response" }],
]);

describe("outcome analytics", () => {
  it("folds each conversation's log into its outcome (a reopen takes a resolution back until it is resolved again)", () => {
    expect(foldOutcome(aiSoft)).toMatchObject({ resolution: "ai_soft", firstAiReplyAt: at(1), escalatedAt: null, intent: "shipping", channel: "web" });
    expect(foldOutcome(escalated)).toMatchObject({
      resolution: "human",
      escalationReason: "chargeback",
      queue: "billing",
      firstHumanReplyAt: at(40),
      reopened: 1,
      resolvedAt: at(90),
      language: "de",
    });
    expect(foldOutcome(waiting)).toMatchObject({ resolution: "open", escalationReason: "no_answer", slaBreaches: 1, firstHumanReplyAt: null });
    expect(foldOutcome(escalated.slice(0, 10))).toMatchObject({ resolution: "open", resolvedAt: null, reopened: 1 });
  });

  it("reports containment, reasons, resolutions, response times (wall-clock and business hours) and breaches, overall and by group", () => {
    const outcomes = [aiSoft, escalated, waiting].map((l) => foldOutcome(l)!);
    const hours = businessHoursSchema.parse({ timezone: "Europe/Berlin", weekly: { wed: ["08:00-20:00"], thu: ["08:00-20:00"] } });
    const [all] = buildReport(outcomes, "all", hours);
    expect(all).toMatchObject({
      conversations: 3,
      ai_contained: 1,
      containment_rate: 0.333,
      escalated: 2,
      escalation_rate: 0.667,
      escalation_reasons: { chargeback: 1, no_answer: 1 },
      ai_resolved_soft: 1,
      human_resolved: 1,
      unresolved: 1,
      reopened: 1,
      sla_breaches: 1,
      first_response_ai: { n: 2, p50_ms: 60_000, p90_ms: 60_000 },
      first_response_human: { n: 1, p50_ms: 30 * 60_000 },
      first_response_human_business: { n: 1, p50_ms: 30 * 60_000 },
      time_to_resolution: { n: 2, p50_ms: 80 * 60_000, p90_ms: 1441 * 60_000 },
    });
    expect(buildReport(outcomes, "channel").map((r) => [r.group, r.conversations])).toEqual([
      ["web", 2],
      ["telegram", 1],
    ]);
    expect(buildReport(outcomes, "intent").map((r) => r.group)).toEqual(["(none)", "payment", "shipping"]);
  });

  it("CSAT: surveys sent, answers, response rate, mean and the share of 4s and 5s, from survey events", () => {
    const surveyed = (cv: string, score: number | null, comment?: string) =>
      log(cv, [
        [0, "conversation.opened", "customer", { channel: "web" }],
        [0, "message.received", "customer", { messageId: `${cv}-1`, channel: "web" }],
        [30, "conversation.status_changed", "agent:anna", { from: "open", to: "resolved", reason: "agent_resolved" }],
        [30, "survey.sent", "system", { kind: "csat", channel: "web", locale: "en" }],
        ...(score === null
          ? []
          : ([[45, "survey.answered", "customer", { kind: "csat", score, channel: "web", ...(comment ? { comment } : {}) }]] as [
              number,
              string,
              string,
              Record<string, unknown>,
            ][])),
      ]);
    const outcomes = [surveyed("s1", 5), surveyed("s2", 2, "slow"), surveyed("s3", 4), surveyed("s4", null), aiSoft].map((l) => foldOutcome(l)!);
    expect(outcomes[1]).toMatchObject({ surveySent: true, csat: 2, csatComment: "slow" });
    expect(outcomes[3]).toMatchObject({ surveySent: true, csat: null });
    const [all] = buildReport(outcomes, "all");
    // 4 sent, 3 answered; mean (5 + 2 + 4) / 3 = 3.67; 2 of 3 satisfied.
    expect(all!.csat).toEqual({ sent: 4, responses: 3, response_rate: 0.75, mean: 3.67, satisfied_rate: 0.667 });
    // Never sent: no rates (absent, not zero).
    expect(buildReport([foldOutcome(aiSoft)!], "all")[0]!.csat).toEqual({ sent: 0, responses: 0, response_rate: null, mean: null, satisfied_rate: null });
  });

  it("threadline report reads the configured store: text, --json and --csv, with --from/--to and --by", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tl-report-"));
    const store = openSqliteStore({ path: join(dir, "threadline.db") });
    await seedLogs(store, [aiSoft, escalated, waiting]);
    await store.close();
    const config = join(dir, "threadline.yaml");
    writeFileSync(config, `hub: { name: Test, data_dir: ${dir} }\n`);
    const report = (args: string[]) => runCommand(registerReportCommand, ["report", "--config", config, ...args]);
    const json = await report(["--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).rows[0]).toMatchObject({ conversations: 3, escalated: 2, ai_resolved_soft: 1 });
    const later = JSON.parse((await report(["--json", "--from", at(5).toISOString()])).stdout);
    expect(later.rows[0].conversations).toBe(2);
    const text = await report(["--by", "queue"]);
    expect(text.stdout).toMatch(/^billing: 1 conversations\n {2}AI contained {8}0 \(0\.0 %\)/m);
    expect((await report(["--csv"])).stdout.split("\n")[0]).toMatch(/^group,conversations,ai_contained,escalated/);
    expect((await report(["--by", "weekday"])).code).toBe(2);
  });
});
