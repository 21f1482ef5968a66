import { afterEach, describe, expect, it } from "vitest";
import { businessHoursSchema } from "../../../src/core/config/business-hours.js";
import { nextShiftStart } from "../../../src/core/scheduler/handover-digest.js";
import { SHIPPED_CONFIG } from "../../helpers/hub.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

let hub: FlowHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});
const AGENT = { platform: "virtual", userId: "agent", name: "Agent" };

describe("shift start", () => {
  const hours = businessHoursSchema.parse({
    timezone: "Europe/Berlin",
    weekly: { mon: ["08:00-12:00", "13:00-17:00"], tue: ["08:00-12:00", "13:00-17:00"], wed: ["09:00-17:00"] },
    holidays: ["2026-12-01"],
  });
  const next = (iso: string) => nextShiftStart(hours, new Date(iso))?.toISOString();

  it("is the start of the next business-hours range: both halves of a split day, skipping holidays and closed days", () => {
    expect(next("2026-11-30T06:00:00Z")).toBe("2026-11-30T07:00:00.000Z"); // Mon 07:00 local → 08:00
    expect(next("2026-11-30T07:00:00Z")).toBe("2026-11-30T12:00:00.000Z"); // at 08:00 itself: the afternoon shift is next
    expect(next("2026-11-30T10:30:00Z")).toBe("2026-11-30T12:00:00.000Z"); // over lunch: 13:00
    expect(next("2026-11-30T15:00:00Z")).toBe("2026-12-02T08:00:00.000Z"); // Tuesday is a holiday: Wed 09:00
    expect(next("2026-12-02T16:30:00Z")).toBe("2026-12-07T07:00:00.000Z"); // Thu–Sun closed: next Monday
  });

  it("follows the zone's DST change (08:00 local is 06:00 UTC in summer)", () => {
    expect(next("2027-03-26T12:00:00Z")).toBe("2027-03-29T06:00:00.000Z");
  });
});

describe("shift handover digest", () => {
  it("at the shift start each queue's targets get what breached, what is due this shift, who waits and which snoozes end, in that order; once", async () => {
    hub = await startFlowHub({ configYaml: SHIPPED_CONFIG }); // Berlin, Mon–Fri 08:00–20:00; starts Wed 2026-11-25 10:00
    const at = async (local: string) => {
      hub!.clock.set(new Date(local));
      await hub!.hub.settle();
    };
    const breached = await hub.say("I want to talk to a human please", "v-breached"); // due 11:00, never answered
    await at("2026-11-25T12:00:00+01:00");
    const asked = await hub.say("I want to talk to a human please", "v-asked");
    expect(
      (await hub.hub.desk.handle({ conversationId: asked.conversationId, actor: AGENT, externalId: "q1", kind: "reply", text: "Which size did you order?" }))
        .ok,
    ).toBe(true);
    await at("2026-11-25T13:00:00+01:00");
    const waiting = await hub.say("I want to talk to a human please", "v-waiting");
    expect(
      (
        await hub.hub.desk.handle({
          conversationId: waiting.conversationId,
          actor: AGENT,
          externalId: "r1",
          kind: "reply",
          text: "I'm checking with the warehouse.",
        })
      ).ok,
    ).toBe(true);
    await hub.say("Thanks. Any news on this?", "v-waiting");
    const snoozed = await hub.say("I want to talk to a human please", "v-snoozed");
    expect(
      (
        await hub.hub.desk.handle({
          conversationId: snoozed.conversationId,
          actor: AGENT,
          externalId: "r2",
          kind: "reply",
          text: "We'll call the carrier tomorrow morning.",
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await hub.hub.desk.handle({
          conversationId: snoozed.conversationId,
          actor: AGENT,
          externalId: "s1",
          kind: "snooze",
          until: new Date("2026-11-26T09:00:00+01:00"),
        })
      ).ok,
    ).toBe(true);
    await at("2026-11-25T19:30:00+01:00");
    const due = await hub.say("I want to talk to a human please", "v-due"); // 30 min tonight + 30 min tomorrow: due Thu 08:30

    const digests = () => hub!.posts.filter((p) => p.kind === "notify" && /Shift handover/.test(p.text));
    await at("2026-11-26T07:59:00+01:00");
    expect(digests()).toHaveLength(0);
    await at("2026-11-26T08:01:00+01:00");
    expect(digests()).toHaveLength(1);
    const text = digests()[0]!.text;
    expect(text).toMatch(/Shift handover: Customer Support, Thu 08:00–20:00 \(Europe\/Berlin\)/);
    const section = (heading: RegExp) => text.split("\n\n").find((s) => heading.test(s)) ?? "";
    expect(section(/SLA breached/)).toContain(`/console/c/${breached.conversationId}`);
    expect(section(/SLA breached/)).toMatch(/\[high\].*was due Wed 11:00/); // the breach raised the priority
    expect(section(/due this shift/)).toContain(`/console/c/${due.conversationId}`);
    expect(section(/due this shift/)).toMatch(/due Thu 08:30/);
    expect(section(/waiting for a reply/)).toContain(`/console/c/${waiting.conversationId}`);
    expect(section(/Snoozes ending/)).toContain(`/console/c/${snoozed.conversationId}`);
    expect(text).not.toContain(asked.conversationId); // pending: the customer owes the answer
    expect(text.indexOf("SLA breached")).toBeLessThan(text.indexOf("due this shift"));
    expect(text.indexOf("due this shift")).toBeLessThan(text.indexOf("waiting for a reply"));

    const [event, ...more] = await hub.store.listEvents({ type: "handover.digest" });
    expect(more).toHaveLength(0);
    expect(event?.data).toMatchObject({ queue: "support", breached: 1, due: 1, waiting: 1, waking: 1 });
    expect(event?.data.posted).toBeGreaterThanOrEqual(1);

    await at("2026-11-26T19:00:00+01:00");
    expect(digests()).toHaveLength(1); // once per shift
    await at("2026-11-27T08:01:00+01:00");
    expect(digests()).toHaveLength(2); // Friday's shift: still open work
  });

  it("a shift the hub slept through is skipped, not posted late; the next shift gets its digest", async () => {
    hub = await startFlowHub({ configYaml: SHIPPED_CONFIG });
    await hub.say("I want to talk to a human please");
    const digests = () => hub!.posts.filter((p) => p.kind === "notify" && /Shift handover/.test(p.text));
    hub.clock.set(new Date("2026-11-26T20:30:00+01:00")); // Thursday's shift (08:00–20:00) is over
    await hub.hub.settle();
    expect(digests()).toHaveLength(0);
    hub.clock.set(new Date("2026-11-27T08:01:00+01:00"));
    await hub.hub.settle();
    expect(digests().map((p) => p.text.split("\n")[0])).toEqual(["🌅 Shift handover: Customer Support, Fri 08:00–20:00 (Europe/Berlin)"]);
  });

  it("nothing open: nothing posted, nothing recorded", async () => {
    hub = await startFlowHub({ configYaml: SHIPPED_CONFIG });
    hub.clock.set(new Date("2026-11-26T08:01:00+01:00"));
    await hub.hub.settle();
    expect(hub.posts.filter((p) => /Shift handover/.test(p.text))).toHaveLength(0);
    expect(await hub.store.listEvents({ type: "handover.digest" })).toHaveLength(0);
  });
});
