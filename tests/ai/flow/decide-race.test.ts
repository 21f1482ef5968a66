import { afterEach, describe, expect, it } from "vitest";
import { buildDecider } from "../../../src/app/ai.js";
import { silentLogger } from "../../../src/core/logger.js";
import { makeEvent } from "../../../src/core/model/index.js";
import type { Decider, DecisionInput } from "../../../src/core/pipeline/decision.js";
import { startKnowledgeBase } from "../../../src/knowledge/index.js";
import { shippedConfig } from "./fake-providers.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

let hub: FlowHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});

/**
 * The real AI decider, with an agent claiming the conversation while the
 * decision for message number `raceOn` is being made (after the AI read the
 * conversation, before its changes are written).
 */
async function hubWithRacingClaim(raceOn: number): Promise<{ hub: FlowHub; inputs: DecisionInput[] }> {
  const inputs: DecisionInput[] = [];
  let inner: Decider | null = null;
  let seen = 0;
  const decide: Decider = async (input) => {
    inputs.push(input);
    const decision = await inner!(input);
    if (++seen === raceOn) {
      const { conversation } = input;
      const claimed = await hub!.store.updateConversation(
        conversation.id,
        { version: conversation.version },
        { owner: "human", assignee: "anna", updatedAt: input.now },
        [
          makeEvent(
            "owner.changed",
            "agent:anna",
            input.now,
            { conversationId: conversation.id, contactId: conversation.contactId },
            { from: "ai", to: "human", reason: "claimed" },
          ),
        ],
      );
      expect(claimed).not.toBeNull();
    }
    return decision;
  };
  hub = await startFlowHub({ decide });
  const config = shippedConfig();
  const knowledge = await startKnowledgeBase({ config, store: hub.store, logger: silentLogger(), rootDir: process.cwd(), watch: false, clock: hub.clock });
  inner = buildDecider({ config, store: hub.store, logger: silentLogger(), clock: hub.clock, knowledge, onQueued: () => hub!.hub.outbox.nudge() }).decide;
  return { hub, inputs };
}

describe("AI decision racing an agent's claim", () => {
  it("an escalation loses the compare-and-set: the AI decides again on the fresh conversation and stays silent", async () => {
    const { hub: h, inputs } = await hubWithRacingClaim(1);
    const t = await h.say("I will file a chargeback with my bank.");
    expect(inputs.map((i) => i.conversation.owner)).toEqual(["ai", "human"]);
    expect(t.conversation).toMatchObject({ owner: "human", assignee: "anna", handoff: null, queue: null });
    expect(t.texts).toEqual([]);
    expect(t.notes).toMatchObject({ ai_silent: true, replies: [] });
    expect(await h.events(t.conversationId, "conversation.escalated")).toEqual([]);
    expect((await h.events(t.conversationId, "owner.changed")).map((e) => e.actor)).toEqual(["agent:anna"]);
  });

  it("a field question (conversation changes: queue) loses too, so nothing the AI drafted reaches the customer", async () => {
    const { hub: h, inputs } = await hubWithRacingClaim(1);
    const t = await h.say("Where is my order?");
    expect(inputs).toHaveLength(2);
    expect(t.texts).toEqual([]);
    expect(t.conversation).toMatchObject({ owner: "human", queue: null });
  });

  it("an answer that changes nothing about the conversation is not sent either when an agent claimed meanwhile", async () => {
    const { hub: h, inputs } = await hubWithRacingClaim(2);
    const first = await h.say("Do you ship to the UK?");
    expect(first.conversation).toMatchObject({ owner: "ai", queue: "logistics" });
    // Same intent, same queue: the decision has no conversation changes of its own.
    const t = await h.say("How long does delivery to Austria take?");
    expect(inputs.map((i) => i.conversation.owner)).toEqual(["ai", "ai", "human"]);
    expect(t.texts).toEqual([]);
    expect(t.notes).toMatchObject({ ai_silent: true });
    expect(t.conversation).toMatchObject({ owner: "human", assignee: "anna" });
  });
});
