import { Writable } from "node:stream";
import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import { EXPORT_COLUMNS, exportConversations } from "../../../src/core/analytics/export.js";
import { readOutcomes } from "../../../src/core/analytics/read.js";
import { buildReport } from "../../../src/core/analytics/report.js";
import type { Store } from "../../../src/core/store/port.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { buildLog, seedLogs, type LogStep } from "./seed.js";

const T0 = Date.parse("2026-11-02T09:00:00Z");
const DAY = 1440;
const WEEK_MS = 7 * 86_400_000;

/** A conversation of `contact` opened on `day` about `intent` (none: no decision), ended `endsAfter` days later (none: never). */
function conversation(id: string, contact: string, channel: string, day: number, intent: string | null, endsAfter: number | null) {
  const steps: LogStep[] = [
    [day * DAY, "conversation.opened", "customer", { channel }],
    [day * DAY, "message.received", "customer", { messageId: `${id}-1`, channel }],
  ];
  if (intent) steps.push([day * DAY, "decision.made", "ai", { messageId: `${id}-1`, intent, language: "en" }]);
  steps.push(
    [day * DAY, "message.queued", "ai", { messageId: `${id}-2`, channel, authorKind: "ai" }],
    [day * DAY + 1, "message.sent", "system", { messageId: `${id}-2`, channel }],
  );
  if (endsAfter !== null)
    steps.push([(day + endsAfter) * DAY, "conversation.status_changed", "system", { from: "open", to: "resolved", reason: "auto_resolved" }]);
  return buildLog(T0, id, contact, steps);
}

/**
 * Hand-computed re-contacts with the 7-day window: x2 (x1 ended day 1, x2 opened day 5 on another channel) and, once
 * contact z is merged into x, z1 (x2 ended day 6, z1 opened day 8). Not: x3 (other intent), x4 (day 20: the latest
 * shipping end is day 8 + 1), x5 (no intent), y1 (another contact).
 */
const logs = [
  conversation("cv-x1", "ct-x", "web", 0, "shipping", 1),
  conversation("cv-x2", "ct-x", "telegram", 5, "shipping", 1),
  conversation("cv-x3", "ct-x", "web", 5.5, "returns", 0.5),
  conversation("cv-x4", "ct-x", "web", 20, "shipping", null),
  conversation("cv-x5", "ct-x", "web", 21, null, null),
  conversation("cv-y1", "ct-y", "web", 2, "shipping", 1),
  conversation("cv-z1", "ct-z", "email", 8, "shipping", 1),
];

const stores: Store[] = [];
async function seeded(): Promise<Store> {
  const store = openSqliteStore({ path: ":memory:" });
  stores.push(store);
  await seedLogs(store, logs);
  return store;
}
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

const recontacts = async (store: Store, windowMs: number, range = {}) =>
  (await readOutcomes(store, range, { recontactWindowMs: windowMs, pageSize: 2 }))
    .filter((o) => o.recontact)
    .map((o) => o.conversationId)
    .sort();

/** Collects what a stream receives. */
function sink(): { out: Writable; text: () => string } {
  let text = "";
  return {
    out: new Writable({
      write: (chunk: Buffer, _e, done) => {
        text += chunk.toString();
        done();
      },
    }),
    text: () => text,
  };
}

describe("re-contact", () => {
  it("flags a conversation that follows one of the same contact and intent within the window, on any channel, after merges", async () => {
    const store = await seeded();
    expect(await recontacts(store, WEEK_MS)).toEqual(["cv-x2"]);
    await store.mergeContacts("ct-z", "ct-x", () => []);
    expect(await recontacts(store, WEEK_MS)).toEqual(["cv-x2", "cv-z1"]);
    // x4 (day 20) follows z1's end (day 9) by 11 days.
    expect(await recontacts(store, 12 * 86_400_000)).toEqual(["cv-x2", "cv-x4", "cv-z1"]);
    expect(await recontacts(store, 3 * 86_400_000)).toEqual(["cv-z1"]);
    // The earlier conversation counts even when it lies before --from.
    expect(await recontacts(store, WEEK_MS, { from: new Date(T0 + 7 * 86_400_000) })).toEqual(["cv-z1"]);
    const [all] = buildReport(await readOutcomes(store, {}, { recontactWindowMs: WEEK_MS }), "all");
    expect(all).toMatchObject({ conversations: 7, contacts: 2, recontacts: 2, recontact_rate: 0.286 });
  });
});

describe("export conversations", () => {
  it("streams one JSON line per conversation with the report's figures, in the --from/--to range", async () => {
    const store = await seeded();
    const { out, text } = sink();
    const rows = await exportConversations(store, out, {
      format: "jsonl",
      range: { from: new Date(T0 + 4 * 86_400_000), to: new Date(T0 + 20 * 86_400_000) },
      recontactWindowMs: WEEK_MS,
      pageSize: 2,
    });
    const lines = text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toBe(3);
    expect(lines.map((l) => l.conversation_id).sort()).toEqual(["cv-x2", "cv-x3", "cv-z1"]);
    expect(lines.find((l) => l.conversation_id === "cv-x2")).toEqual({
      conversation_id: "cv-x2",
      contact_id: "ct-x",
      channel: "telegram",
      queue: null,
      intent: "shipping",
      language: "en",
      agent: null,
      opened_at: new Date(T0 + 5 * 86_400_000).toISOString(),
      first_response_ai_ms: 60_000,
      escalated: false,
      escalated_at: null,
      escalation_reason: null,
      first_response_human_ms: null,
      first_response_human_business_ms: null,
      first_human_touch_ms: null,
      queue_transfers: 0,
      card_required_fields: null,
      card_missing_fields: null,
      resolution: "ai_soft",
      resolved_at: new Date(T0 + 6 * 86_400_000).toISOString(),
      time_to_resolution_ms: 86_400_000,
      abandon_reason: null,
      ended_at: new Date(T0 + 6 * 86_400_000).toISOString(),
      reopened: 0,
      recontact: true,
      sla_breaches: 0,
      survey_sent: false,
      csat: null,
      csat_comment: null,
    });
  });

  it("writes CSV with a header of every column, one record per conversation", async () => {
    const store = await seeded();
    const { out, text } = sink();
    expect(await exportConversations(store, out, { format: "csv", range: {}, recontactWindowMs: WEEK_MS })).toBe(7);
    const records = parse<Record<string, string>>(text(), { columns: true });
    expect(Object.keys(records[0]!)).toEqual([...EXPORT_COLUMNS]);
    expect(records).toHaveLength(7);
    expect(records.find((r) => r.conversation_id === "cv-x4")).toMatchObject({ intent: "shipping", resolution: "open", recontact: "false", resolved_at: "" });
    expect(records.find((r) => r.conversation_id === "cv-x2")).toMatchObject({ recontact: "true", time_to_resolution_ms: "86400000" });
  });
});
