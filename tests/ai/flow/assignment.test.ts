import { afterEach, describe, expect, it } from "vitest";
import { SHIPPED_CONFIG } from "../../helpers/hub.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

let hub: FlowHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});

/** The shipped config with three agents and automatic assignment on the support queue. */
function configWith(mode: "round_robin" | "least_busy", cap: number): string {
  const agents =
    "agents:\n  - { id: anna, name: Anna, queues: [support] }\n  - { id: ben, name: Ben, queues: [support, billing] }\n  - { id: carla, name: Carla, queues: [billing] }\n";
  const out = SHIPPED_CONFIG.replace(/^agents: .*$/m, agents.trimEnd()).replace(
    "support:      { name: Customer Support, priority: normal,",
    `support:      { name: Customer Support, priority: normal, assignment: { mode: ${mode}, max_open_per_agent: ${cap} },`,
  );
  expect(out).toContain(`mode: ${mode}`);
  expect(out).toContain("id: carla");
  return out;
}

describe("automatic assignment", () => {
  const escalate = async (who: string) => (await hub!.say("I want to talk to a human please", who)).conversationId;
  const assigneeOf = async (id: string) => (await hub!.store.getConversation(id))?.assignee ?? null;
  const at = async (local: string) => {
    hub!.clock.set(new Date(local));
    await hub!.hub.settle();
  };

  it("round robin among the queue's agents, capped; a resolution frees room for the longest waiting", async () => {
    hub = await startFlowHub({ configYaml: configWith("round_robin", 2) }); // Wed 10:00 Berlin, open
    const ids: string[] = [];
    for (const v of ["v1", "v2", "v3", "v4", "v5"]) {
      ids.push(await escalate(v));
      await hub.hub.settle();
    }
    expect(await Promise.all(ids.map(assigneeOf))).toEqual(["anna", "ben", "anna", "ben", null]); // carla does not work support; both at the cap of 2
    const [first] = await hub.events(ids[0]!, "conversation.assigned");
    expect(first).toMatchObject({ actor: "system", data: { from: null, to: "anna", queue: "support", reason: "round_robin" } });
    expect(hub.posts.some((p) => /Assigned to Anna \(round robin\)/.test(p.text))).toBe(true);

    expect(
      (await hub.hub.desk.handle({ conversationId: ids[1]!, actor: { platform: "virtual", userId: "ben", name: "Ben" }, externalId: "res-1", kind: "resolve" }))
        .ok,
    ).toBe(true);
    await hub.hub.settle();
    await expect.poll(() => assigneeOf(ids[4]!)).toBe("ben");
  });

  it("least busy picks the agent with the fewest open conversations", async () => {
    hub = await startFlowHub({ configYaml: configWith("least_busy", 5) });
    const a = await escalate("v1");
    await hub.hub.settle();
    const b = await escalate("v2");
    await hub.hub.settle();
    expect([await assigneeOf(a), await assigneeOf(b)]).toEqual(["anna", "ben"]);
    const c = await escalate("v3");
    await hub.hub.settle();
    expect(await assigneeOf(c)).toBe("anna"); // tie 1:1, Anna is next in turn
    const d = await escalate("v4");
    await hub.hub.settle();
    expect(await assigneeOf(d)).toBe("ben"); // Anna 2, Ben 1
  });

  it("after hours nobody is on shift: escalations wait and are given out at the next shift start", async () => {
    hub = await startFlowHub({ configYaml: configWith("round_robin", 10) });
    await at("2026-11-25T21:00:00+01:00");
    const late = await escalate("v-night");
    await hub.hub.settle();
    expect(await assigneeOf(late)).toBeNull();
    await at("2026-11-26T08:01:00+01:00");
    expect(await assigneeOf(late)).toBe("anna");
  });

  it("manual (the default) never assigns", async () => {
    hub = await startFlowHub({ configYaml: SHIPPED_CONFIG });
    const id = await escalate("v1");
    await hub.hub.settle();
    expect(await assigneeOf(id)).toBeNull();
  });
});
