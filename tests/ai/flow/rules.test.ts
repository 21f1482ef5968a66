import { describe, expect, it } from "vitest";
import { detectSignals } from "../../../src/ai/local/signals.js";
import { firstFiringRule, type RuleContext } from "../../../src/ai/flow/rules.js";
import { INITIAL_STATE, type AiState } from "../../../src/ai/flow/state.js";
import { escalationRuleSchema, queueSchema, type EscalationRuleConfig } from "../../../src/core/config/ai-schema.js";
import { makeContact, makeConversation, type Identity } from "../../../src/core/model/index.js";

const NOW = new Date("2026-11-25T10:00:00Z");
const HOUR = 3_600_000;

/** A rule as an admin writes it in config (validated by the real schema, defaults applied). */
function rule(id: string, when: Record<string, unknown>, extra: Record<string, unknown> = {}): EscalationRuleConfig {
  return escalationRuleSchema.parse({ id, when, risk: "high", queue: "support", reason: `reason of ${id}`, ...extra });
}

function context(
  options: { text?: string; identities?: Identity[]; profile?: Record<string, string>; state?: Partial<AiState>; queue?: string | null; createdAt?: Date } = {},
): RuleContext {
  const text = options.text ?? "Hello, where is my parcel?";
  const contact = makeContact({ name: "Jane", identities: options.identities ?? [{ kind: "web", value: "vis-1" }], at: NOW, profile: options.profile ?? {} });
  const conversation = makeConversation({ contactId: contact.id, channel: "web", at: options.createdAt ?? NOW, queue: options.queue ?? null });
  return {
    text,
    signals: detectSignals(text),
    contact,
    conversation,
    state: { ...INITIAL_STATE, steps: [], articles: [], ...options.state },
    queues: {
      support: queueSchema.parse({ name: "Support", resolution: "2d" }),
      sales: queueSchema.parse({ name: "Sales" }),
    },
    now: NOW,
  };
}

describe("firstFiringRule: one condition type at a time", () => {
  it("signal: fires on a detected signal of a listed kind, with the customer's words as evidence", () => {
    const rules = [rule("chargeback", { signal: ["chargeback"] })];
    const hit = firstFiringRule(rules, context({ text: "If this isn't fixed I will file a chargeback with my bank." }));
    expect(hit?.rule.id).toBe("chargeback");
    expect(hit?.evidence).toHaveLength(1);
    expect(hit!.evidence[0]).toMatch(/^chargeback: “.*chargeback.*”$/i);
    expect(firstFiringRule(rules, context({ text: "Where is my parcel?" }))).toBeNull();
    // A signal of another kind does not fire a rule that lists only chargeback.
    expect(firstFiringRule(rules, context({ text: "I will sue you and see you in court." }))).toBeNull();
  });

  it("keywords: whole words, case- and accent-insensitive", () => {
    const rules = [rule("press", { keywords: ["journalist", "café crème"] })];
    expect(firstFiringRule(rules, context({ text: "I am a JOURNALIST writing about you" }))?.evidence).toEqual(["keyword “journalist”"]);
    expect(firstFiringRule(rules, context({ text: "the cafe creme was cold" }))?.evidence).toEqual(["keyword “café crème”"]);
    expect(firstFiringRule(rules, context({ text: "my journalistic work" }))).toBeNull();
  });

  it("sentiment_below: strictly below the threshold, evidence names the score", () => {
    const angry = "This is terrible, absolutely awful, the worst service ever!!! I hate this, useless!";
    const rules = [rule("upset", { sentiment_below: -0.6 })];
    const ctx = context({ text: angry });
    expect(ctx.signals.sentiment).toBeLessThan(-0.6);
    const hit = firstFiringRule(rules, ctx);
    expect(hit?.evidence).toEqual([`sentiment ${ctx.signals.sentiment.toFixed(2)} (below -0.6)`]);
    expect(firstFiringRule(rules, context({ text: "Thanks, that was great help!" }))).toBeNull();
  });

  it("contact_tier: the contact's profile tier is listed", () => {
    const rules = [rule("vip", { contact_tier: ["vip", "gold"] })];
    expect(firstFiringRule(rules, context({ profile: { tier: "gold" } }))?.evidence).toEqual(["contact tier gold"]);
    expect(firstFiringRule(rules, context({ profile: { tier: "basic" } }))).toBeNull();
    expect(firstFiringRule(rules, context({ profile: {} }))).toBeNull();
  });

  it("contacts: e-mail addresses match case-insensitively, phone numbers in any notation match the E.164 identity", () => {
    const rules = [rule("watchlist", { contacts: ["  Boss@Example.COM ", "0049 151 1234-5678"] })];
    const byEmail = firstFiringRule(
      rules,
      context({
        identities: [
          { kind: "web", value: "v1" },
          { kind: "email", value: "boss@example.com" },
        ],
      }),
    );
    expect(byEmail?.evidence).toEqual(["listed contact (email)"]);
    const byPhone = firstFiringRule(rules, context({ identities: [{ kind: "phone", value: "+4915112345678" }] }));
    expect(byPhone?.evidence).toEqual(["listed contact (phone)"]);
    expect(
      firstFiringRule(
        rules,
        context({
          identities: [
            { kind: "email", value: "someone@example.com" },
            { kind: "phone", value: "+4915100000000" },
          ],
        }),
      ),
    ).toBeNull();
  });

  it("failed_attempts: at least this many failed AI attempts in the conversation", () => {
    const rules = [rule("repeated", { failed_attempts: 3 })];
    expect(firstFiringRule(rules, context({ state: { failures: 2 } }))).toBeNull();
    expect(firstFiringRule(rules, context({ state: { failures: 3 } }))?.evidence).toEqual(["3 failed AI attempts"]);
    expect(firstFiringRule(rules, context({ state: { failures: 5 } }))?.evidence).toEqual(["5 failed AI attempts"]);
  });

  it("sla_breached: open longer than the conversation's queue's resolution time (and only with such a queue)", () => {
    const rules = [rule("sla", { sla_breached: true })];
    // support: resolution 2d.
    expect(firstFiringRule(rules, context({ queue: "support", createdAt: new Date(NOW.getTime() - 47 * HOUR) }))).toBeNull();
    const hit = firstFiringRule(rules, context({ queue: "support", createdAt: new Date(NOW.getTime() - 49 * HOUR) }));
    expect(hit?.evidence).toEqual([`open ${49 * 60} min, queue SLA ${48 * 60} min`]);
    // sales has no resolution SLA; no queue at all: the rule cannot fire.
    expect(firstFiringRule(rules, context({ queue: "sales", createdAt: new Date(NOW.getTime() - 500 * HOUR) }))).toBeNull();
    expect(firstFiringRule(rules, context({ queue: null, createdAt: new Date(NOW.getTime() - 500 * HOUR) }))).toBeNull();
  });
});

describe("firstFiringRule: combining and ordering", () => {
  it("ALL conditions of a rule must hold; evidence lists each of them", () => {
    const rules = [rule("vip_chargeback", { signal: ["chargeback"], contact_tier: ["vip"], keywords: ["bank"] })];
    const text = "I will file a chargeback with my bank";
    expect(firstFiringRule(rules, context({ text, profile: { tier: "vip" } }))?.evidence).toEqual([
      expect.stringMatching(/^chargeback: /),
      "keyword “bank”",
      "contact tier vip",
    ]);
    expect(firstFiringRule(rules, context({ text, profile: { tier: "basic" } }))).toBeNull();
    expect(firstFiringRule(rules, context({ text: "I will file a chargeback", profile: { tier: "vip" } }))).toBeNull();
    expect(firstFiringRule(rules, context({ text: "my bank says hello", profile: { tier: "vip" } }))).toBeNull();
  });

  it("config order decides which of several firing rules wins", () => {
    const vip = rule("vip", { contact_tier: ["vip"] }, { risk: "medium" });
    const chargeback = rule("chargeback", { signal: ["chargeback"] });
    const ctx = context({ text: "I will file a chargeback", profile: { tier: "vip" } });
    expect(firstFiringRule([vip, chargeback], ctx)?.rule.id).toBe("vip");
    expect(firstFiringRule([chargeback, vip], ctx)?.rule.id).toBe("chargeback");
    // A rule that does not fire is skipped, the next one that does wins.
    expect(firstFiringRule([rule("never", { keywords: ["zebra"] }), chargeback, vip], ctx)?.rule.id).toBe("chargeback");
    expect(firstFiringRule([], ctx)).toBeNull();
  });

  it("every evidence string is non-empty and the hit carries the rule's routing", () => {
    const r = rule(
      "everything",
      {
        signal: ["chargeback"],
        keywords: ["bank"],
        sentiment_below: 0.5,
        contact_tier: ["vip"],
        contacts: ["jane@example.com"],
        failed_attempts: 1,
        sla_breached: true,
      },
      { queue: "support", priority: "urgent", next_action: "call her" },
    );
    const hit = firstFiringRule(
      [r],
      context({
        text: "I will file a chargeback with my bank",
        profile: { tier: "vip" },
        identities: [{ kind: "email", value: "jane@example.com" }],
        state: { failures: 1 },
        queue: "support",
        createdAt: new Date(NOW.getTime() - 72 * HOUR),
      }),
    );
    expect(hit?.evidence).toHaveLength(7);
    for (const e of hit!.evidence) expect(e.trim()).not.toBe("");
    expect(hit?.rule).toMatchObject({ queue: "support", priority: "urgent", next_action: "call her", risk: "high" });
  });
});
