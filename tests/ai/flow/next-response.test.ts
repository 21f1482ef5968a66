import { afterEach, describe, expect, it } from "vitest";
import { SHIPPED_CONFIG } from "../../helpers/hub.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

let hub: FlowHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});
const AGENT = { platform: "virtual", userId: "agent", name: "Agent" };

/** Support's next-response SLA in the shipped config is 4 h, counted in business hours (Berlin, Mon–Fri 08:00–20:00). */
describe("next-response SLA", () => {
  const start = async () => {
    hub = await startFlowHub({ configYaml: SHIPPED_CONFIG }); // Wed 2026-11-25 10:00 Berlin
    const t = await hub.say("I want to talk to a human please");
    expect(t.conversation.handoff?.queue).toBe("support");
    return t;
  };
  const at = async (local: string) => {
    hub!.clock.set(new Date(local));
    await hub!.hub.settle();
  };
  const reply = async (conversationId: string, id: string, text: string) =>
    expect((await hub!.hub.desk.handle({ conversationId, actor: AGENT, externalId: id, kind: "reply", text })).ok).toBe(true);
  const breaches = async (conversationId: string) => (await hub!.events(conversationId, "sla.breached")).filter((e) => e.data.policy === "next_response");

  it("a customer message left unanswered past the SLA after an agent's reply is a breach, counted from the first unanswered message", async () => {
    const t = await start();
    await at("2026-11-25T10:05:00+01:00");
    await reply(t.conversationId, "r1", "I'm looking into it now.");
    await at("2026-11-25T10:10:00+01:00");
    await hub!.say("Any update?");
    await at("2026-11-25T12:00:00+01:00");
    await hub!.say("Hello??"); // does not restart the clock
    await at("2026-11-25T14:09:00+01:00");
    expect(await breaches(t.conversationId)).toHaveLength(0);
    await at("2026-11-25T14:11:00+01:00");
    const [breach, ...more] = await breaches(t.conversationId);
    expect(more).toHaveLength(0);
    expect(breach?.data).toMatchObject({ policy: "next_response", queue: "support", since: "2026-11-25T09:10:00.000Z", dueAt: "2026-11-25T13:10:00.000Z" });
    expect(hub!.posts.some((p) => /Next-response SLA breached/.test(p.text))).toBe(true);
  });

  it("counts business hours only: a message at 19:00 is due at 11:00 the next day", async () => {
    const t = await start();
    await reply(t.conversationId, "r1", "I'm looking into it now.");
    await at("2026-11-25T19:00:00+01:00");
    await hub!.say("Still nothing?");
    await at("2026-11-26T10:59:00+01:00");
    expect(await breaches(t.conversationId)).toHaveLength(0);
    await at("2026-11-26T11:01:00+01:00");
    expect(await breaches(t.conversationId)).toHaveLength(1);
  });

  it("an agent reply in time ends it; the next unanswered message starts a new clock", async () => {
    const t = await start();
    await reply(t.conversationId, "r1", "I'm looking into it now.");
    await at("2026-11-25T10:30:00+01:00");
    await hub!.say("Thanks, any news?");
    await at("2026-11-25T11:00:00+01:00");
    await reply(t.conversationId, "r2", "The parcel is at the depot.");
    await at("2026-11-25T11:30:00+01:00");
    await hub!.say("When will it arrive?");
    await at("2026-11-25T14:40:00+01:00"); // the first clock's due time has passed: answered, nothing
    expect(await breaches(t.conversationId)).toHaveLength(0);
    await at("2026-11-25T15:31:00+01:00");
    const [breach] = await breaches(t.conversationId);
    expect(breach?.data.since).toBe("2026-11-25T10:30:00.000Z");
  });

  it("before the first agent reply only the first-response SLA runs; pending conversations do not breach", async () => {
    const t = await start();
    await hub!.say("Is anyone there?");
    await at("2026-11-25T16:00:00+01:00");
    expect(await breaches(t.conversationId)).toHaveLength(0);
    expect((await hub!.events(t.conversationId, "sla.breached")).map((e) => e.data.policy)).toEqual(["first_response"]);

    const other = await hub!.say("I want to talk to a human please", "visitor-2");
    await reply(other.conversationId, "q1", "Which size did you order?"); // pending: the customer owes the answer
    await at("2026-11-25T23:00:00+01:00");
    expect(await breaches(other.conversationId)).toHaveLength(0);
    expect((await hub!.store.getConversation(other.conversationId))?.status).toBe("pending");
  });
});
