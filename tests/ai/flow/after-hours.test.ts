import { afterEach, describe, expect, it } from "vitest";
import { SHIPPED_CONFIG } from "../../helpers/hub.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

let hub: FlowHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});
const replyKinds = (notes: Record<string, unknown>) => notes.replies as string[];
/** Wednesday 22:30 in Berlin: the shipped business hours end at 20:00. */
const NIGHT = new Date("2026-11-25T22:30:00+01:00");

describe("AI decision flow: after hours", () => {
  it("the customer is told once that the team is offline, and still gets the answer", async () => {
    hub = await startFlowHub({ configYaml: SHIPPED_CONFIG });
    hub.clock.set(NIGHT);
    const first = await hub.say("Do you ship to the UK?");
    expect(replyKinds(first.notes)).toEqual(["after_hours", "answer"]);
    expect(first.texts[0]).toMatch(/^Thanks for your message! Our team is offline right now/);
    expect(first.texts[1]).toContain("UK");

    hub.clock.advance(10 * 60_000);
    const second = await hub.say("How much does shipping to the UK cost?");
    expect(replyKinds(second.notes)).toEqual(["answer"]);

    // A new night, more than 12 hours later: told again.
    hub.clock.advance(24 * 3_600_000);
    const nextNight = await hub.say("And how long does delivery to Austria take?");
    expect(replyKinds(nextNight.notes)[0]).toBe("after_hours");
  });

  it("in the customer's language", async () => {
    hub = await startFlowHub({ configYaml: SHIPPED_CONFIG });
    hub.clock.set(NIGHT);
    const t = await hub.say("Wie lange dauert der Versand nach Österreich?");
    expect(replyKinds(t.notes)[0]).toBe("after_hours");
    expect(t.texts[0]).toMatch(/^Danke für deine Nachricht! Unser Team ist gerade nicht da/);
  });

  it("not during business hours", async () => {
    hub = await startFlowHub({ configYaml: SHIPPED_CONFIG });
    const t = await hub.say("Do you ship to the UK?");
    expect(replyKinds(t.notes)).toEqual(["greeting", "answer"]);
  });

  it("the SLA counts business hours: an escalation at night is due an hour after opening, on the card", async () => {
    hub = await startFlowHub({ configYaml: SHIPPED_CONFIG });
    hub.clock.set(NIGHT);
    const t = await hub.say("I want to talk to a human please");
    expect(t.conversation.handoff?.queue).toBe("support");
    // Thu 2026-11-26 08:00 Berlin opening + the support queue's 1 h = 09:00 local (08:00Z).
    expect(t.conversation.handoff?.slaDueAt?.toISOString()).toBe("2026-11-26T08:00:00.000Z");
    expect(t.texts.at(-1)).toMatch(/will pick it up from Thu 08:00/);
  });

  it("late in the day the customer is promised the business-hours due time, not 'within 1 hour' after closing", async () => {
    hub = await startFlowHub({ configYaml: SHIPPED_CONFIG });
    hub.clock.set(new Date("2026-11-25T19:30:00+01:00")); // Wed, the shipped hours end at 20:00
    const t = await hub.say("I want to talk to a human please");
    expect(t.conversation.handoff?.slaDueAt?.toISOString()).toBe("2026-11-26T07:30:00.000Z"); // 30 min today, 30 min from Thu 08:00
    expect(t.texts.at(-1)).toMatch(/You'll hear from them by Thu 08:30\.$/);
    expect(t.texts.at(-1)).not.toMatch(/within/);
  });
});
