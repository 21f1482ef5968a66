import { afterEach, describe, expect, it } from "vitest";
import { readOutcomes } from "../../../src/core/analytics/read.js";
import { buildReport } from "../../../src/core/analytics/report.js";
import { startFlowHub, type FlowHub } from "../../ai/flow/flow-hub.js";

let hub: FlowHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});
const AGENT = { platform: "virtual", userId: "agent", name: "Agent" };

/** The report over what the real pipeline writes, not a hand-made log. */
describe("outcome report over the real hub's event log", () => {
  it("counts an AI answer, a rule escalation with its reason and the agent's first reply", async () => {
    hub = await startFlowHub();
    await hub.say("Do you ship to the UK?", "visitor-a");
    const esc = await hub.say("I'll file a chargeback with my bank", "visitor-b");
    hub.clock.advance(12 * 60_000);
    expect(
      (await hub.hub.desk.handle({ conversationId: esc.conversationId, actor: AGENT, externalId: "r1", kind: "reply", text: "Let's sort this out." })).ok,
    ).toBe(true);
    hub.clock.advance(60_000); // past the undo window
    await hub.hub.settle();
    const outcomes = await readOutcomes(hub.store, {}, { recontactWindowMs: 7 * 86_400_000 });
    const [all] = buildReport(outcomes, "all");
    expect(all).toMatchObject({ conversations: 2, ai_contained: 1, escalated: 1, escalation_reasons: { chargeback: 1 }, unresolved: 2 });
    expect(all!.first_response_ai.n).toBe(2); // the answer, and the escalation notice
    expect(all!.first_response_human.n).toBe(1);
    expect(all!.first_response_human.p50_ms).toBeGreaterThanOrEqual(12 * 60_000);
    // The agent's reply is the first human touch; the agent who wrote it is the conversation's agent; the card's field names are logged.
    expect(all).toMatchObject({ contacts: 2, abandoned: 0, recontacts: 0, first_human_touch: { n: 1 }, queue_transfers: 0 });
    expect(buildReport(outcomes, "agent").map((r) => [r.group, r.conversations])).toEqual([
      ["(none)", 1],
      [expect.stringMatching(/^[a-z]/), 1],
    ]);
    const [escalated] = await hub.store.listEvents({ conversationId: esc.conversationId, type: "conversation.escalated" });
    expect(escalated!.data).toMatchObject({ requiredFields: expect.any(Array), missingFields: expect.any(Array) });
  });
});
