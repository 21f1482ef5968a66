import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { registerExportCommand } from "../../src/cli/commands/export.js";
import { registerReportCommand } from "../../src/cli/commands/report.js";
import type { CliIo } from "../../src/cli/io.js";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { buildLog, seedLogs, type LogStep } from "../core/analytics/seed.js";
import { runCommand } from "../knowledge/helpers/kb-cli.js";

const T0 = Date.parse("2026-11-02T09:00:00Z");
const DAY = 1440;

/** Two conversations of ana about shipping (the second two days after the first ended), one of bo escalated and answered by agent cy. */
function logs() {
  const ai = (cv: string, day: number): LogStep[] =>
    [
      [day * DAY, "conversation.opened", "customer", { channel: "web" }],
      [day * DAY, "message.received", "customer", { messageId: `${cv}1`, channel: "web" }],
      [day * DAY, "decision.made", "ai", { messageId: `${cv}1`, intent: "shipping", language: "en" }],
      [day * DAY, "message.queued", "ai", { messageId: `${cv}2`, channel: "web", authorKind: "ai" }],
      [day * DAY + 1, "message.sent", "system", { messageId: `${cv}2`, channel: "web" }],
      [day * DAY + DAY, "conversation.status_changed", "system", { from: "open", to: "resolved", reason: "auto_resolved" }],
    ].map((s) => s as LogStep);
  return [
    buildLog(T0, "cv-a1", "ct-ana", ai("a1", 0)),
    buildLog(T0, "cv-a2", "ct-ana", ai("a2", 3)),
    buildLog(T0, "cv-b1", "ct-bo", [
      [10, "conversation.opened", "customer", { channel: "telegram" }],
      [10, "message.received", "customer", { messageId: "b1", channel: "telegram" }],
      [10, "conversation.escalated", "ai", { rule: "chargeback", queue: "billing", requiredFields: ["order_id", "amount"], missingFields: ["amount"] }],
      [25, "message.queued", "agent:cy", { messageId: "b2", channel: "telegram", authorKind: "agent" }],
      [25, "message.sent", "system", { messageId: "b2", channel: "telegram" }],
      [40, "conversation.status_changed", "agent:cy", { from: "open", to: "resolved", reason: "agent_resolved" }],
    ]),
  ];
}

async function setup(extraConfig = ""): Promise<{ dir: string; config: string }> {
  const dir = mkdtempSync(join(tmpdir(), "tl-export-conv-"));
  const store = openSqliteStore({ path: join(dir, "threadline.db") });
  await seedLogs(store, logs());
  await store.close();
  const config = join(dir, "threadline.yaml");
  writeFileSync(config, `hub: { name: Test, data_dir: ${dir} }\n${extraConfig}`);
  return { dir, config };
}

/** Runs `threadline export …` with stderr a terminal and a clock that moves 250 ms per reading. */
async function runOnTerminal(argv: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env: {}, cwd: process.cwd(), stderrIsTerminal: true };
  let ms = 0;
  const program = new Command("threadline").exitOverride();
  registerExportCommand(program, io, () => (ms += 250));
  const before = process.exitCode;
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
  } finally {
    process.exitCode = before;
  }
  return { stdout, stderr };
}

describe("threadline export conversations", () => {
  it("prints JSON lines or CSV, writes a private file with --out, honours --from/--to and rejects a wrong format", async () => {
    const { dir, config } = await setup();
    const run = (args: string[]) => runCommand(registerExportCommand, ["export", "conversations", "--config", config, ...args]);
    const jsonl = await run(["--format", "jsonl"]);
    expect(jsonl.code).toBe(0);
    expect(jsonl.stderr).toBe("");
    const rows = jsonl.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.conversation_id, r.recontact, r.resolution])).toEqual([
      ["cv-a1", false, "ai_soft"],
      ["cv-a2", true, "ai_soft"],
      ["cv-b1", false, "human"],
    ]);
    expect(rows[2]).toMatchObject({
      agent: "cy",
      first_response_human_ms: 15 * 60_000,
      card_required_fields: 2,
      card_missing_fields: 1,
      escalation_reason: "chargeback",
    });

    const out = join(dir, "conversations.csv");
    const written = await run(["--format", "csv", "--out", out, "--from", new Date(T0 + DAY * 60_000).toISOString()]);
    expect(written.stdout).toBe(`wrote 1 conversations to ${out}\n`);
    const records = parse<Record<string, string>>(readFileSync(out, "utf8"), { columns: true });
    expect(records.map((r) => r.conversation_id)).toEqual(["cv-a2"]);
    expect(statSync(out).mode & 0o077).toBe(0);

    expect((await run(["--format", "xml"])).code).toBe(2);
    expect((await run(["--format", "csv", "--to", "yesterday"])).code).toBe(2);
  });

  it("draws its progress on stderr only when stderr is a terminal", async () => {
    const { config } = await setup();
    const { stdout, stderr } = await runOnTerminal(["export", "conversations", "--config", config, "--format", "jsonl"]);
    expect(stdout.trim().split("\n")).toHaveLength(3);
    expect(stderr).toMatch(/exporting: 3 conversations, \d+\/s, [\d.]+ s\n$/);
    expect(stderr).toContain("\r");
  });
});

describe("threadline report: re-contacts, abandonment, --by agent", () => {
  it("counts re-contacts within analytics.recontact_window and groups by the agent of the first human reply", async () => {
    const run = async (extra: string, args: string[]) => {
      const { config } = await setup(extra);
      return runCommand(registerReportCommand, ["report", "--config", config, ...args]);
    };
    const week = JSON.parse((await run("", ["--json"])).stdout).rows[0];
    expect(week).toMatchObject({ conversations: 3, contacts: 2, recontacts: 1, recontact_rate: 0.333, abandoned: 0, card_completeness: { n: 1, mean: 0.5 } });
    const day = JSON.parse((await run("analytics: { recontact_window: 1d }\n", ["--json"])).stdout).rows[0];
    expect(day.recontacts).toBe(0);
    const byAgent = JSON.parse((await run("", ["--json", "--by", "agent"])).stdout).rows;
    expect(byAgent.map((r: { group: string; conversations: number }) => [r.group, r.conversations])).toEqual([
      ["(none)", 2],
      ["cy", 1],
    ]);
    const text = await run("", []);
    expect(text.stdout).toMatch(/contacts {12}2; re-contacts 1 \(33\.3 %\)/);
    expect(text.stdout).toMatch(/card completeness {3}50\.0 % \(n=1, complete 0\)/);
    const team = await run("", ["--by", "team"]);
    expect(team.code).toBe(2);
    expect(team.stderr).toMatch(/no teams in the config.*--by queue/);
  });
});
