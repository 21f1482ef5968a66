import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MODULES } from "../../src/app/modules.js";
import { loadConfigText } from "../../src/core/config/load.js";
import { ConfigError } from "../../src/core/errors.js";
import { parseAgentAction } from "../../src/simulate/actions.js";
import { loadScenario } from "../../src/simulate/load.js";
import { runScenario, type ScenarioResult } from "../../src/simulate/runner.js";
import { SHIPPED_CONFIG } from "../helpers/hub.js";

/** The shipped config with two agents, so `assign NAME` has someone to assign to. */
const WITH_AGENTS = SHIPPED_CONFIG.replace(/^agents: \[.*$/m, "agents:\n  - { id: anna, name: Anna }\n  - { id: bob, name: Bob Builder }");
const { config } = loadConfigText(WITH_AGENTS, "threadline.yaml", {}, MODULES);
const dir = mkdtempSync(join(tmpdir(), "tl-agent-steps-"));

async function run(name: string, yaml: string): Promise<ScenarioResult> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return runScenario(loadScenario(file), file, config);
}

function failuresOf(result: ScenarioResult): string[] {
  return result.steps.flatMap((s) => s.failures.map((f) => `step ${s.index}: ${f}`));
}

describe("simulate: agent steps act through the hub's real desk", () => {
  it("note, reply with undo window, claim, assign, priority, tag, call, canned, handback, snooze and resolve", async () => {
    expect(config.agents.map((a) => a.id)).toEqual(["anna", "bob"]);
    const result = await run(
      "agent-steps",
      `
name: every agent step
contact: { name: Mia, email: mia@example.com }
channel: web
at: 2026-11-25T10:00:00+01:00
steps:
  - customer: "I want to speak to a person please"
    expect: { escalated: true, owner: human, rule: asks_for_human, queue: support, thread_posted: support }
  - agent: "Internal: she wrote twice last week"
    expect: { no_reply: true }
  - agent_action: claim
    expect: { owner: human, no_reply: true }
  - agent_reply: "Hi Mia, Anna here. How can I help?"
    expect: { no_reply: true }
  - wait: 9s
    expect: { no_reply: true, customer_not_receives: "Anna here" }
  - wait: 1s
    expect: { customer_receives: "Anna here", delivered_on: web, replies: 1 }
  - agent_action: assign Bob Builder
    expect: { owner: human, no_reply: true }
  - agent_action: assign anna
    expect: { no_reply: true }
  - agent_action: priority high
    expect: { no_reply: true, status: pending }   # the agent's reply asked "How can I help?": the customer owes the answer
  - agent_action: tag returning-customer
    expect: { no_reply: true }
  - agent_action: call
    expect: { customer_receives: ["would like to show you this on a quick call", "https://meet.jit.si/northwind-"], ai_silent: true }
  - agent_action: canned photo_request
    expect: { no_reply: true }
  - wait: 10s
    expect: { customer_receives: "send us a photo of the damage" }
  - agent_action: snooze 2h
    expect: { status: snoozed, no_reply: true }
  - agent_action: handback
    expect: { owner: ai, no_reply: true }
  - customer: "Do you ship to the UK?"
    expect: { same_conversation: true, intent: shipping, reply_cites: shipping-times-and-costs, owner: ai, status: open }
  - agent_action: resolve Answered by the AI after hand-back
    expect: { status: resolved, reply_contains: "How would you rate the help you got?" }
`,
    );
    expect(result.error).toBeNull();
    expect(failuresOf(result)).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.steps.map((s) => s.label)).toContain("agent action: snooze 2h");
  });

  it("a wrong expectation on an agent step is reported, not swallowed", async () => {
    const result = await run(
      "agent-steps-fail",
      `
name: wrong expectations
contact: { name: Mia }
steps:
  - customer: "I want to speak to a person please"
  - agent_action: claim
    expect: { owner: ai }
  - agent_reply: "Hello from Anna"
    expect: { customer_receives: "Hello from Anna" }
`,
    );
    expect(result.error).toBeNull();
    expect(result.passed).toBe(false);
    expect(failuresOf(result)).toEqual([
      "step 2: owner: expected owner ai, got human",
      'step 3: customer_receives: expected the customer to receive "Hello from Anna", got no reply',
    ]);
  });

  it("an unknown agent_action is a parse error at load time, naming file, line, key and the verb", () => {
    const file = join(dir, "agent-steps-unknown.yaml");
    writeFileSync(
      file,
      [
        "name: unknown action",
        "contact: { name: Mia }",
        "steps:",
        '  - customer: "I want to speak to a person please"',
        "  - agent_action: dance wildly",
        "  - agent_action: priority extreme",
        "",
      ].join("\n"),
    );
    let error: unknown = null;
    try {
      loadScenario(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      expect.objectContaining({ file, line: 5, key: "steps[1].agent_action", message: expect.stringContaining('unknown agent_action "dance"') }),
      expect.objectContaining({ file, line: 6, key: "steps[2].agent_action", message: expect.stringContaining('got "extreme"') }),
    ]);
  });

  it("an agent action the desk refuses (assign to someone not configured) is an error naming the step", async () => {
    const result = await run(
      "agent-steps-nobody",
      `
name: assign nobody
contact: { name: Mia }
steps:
  - customer: "I want to speak to a person please"
  - agent_action: assign Zed
`,
    );
    expect(result.passed).toBe(false);
    expect(result.error).toContain('step 2: agent action: assign Zed: No agent "Zed"');
  });

  it("an agent step before any customer step is an error", async () => {
    const result = await run(
      "agent-steps-first",
      `
name: agent first
contact: { name: Mia }
steps:
  - agent_action: claim
`,
    );
    expect(result.error).toMatch(/^step 1: an agent step needs an earlier customer step/);
  });
});

describe("parseAgentAction", () => {
  const now = new Date("2026-01-07T10:00:00Z");

  it("parses every verb with its argument", () => {
    expect(parseAgentAction("claim", now)).toEqual({ kind: "claim" });
    expect(parseAgentAction("resolve", now)).toEqual({ kind: "resolve" });
    expect(parseAgentAction("resolve Refund confirmed", now)).toEqual({ kind: "resolve", note: "Refund confirmed" });
    expect(parseAgentAction("snooze 2h", now)).toEqual({ kind: "snooze", until: new Date("2026-01-07T12:00:00Z") });
    expect(parseAgentAction("assign Bob Builder", now)).toEqual({ kind: "assign", agent: "Bob Builder" });
    expect(parseAgentAction("priority high", now)).toEqual({ kind: "priority", priority: "high" });
    expect(parseAgentAction("tag x", now)).toEqual({ kind: "tag", tag: "x" });
    expect(parseAgentAction("  call ", now)).toEqual({ kind: "call" });
    expect(parseAgentAction("handback", now)).toEqual({ kind: "handback" });
    expect(parseAgentAction("canned photo_request", now)).toEqual({ kind: "canned", name: "photo_request" });
    expect(parseAgentAction("loop_in billing", now)).toEqual({ kind: "loop_in", target: "billing" });
    expect(parseAgentAction("reopen", now)).toEqual({ kind: "reopen" });
  });

  it("rejects unknown verbs, missing arguments, bad priorities and bad durations with a message saying what was expected", () => {
    expect(() => parseAgentAction("dance", now)).toThrow(/unknown agent_action "dance" \(claim, resolve/);
    expect(() => parseAgentAction("assign", now)).toThrow('agent_action "assign" needs an agent id or name');
    expect(() => parseAgentAction("canned", now)).toThrow('agent_action "canned" needs a canned response name');
    expect(() => parseAgentAction("priority extreme", now)).toThrow('expected low, normal, high or urgent, got "extreme"');
    expect(() => parseAgentAction("snooze soon", now)).toThrow('expected a duration such as 2h, got "soon"');
  });
});
