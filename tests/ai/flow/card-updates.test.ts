import { afterEach, describe, expect, it } from "vitest";
import { createVirtualWorkspace, type VirtualPost } from "../../../src/simulate/virtual-workspace.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

const MINUTE = 60_000;
let hub: FlowHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});

describe("handoff card updates are durable store work", () => {
  it("a card change during a 5-minute Slack outage reaches the card afterwards, once, with the latest state", async () => {
    const posts: VirtualPost[] = [];
    const workspace = createVirtualWorkspace("slack", posts);
    let downUntil = 0;
    let refused = 0;
    const update = workspace.update.bind(workspace);
    workspace.update = async (ref, view) => {
      if (hub!.clock.now().getTime() < downUntil) {
        refused++;
        throw new Error("slack: 503 service unavailable");
      }
      return update(ref, view);
    };
    hub = await startFlowHub({ bot: workspace, posts });
    const first = await hub.say("I want to talk to a human please");
    expect(first.conversation.owner).toBe("human");
    const updatesBefore = posts.filter((p) => p.kind === "update").length;

    downUntil = hub.clock.now().getTime() + 5 * MINUTE;
    // A risk signal after the hand-off raises the case: the card must show it.
    const threat = await hub.say("If this is not fixed today I will file a chargeback with my bank");
    expect(threat.conversation.handoff!.rule).toBe("chargeback");
    expect(posts.filter((p) => p.kind === "update")).toHaveLength(updatesBefore);
    // The update waits in the store, not in memory.
    expect(await hub.store.getTimer(`card:slack:${posts.find((p) => p.kind === "thread")!.threadId}`)).not.toBeNull();

    for (let i = 0; i < 10; i++) {
      hub.clock.advance(MINUTE);
      await hub.hub.settle();
    }
    expect(refused).toBeGreaterThan(0);
    const updates = posts.filter((p) => p.kind === "update").slice(updatesBefore);
    expect(updates).toHaveLength(1);
    expect(updates.at(-1)!.view!.card.rule).toBe("chargeback");
    expect(await hub.store.getTimer(`card:slack:${posts.find((p) => p.kind === "thread")!.threadId}`)).toBeNull();
  });
});
