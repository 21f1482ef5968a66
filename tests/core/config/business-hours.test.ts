import { describe, expect, it } from "vitest";
import { isOpen } from "../../../src/core/calendar/business-time.js";
import { businessHoursSchema } from "../../../src/core/config/business-hours.js";
import { createGreetingDecider } from "../../../src/core/pipeline/greeting-decider.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { makeContact, makeConversation, makeInboundMessage } from "../../../src/core/model/index.js";

const hours = businessHoursSchema.parse({
  timezone: "Europe/Berlin",
  weekly: { mon: ["09:00-12:00", "13:00-17:30"], sat: ["10:00-14:00"] },
  holidays: ["2026-12-28"],
});

describe("business hours", () => {
  it("uses the configured time zone, half-open ranges, split days and closed days", () => {
    // 2026-11-23 is a Monday; Berlin is UTC+1 in November.
    expect(isOpen(hours, new Date("2026-11-23T07:59:00Z"))).toBe(false); // 08:59 local
    expect(isOpen(hours, new Date("2026-11-23T08:00:00Z"))).toBe(true); // 09:00
    expect(isOpen(hours, new Date("2026-11-23T11:30:00Z"))).toBe(false); // lunch 12:30
    expect(isOpen(hours, new Date("2026-11-23T16:29:00Z"))).toBe(true); // 17:29
    expect(isOpen(hours, new Date("2026-11-23T16:30:00Z"))).toBe(false); // 17:30 closes
    expect(isOpen(hours, new Date("2026-11-24T10:00:00Z"))).toBe(false); // Tuesday: not listed
    expect(isOpen(hours, new Date("2026-11-28T09:00:00Z"))).toBe(true); // Saturday 10:00
  });

  it("treats holidays (local date) as closed", () => {
    expect(isOpen(hours, new Date("2026-12-28T09:00:00Z"))).toBe(false);
    expect(isOpen(hours, new Date("2026-12-21T09:00:00Z"))).toBe(true);
  });

  it("follows daylight saving time", () => {
    // 2026-06-01 is a Monday; Berlin is UTC+2 in summer: 09:00 local = 07:00Z.
    expect(isOpen(hours, new Date("2026-06-01T07:00:00Z"))).toBe(true);
    expect(isOpen(hours, new Date("2026-06-01T06:59:00Z"))).toBe(false);
  });
});

describe("greeting decider (the decision step before the AI core)", () => {
  async function setup() {
    const store = openSqliteStore({ path: ":memory:" });
    const at = new Date("2026-11-23T10:00:00Z");
    const contact = await store.createContact(makeContact({ identities: [], at }), []);
    const conversation = await store.createConversation(makeConversation({ contactId: contact.id, channel: "web", at }), []);
    const message = makeInboundMessage({ conversationId: conversation.id, contactId: contact.id, channel: "web", externalId: null, text: "hi", at });
    const decide = createGreetingDecider({ store, defaultLocale: "en", greeting: { en: "Hello!" }, afterHours: { en: "We're closed." }, businessHours: hours });
    return { store, contact, conversation, message, decide };
  }

  it("greets a new conversation in hours, says nothing to an existing one", async () => {
    const { decide, ...x } = await setup();
    const now = new Date("2026-11-23T10:00:00Z");
    expect((await decide({ ...x, isNewConversation: true, now })).replies).toEqual([{ kind: "greeting", text: "Hello!", authorKind: "system" }]);
    expect((await decide({ ...x, isNewConversation: false, now })).replies).toEqual([]);
  });

  it("sends the after-hours text outside hours, not again within 12 hours", async () => {
    const { decide, store, ...x } = await setup();
    const night = new Date("2026-11-23T21:00:00Z");
    const first = await decide({ ...x, store, isNewConversation: true, now: night } as never);
    expect(first.replies.map((r) => r.kind)).toEqual(["after_hours"]);
    await store.appendEvents([
      {
        id: "ev_1",
        type: "decision.made",
        actor: "ai",
        at: night,
        conversationId: x.conversation.id,
        contactId: x.contact.id,
        data: { replies: ["after_hours"] },
      },
    ]);
    const later = await decide({ ...x, isNewConversation: false, now: new Date("2026-11-23T23:00:00Z") });
    expect(later.replies).toEqual([]);
    const nextNight = await decide({ ...x, isNewConversation: false, now: new Date("2026-11-24T21:00:00Z") });
    expect(nextNight.replies.map((r) => r.kind)).toEqual(["after_hours"]);
  });

  it("is silent when a human owns the conversation", async () => {
    const { decide, conversation, ...x } = await setup();
    const out = await decide({ ...x, conversation: { ...conversation, owner: "human" }, isNewConversation: true, now: new Date("2026-11-23T10:00:00Z") });
    expect(out.replies).toEqual([]);
  });
});
