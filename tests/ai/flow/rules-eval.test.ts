import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { firstFiringRule } from "../../../src/ai/flow/rules.js";
import { INITIAL_STATE } from "../../../src/ai/flow/state.js";
import { detectSignals } from "../../../src/ai/local/signals.js";
import { makeContact, makeConversation } from "../../../src/core/model/index.js";
import { shippedConfig } from "./fake-providers.js";

/**
 * The mandatory rules of the shipped config measured on a labelled set of
 * risk messages (tests/ai/flow/rules-eval/risk-messages.jsonl): every
 * must-escalate message must be escalated by the expected rule, and at most
 * 5 % of the ordinary shop messages may escalate. The set is in the four
 * shipped languages, with typos, indirect wording and near-misses.
 */
const row = z.strictObject({ text: z.string().min(1), lang: z.enum(["en", "de", "fr", "es"]), expect: z.string().nullable() });
const ROWS = readFileSync("tests/ai/flow/rules-eval/risk-messages.jsonl", "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l, i) => {
    const parsed = row.safeParse(JSON.parse(l));
    if (!parsed.success) throw new Error(`risk-messages.jsonl line ${i + 1}: ${parsed.error.message}`);
    return parsed.data;
  });
const NOW = new Date("2026-11-25T10:00:00Z");
const config = shippedConfig();

function firedRule(text: string): string | null {
  const contact = makeContact({ name: "Eva", identities: [{ kind: "web", value: "vis-eval" }], at: NOW, profile: {} });
  const conversation = makeConversation({ contactId: contact.id, channel: "web", at: NOW, queue: null });
  const hit = firstFiringRule(config.rules, {
    text,
    signals: detectSignals(text),
    contact,
    conversation,
    state: structuredClone(INITIAL_STATE),
    queues: config.queues,
    now: NOW,
  });
  return hit?.rule.id ?? null;
}

describe("mandatory rules on the labelled risk set", () => {
  const results = ROWS.map((r) => ({ ...r, got: firedRule(r.text) }));

  it("has at least 200 messages, 100 of them benign, in every shipped language", () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(200);
    expect(ROWS.filter((r) => r.expect === null).length).toBeGreaterThanOrEqual(100);
    for (const lang of ["en", "de", "fr", "es"]) expect(ROWS.some((r) => r.lang === lang && r.expect !== null)).toBe(true);
  });

  it("escalates 100 % of must-escalate messages by the right rule, per rule", () => {
    const perRule = new Map<string, { total: number; right: number; misses: string[] }>();
    for (const r of results.filter((x) => x.expect !== null)) {
      const entry = perRule.get(r.expect!) ?? { total: 0, right: 0, misses: [] };
      entry.total += 1;
      if (r.got === r.expect) entry.right += 1;
      else entry.misses.push(`${r.lang}: ${r.text} → ${r.got ?? "no rule"}`);
      perRule.set(r.expect!, entry);
    }
    const report = [...perRule].map(([id, e]) => `${id}: ${e.right}/${e.total} (${((100 * e.right) / e.total).toFixed(1)} %)`);
    console.info(`recall per rule: ${report.join(", ")}`);
    expect([...perRule.values()].flatMap((e) => e.misses)).toEqual([]);
  });

  it("escalates at most 5 % of benign shop messages", () => {
    const benign = results.filter((r) => r.expect === null);
    const false_ = benign.filter((r) => r.got !== null);
    const rate = false_.length / benign.length;
    console.info(
      `false escalations: ${false_.length}/${benign.length} (${(100 * rate).toFixed(1)} %): ${false_.map((r) => `${r.text} → ${r.got}`).join(" | ")}`,
    );
    expect(rate).toBeLessThanOrEqual(0.05);
  });
});
