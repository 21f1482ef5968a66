import { describe, expect, it } from "vitest";
import { escalationSchema } from "../../../src/core/config/escalation-schema.js";
import { routeTargets, targetOf } from "../../../src/core/escalation/routing.js";
import { makeContact, type HandoffCard } from "../../../src/core/model/index.js";

const at = new Date("2026-11-24T09:00:00Z");

function card(overrides: Partial<HandoffCard> = {}): HandoffCard {
  return {
    goal: "Get a refund",
    stepsTried: [],
    risk: "low",
    rule: null,
    reason: "asked for a human",
    intent: "refund_request",
    confidence: 0.9,
    fields: {},
    missingFields: [],
    articles: [],
    nextAction: "Check the payment",
    queue: "support",
    priority: "normal",
    channel: "web",
    language: "en",
    languageNote: null,
    conversationUrl: "https://support.example/c/1",
    slaDueAt: null,
    createdAt: at,
    ...overrides,
  };
}

const contact = (tier?: string) => makeContact({ identities: [{ kind: "email", value: "a@example.com" }], at, ...(tier ? { profile: { tier } } : {}) });

const targets = Object.fromEntries(
  ["support", "billing", "security", "german", "vip", "urgent", "eng"].map((n) => [n, { platform: "slack", channel: `C0${n.toUpperCase()}` }]),
);

const settings = escalationSchema.parse({
  targets,
  routes: [
    { match: { queue: ["billing"] }, targets: ["billing"] },
    { match: { risk: ["critical", "high"] }, targets: ["security", "billing"] },
    { match: { priority: ["urgent"] }, targets: ["urgent", "security"] },
    { match: { language: ["de"] }, targets: ["german"] },
    { match: { tier: ["vip"] }, targets: ["vip"] },
    { match: { queue: ["tech"], language: ["fr"] }, targets: ["eng"] },
  ],
  fallback: "support",
});

describe("routeTargets", () => {
  it("adds the targets of every matching route, in config order, without repeats", () => {
    expect(routeTargets(settings, card({ queue: "billing", risk: "high" }), contact())).toEqual(["billing", "security"]);
    expect(routeTargets(settings, card({ queue: "billing", risk: "critical", priority: "urgent", language: "de" }), contact("vip"))).toEqual([
      "billing",
      "security",
      "urgent",
      "german",
      "vip",
    ]);
  });

  it("matches queue, priority, risk, language and tier one by one", () => {
    expect(routeTargets(settings, card({ queue: "billing" }), contact())).toEqual(["billing"]);
    expect(routeTargets(settings, card({ priority: "urgent" }), contact())).toEqual(["urgent", "security"]);
    expect(routeTargets(settings, card({ risk: "critical" }), contact())).toEqual(["security", "billing"]);
    expect(routeTargets(settings, card({ language: "de" }), contact())).toEqual(["german"]);
    expect(routeTargets(settings, card(), contact("vip"))).toEqual(["vip"]);
  });

  it('matches a regional language ("de-AT") by its base language ("de"), but not a different language sharing the prefix', () => {
    expect(routeTargets(settings, card({ language: "de-AT" }), contact())).toEqual(["german"]);
    expect(routeTargets(settings, card({ language: "dev" }), contact())).toEqual(["support"]);
  });

  it("needs every key of a match to hold", () => {
    expect(routeTargets(settings, card({ queue: "tech", language: "en" }), contact())).toEqual(["support"]);
    expect(routeTargets(settings, card({ queue: "tech", language: "fr" }), contact())).toEqual(["eng"]);
  });

  it("a contact without the tier does not match a tier route", () => {
    expect(routeTargets(settings, card(), contact("gold"))).toEqual(["support"]);
    expect(routeTargets(settings, card(), contact())).toEqual(["support"]);
  });

  it("uses the fallback when no route matches, and nothing when there is no fallback either", () => {
    expect(routeTargets(settings, card({ queue: "sales" }), contact())).toEqual(["support"]);
    const noFallback = escalationSchema.parse({ targets, routes: [{ match: { queue: ["billing"] }, targets: ["billing"] }] });
    expect(routeTargets(noFallback, card({ queue: "sales" }), contact())).toEqual([]);
    expect(routeTargets(noFallback, card({ queue: "billing" }), contact())).toEqual(["billing"]);
  });

  it("an empty match matches everything", () => {
    const all = escalationSchema.parse({
      targets,
      routes: [
        { match: {}, targets: ["support"] },
        { match: { queue: ["billing"] }, targets: ["billing", "support"] },
      ],
    });
    expect(routeTargets(all, card({ queue: "billing" }), contact())).toEqual(["support", "billing"]);
  });

  it("targetOf maps the config entry to a plain target, null for an unknown name", () => {
    const s = escalationSchema.parse({ targets: { billing: { platform: "discord", channel: "123", mention: ["<@&9>"], replies_by_default: true } } });
    expect(targetOf(s, "billing")).toEqual({ name: "billing", platform: "discord", channel: "123", mention: ["<@&9>"], repliesByDefault: true });
    expect(targetOf(s, "nope")).toBeNull();
  });
});
