import { afterEach, describe, expect, it } from "vitest";
import { alwaysOpenConfig, SHIPPED_CONFIG } from "../../helpers/hub.js";
import { createVirtualWorkspace, type VirtualPost } from "../../../src/simulate/virtual-workspace.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

let hub: FlowHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});
const AGENT = { platform: "virtual", userId: "agent", name: "Agent" };
const MINUTE = 60_000;

/** Timers live in the store and fire on the hub's clock: SLA breaches and snooze wake-ups happen with nobody writing. */
describe("conversation timers", () => {
  it("a first-response SLA that passes with no agent reply is a breach: event, priority up, the thread told", async () => {
    hub = await startFlowHub();
    const t = await hub.say("I want to talk to a human please");
    expect(t.conversation.owner).toBe("human");
    const due = t.conversation.handoff!.slaDueAt!;
    hub.clock.set(new Date(due.getTime() - MINUTE));
    await hub.hub.settle();
    expect(await hub.events(t.conversationId, "sla.breached")).toHaveLength(0);
    hub.clock.set(new Date(due.getTime() + MINUTE));
    await hub.hub.settle();
    const [breach] = await hub.events(t.conversationId, "sla.breached");
    expect(breach?.data).toMatchObject({ policy: "first_response", queue: "support", priority: { from: "normal", to: "high" } });
    expect((await hub.store.getConversation(t.conversationId))?.priority).toBe("high");
    expect(hub.posts.some((p) => /First-response SLA breached/.test(p.text))).toBe(true);
  });

  it("at 80 % of the SLA with no reply the thread is warned once; no warning when an agent answered before it", async () => {
    hub = await startFlowHub();
    const t = await hub.say("I want to talk to a human please");
    const card = t.conversation.handoff!;
    const warnAt = card.createdAt.getTime() + 0.8 * (card.slaDueAt!.getTime() - card.createdAt.getTime());
    hub.clock.set(new Date(warnAt - MINUTE));
    await hub.hub.settle();
    expect(await hub.events(t.conversationId, "sla.warning")).toHaveLength(0);
    hub.clock.set(new Date(warnAt + MINUTE));
    await hub.hub.settle();
    const warnings = await hub.events(t.conversationId, "sla.warning");
    expect(warnings.map((w) => w.data)).toEqual([{ policy: "first_response", queue: "support", dueAt: card.slaDueAt!.toISOString() }]);
    expect(hub.posts.filter((p) => /SLA at risk/.test(p.text))).toHaveLength(1);

    const other = await hub.say("I want to talk to a human please", "visitor-2");
    expect(
      (await hub.hub.desk.handle({ conversationId: other.conversationId, actor: AGENT, externalId: "r-early", kind: "reply", text: "Hi, I'm here." })).ok,
    ).toBe(true);
    hub.clock.advance(60 * MINUTE);
    await hub.hub.settle();
    expect(await hub.events(other.conversationId, "sla.warning")).toHaveLength(0);
  });

  it("no breach when an agent answered in time", async () => {
    hub = await startFlowHub();
    const t = await hub.say("I want to talk to a human please");
    hub.clock.advance(10 * MINUTE);
    expect((await hub.hub.desk.handle({ conversationId: t.conversationId, actor: AGENT, externalId: "r1", kind: "reply", text: "Hi, I'm here." })).ok).toBe(
      true,
    );
    hub.clock.advance(120 * MINUTE);
    await hub.hub.settle();
    expect(await hub.events(t.conversationId, "sla.breached")).toHaveLength(0);
  });

  it("a snooze wakes up on its own at its time: the conversation is open again and the thread is told", async () => {
    hub = await startFlowHub();
    const t = await hub.say("I want to talk to a human please");
    const until = new Date(hub.clock.now().getTime() + 30 * MINUTE);
    expect((await hub.hub.desk.handle({ conversationId: t.conversationId, actor: AGENT, externalId: "s1", kind: "snooze", until })).ok).toBe(true);
    await hub.hub.settle();
    expect((await hub.store.getConversation(t.conversationId))?.status).toBe("snoozed");
    hub.clock.set(new Date(until.getTime() + 1000));
    await hub.hub.settle();
    const woken = await hub.store.getConversation(t.conversationId);
    expect(woken).toMatchObject({ status: "open", snoozedUntil: null });
    const changes = await hub.events(t.conversationId, "conversation.status_changed");
    expect(changes.at(-1)).toMatchObject({ actor: "system", data: { from: "snoozed", to: "open", reason: "snooze_ended" } });
    expect(hub.posts.some((p) => /Snooze ended/.test(p.text))).toBe(true);
  });

  it("an AI answer nobody comes back to resolves softly after the configured silence, with the closing message; a reply before that keeps it open", async () => {
    hub = await startFlowHub({ configYaml: alwaysOpenConfig(SHIPPED_CONFIG.replace("auto_resolve_ai: 7d", "auto_resolve_ai: 2h")) });
    const answered = await hub.say("Do you ship to the UK?", "visitor-a");
    const kept = await hub.say("Do you ship to the UK?", "visitor-b");
    hub.clock.advance(90 * MINUTE);
    const again = await hub.say("How much does shipping to the UK cost?", "visitor-b"); // visitor b comes back: the silence starts again
    expect(again.notes.replies).toContain("answer");
    hub.clock.advance(40 * MINUTE);
    await hub.hub.settle();
    expect((await hub.store.getConversation(answered.conversationId))?.status).toBe("resolved");
    const [auto] = await hub.events(answered.conversationId, "conversation.auto_resolved");
    expect(auto).toMatchObject({ actor: "system", data: { soft: true, owner: "ai" } });
    const closing = hub.deliveries.filter((d) => d.message.conversationId === answered.conversationId).at(-1);
    expect(closing?.message.text).toMatch(/closing this conversation as we haven't heard back/);
    expect((await hub.store.getConversation(kept.conversationId))?.status).toBe("open");
    hub.clock.advance(90 * MINUTE);
    await hub.hub.settle();
    expect((await hub.store.getConversation(kept.conversationId))?.status).toBe("resolved");
  });

  it("the knowledge-base expiry digest goes to the fallback target once a day at 09:00 business time, moved to the next opening when closed", async () => {
    hub = await startFlowHub({ configYaml: SHIPPED_CONFIG }); // Berlin hours; Black Week expires 2026-12-03, inside the warning window
    const at = async (local: string) => {
      hub!.clock.set(new Date(local));
      await hub!.hub.settle();
      return hub!.posts.filter((p) => p.kind === "notify" && /black-week-2026/.test(p.text)).length;
    };
    expect(await at("2026-11-26T08:59:00+01:00")).toBe(0); // started Wed 10:00: the first is Thu 09:00
    expect(await at("2026-11-26T09:01:00+01:00")).toBe(1);
    expect(await at("2026-11-26T18:00:00+01:00")).toBe(1);
    expect(await at("2026-11-28T09:30:00+01:00")).toBe(2); // Friday's; Saturday opens at 10:00
    expect(await at("2026-11-28T10:01:00+01:00")).toBe(3);
    expect(await at("2026-11-29T12:00:00+01:00")).toBe(3); // Sunday: closed
    expect(await at("2026-11-30T08:01:00+01:00")).toBe(4); // Monday's opening
    expect(await at("2026-11-30T09:30:00+01:00")).toBe(4); // not twice on Monday
    const owner = hub.posts.find((p) => p.kind === "notify" && /black-week-2026/.test(p.text))?.text;
    expect(owner).toMatch(/Ana Costa/);
    // Each digest is on the record (the event goes with the rescheduling, which ends the firing's claim).
    const recorded = await hub.store.listEvents({ type: "kb.digest" });
    expect(recorded.map((e) => e.data)).toEqual([{ posted: true }, { posted: true }, { posted: true }, { posted: true }]);
  });

  it("a Slack outage of 5 minutes loses no customer message: each reaches the thread afterwards, in order", async () => {
    const posts: VirtualPost[] = [];
    const workspace = createVirtualWorkspace("slack", posts);
    let downUntil = 0;
    let refused = 0;
    const mirror = workspace.mirror.bind(workspace);
    workspace.mirror = async (ref, entry) => {
      if (hub!.clock.now().getTime() < downUntil) {
        refused++;
        throw new Error("slack: 503 service unavailable");
      }
      return mirror(ref, entry);
    };
    hub = await startFlowHub({ bot: workspace, posts });
    const t = await hub.say("I want to talk to a human please");
    expect(posts.filter((p) => p.kind === "thread")).toHaveLength(1);
    downUntil = hub.clock.now().getTime() + 5 * MINUTE;
    for (const text of ["My order NW-20456 never arrived", "The tracking says delivered", "I was home all day"]) {
      await hub.say(text);
      hub.clock.advance(MINUTE);
    }
    expect(posts.filter((p) => p.kind === "mirror")).toHaveLength(0);
    for (let i = 0; i < 10; i++) {
      hub.clock.advance(MINUTE);
      await hub.hub.settle();
    }
    expect(refused).toBeGreaterThan(0);
    expect(posts.filter((p) => p.kind === "mirror").map((p) => p.text)).toEqual(
      ["My order NW-20456 never arrived", "The tracking says delivered", "I was home all day"].map((x) => expect.stringContaining(x)),
    );
    expect(t.conversation.owner).toBe("human");
  });
});
