import { describe, expect, it } from "vitest";
import type { HandoffCard } from "../../src/core/model/index.js";
import { makeConversation, makeEvent, type ChannelId, type Conversation, type DomainEvent } from "../../src/core/model/index.js";
import { EXPECTATIONS, type StepOutcome } from "../../src/simulate/expectations.js";
import type { VirtualDelivery } from "../../src/simulate/virtual-channel.js";
import type { VirtualPost } from "../../src/simulate/virtual-workspace.js";

const AT = new Date("2026-01-07T10:00:00Z");

function delivery(text: string, options: { channel?: ChannelId; authorKind?: "ai" | "system" | "agent" } = {}): VirtualDelivery {
  return {
    channel: options.channel ?? "web",
    address: {},
    seq: 0,
    message: { messageId: "msg-1", conversationId: "cv-1", text, attachments: [], authorKind: options.authorKind ?? "ai", createdAt: AT },
  };
}

function card(extra: Partial<HandoffCard> = {}): HandoffCard {
  return {
    goal: "Get the refund",
    stepsTried: ["AI asked for order id"],
    risk: "high",
    rule: "chargeback",
    reason: "Chargeback",
    intent: "refunds",
    confidence: 0.9,
    fields: { order_id: "NW-12345" },
    missingFields: [],
    articles: [{ articleId: "refund-timing", version: 1, title: "Refund timing" }],
    nextAction: "Check the payment",
    queue: "billing",
    priority: "high",
    channel: "web",
    language: "en",
    languageNote: null,
    conversationUrl: "http://hub/api/conversations/cv-1",
    slaDueAt: AT,
    createdAt: AT,
    ...extra,
  };
}

function conversation(extra: Partial<Conversation> = {}): Conversation {
  return { ...makeConversation({ contactId: "ct-1", channel: "web", at: AT }), id: "cv-1", ...extra };
}

function outcome(extra: Partial<StepOutcome> = {}): StepOutcome {
  return {
    replies: [],
    conversation: conversation(),
    newConversation: null,
    previousConversationId: null,
    decisions: [],
    posts: [],
    actionsCalled: [],
    events: [],
    history: [],
    ...extra,
  };
}

function post(kind: VirtualPost["kind"], target: string, text = "…"): VirtualPost {
  return { kind, platform: "slack", target, threadId: "t-1", text };
}

function event(type: string, data: Record<string, unknown> = {}): DomainEvent {
  return makeEvent(type, "system", AT, { conversationId: "cv-1", contactId: "ct-1" }, data);
}

/** Runs one expectation as a scenario would: the value goes through the key's schema first. */
function check(key: keyof typeof EXPECTATIONS, value: unknown, o: StepOutcome): string[] {
  const e = EXPECTATIONS[key] as unknown as { schema: { parse(v: unknown): unknown }; check(v: unknown, o: StepOutcome): string[] };
  return e.check(e.schema.parse(value), o);
}

interface Case {
  key: keyof typeof EXPECTATIONS;
  value: unknown;
  pass: StepOutcome;
  fail: StepOutcome;
  /** Every one must appear in the failure message: what was expected and what happened. */
  says: (string | RegExp)[];
}

const CASES: Case[] = [
  {
    key: "intent",
    value: "refunds",
    pass: outcome({ decisions: [{ intent: "shipping" }, { intent: "refunds" }] }),
    fail: outcome({ decisions: [{ intent: "refunds" }, { intent: "shipping" }] }),
    says: ['"refunds"', '"shipping"'],
  },
  {
    key: "confidence_at_least",
    value: 0.8,
    pass: outcome({ decisions: [{ confidence: 0.8 }] }),
    fail: outcome({ decisions: [{ confidence: 0.42 }] }),
    says: ["0.8", "0.42"],
  },
  {
    key: "asks_for",
    value: "order_id",
    pass: outcome({ decisions: [{ asks_for: "order_id" }] }),
    fail: outcome({ decisions: [{ asks_for: "email" }] }),
    says: ["order_id", "email"],
  },
  {
    key: "fields",
    value: ["order_id"],
    pass: outcome({ conversation: conversation({ fields: { order_id: "NW-1" } }) }),
    fail: outcome({ conversation: conversation({ fields: { email: "a@b.c" } }) }),
    says: ["order_id", '"email":"a@b.c"'],
  },
  {
    key: "fields",
    value: { order_id: "NW-20456" },
    pass: outcome({ conversation: conversation({ fields: { order_id: "NW-20456", email: "x@y.z" } }) }),
    fail: outcome({ conversation: conversation({ fields: { order_id: "NW-99999" } }) }),
    says: ['"NW-20456"', '"NW-99999"'],
  },
  {
    key: "reply_cites",
    value: "refund-timing",
    pass: outcome({ decisions: [{ cites: ["returns-policy", "refund-timing"] }] }),
    fail: outcome({ decisions: [{ cites: ["returns-policy"] }] }),
    says: ["refund-timing", "returns-policy"],
  },
  {
    key: "reply_contains",
    value: ["Sales team"],
    pass: outcome({ replies: [delivery("I passed this to our SALES TEAM.")] }),
    fail: outcome({ replies: [delivery("Hello there")] }),
    says: ['"Sales team"', '"Hello there"'],
  },
  {
    key: "reply_not_contains",
    value: "guarantee",
    pass: outcome({ replies: [delivery("It usually arrives in 3 days")] }),
    fail: outcome({ replies: [delivery("We Guarantee delivery")] }),
    says: ['"guarantee"', '"We Guarantee delivery"'],
  },
  {
    key: "action_called",
    value: "lookup_order",
    pass: outcome({ actionsCalled: ["lookup_order"] }),
    fail: outcome({ actionsCalled: ["cancel_order"] }),
    says: ['"lookup_order"', "called: cancel_order"],
  },
  {
    key: "action_not_called",
    value: ["cancel_order"],
    pass: outcome({ actionsCalled: ["lookup_order"] }),
    fail: outcome({ actionsCalled: ["lookup_order", "cancel_order"] }),
    says: ['"cancel_order" not to be called'],
  },
  {
    key: "priority",
    value: "high",
    pass: outcome({ conversation: conversation({ priority: "high" }) }),
    fail: outcome({ conversation: conversation({ priority: "normal" }) }),
    says: ["expected priority high, got normal"],
  },
  {
    key: "escalated",
    value: true,
    pass: outcome({ decisions: [{ escalated: false }, { escalated: true }] }),
    fail: outcome({ decisions: [{ intent: "shipping" }] }),
    says: ["expected an escalation", "got none"],
  },
  {
    key: "escalated",
    value: false,
    pass: outcome({ decisions: [{ intent: "shipping" }] }),
    fail: outcome({ decisions: [{ escalated: true }] }),
    says: ["expected no escalation", "escalated"],
  },
  {
    key: "risk",
    value: "high",
    pass: outcome({ conversation: conversation({ handoff: card({ risk: "high" }) }) }),
    fail: outcome({ conversation: conversation({ handoff: card({ risk: "low" }) }) }),
    says: ["high", "low"],
  },
  {
    key: "queue",
    value: "billing",
    pass: outcome({ conversation: conversation({ queue: "billing" }) }),
    fail: outcome({ conversation: conversation({ queue: "sales" }) }),
    says: ["billing", "sales"],
  },
  {
    key: "rule",
    value: "chargeback",
    pass: outcome({ conversation: conversation({ handoff: card({ rule: "chargeback" }) }) }),
    fail: outcome({ conversation: conversation({ handoff: card({ rule: "vip" }) }) }),
    says: ["chargeback", "vip"],
  },
  {
    key: "handoff_has",
    value: ["goal", "articles", "slaDueAt"],
    pass: outcome({ conversation: conversation({ handoff: card() }) }),
    fail: outcome({ conversation: conversation({ handoff: card({ articles: [] }) }) }),
    says: ["articles", "empty"],
  },
  {
    key: "ai_silent",
    value: true,
    pass: outcome({ replies: [delivery("Hi, agent here", { authorKind: "agent" })] }),
    fail: outcome({ replies: [delivery("Let me check that for you", { authorKind: "ai" })] }),
    says: ["silent", '"Let me check that for you"'],
  },
  {
    key: "customer_receives",
    value: "volume prices",
    pass: outcome({ replies: [delivery("Here are our Volume Prices", { authorKind: "agent" })] }),
    fail: outcome({ replies: [delivery("Hi Lena")] }),
    says: ['"volume prices"', '"Hi Lena"'],
  },
  {
    key: "customer_not_receives",
    value: "RF-88812",
    pass: outcome({ replies: [delivery("Your refund is on its way")] }),
    fail: outcome({ replies: [delivery("Reference rf-88812 sent")] }),
    says: ['"RF-88812"', '"Reference rf-88812 sent"'],
  },
  {
    key: "owner",
    value: "human",
    pass: outcome({ conversation: conversation({ owner: "human" }) }),
    fail: outcome({ conversation: conversation({ owner: "ai" }) }),
    says: ["owner human", "got ai"],
  },
  {
    key: "status",
    value: "resolved",
    pass: outcome({ conversation: conversation({ status: "resolved" }) }),
    fail: outcome({ conversation: conversation({ status: "snoozed" }) }),
    says: ["resolved", "snoozed"],
  },
  {
    key: "thread_posted",
    value: true,
    pass: outcome({ posts: [post("thread", "billing")] }),
    fail: outcome({ posts: [post("mirror", "C0BILLING1")] }),
    says: ["expected a thread to be opened", "none was"],
  },
  {
    key: "thread_posted",
    value: false,
    pass: outcome({ posts: [] }),
    fail: outcome({ posts: [post("mirror", "C0BILLING1")] }),
    says: ["expected nothing posted", "mirror in C0BILLING1"],
  },
  {
    key: "thread_posted",
    value: "billing",
    pass: outcome({ posts: [post("thread", "security"), post("thread", "billing")] }),
    fail: outcome({ posts: [post("thread", "support")] }),
    says: ["billing", "support"],
  },
  {
    key: "delivered_on",
    value: "telegram",
    pass: outcome({ replies: [delivery("a", { channel: "telegram" }), delivery("b", { channel: "telegram" })] }),
    fail: outcome({ replies: [delivery("a", { channel: "telegram" }), delivery("b", { channel: "email" })] }),
    says: ["telegram", "email"],
  },
  {
    key: "delivered_on",
    value: "web",
    pass: outcome({ replies: [delivery("a")] }),
    fail: outcome({ replies: [] }),
    says: ["web", "no reply"],
  },
  {
    key: "no_reply",
    value: true,
    pass: outcome(),
    fail: outcome({ replies: [delivery("Thanks for writing")] }),
    says: ["no reply", '"Thanks for writing"'],
  },
  {
    key: "replies",
    value: 2,
    pass: outcome({ replies: [delivery("one"), delivery("two")] }),
    fail: outcome({ replies: [delivery("one")] }),
    says: ["expected 2 replies", "got 1", '"one"'],
  },
  {
    key: "conversation",
    value: "new",
    pass: outcome({ newConversation: true }),
    fail: outcome({ newConversation: false }),
    says: ["new", "existing"],
  },
  {
    key: "conversation",
    value: "existing",
    pass: outcome({ newConversation: false }),
    fail: outcome({ newConversation: null }),
    says: ["needs a customer step"],
  },
  {
    key: "same_conversation",
    value: true,
    pass: outcome({ previousConversationId: "cv-1" }),
    fail: outcome({ previousConversationId: "cv-0" }),
    says: ["expected the same conversation", "got a new one"],
  },
  {
    key: "same_conversation",
    value: false,
    pass: outcome({ previousConversationId: "cv-0" }),
    fail: outcome({ previousConversationId: "cv-1" }),
    says: ["expected a different conversation", "got the same one"],
  },
  {
    key: "assignee",
    value: "mia",
    pass: outcome({ conversation: conversation({ assignee: "mia" }) }),
    fail: outcome({ conversation: conversation({ assignee: "ben" }) }),
    says: ["expected assignee mia", "got ben"],
  },
  {
    key: "assignee",
    value: null,
    pass: outcome(),
    fail: outcome({ conversation: conversation({ assignee: "ben" }) }),
    says: ["expected assignee nobody", "got ben"],
  },
  {
    key: "sla_due",
    value: "2026-11-24T10:00:00+01:00",
    pass: outcome({ conversation: conversation({ handoff: card({ slaDueAt: new Date("2026-11-24T09:00:00Z") }) }) }),
    fail: outcome({ conversation: conversation({ handoff: card({ slaDueAt: new Date("2026-11-24T22:00:00Z") }) }) }),
    says: ["expected the SLA due at 2026-11-24T10:00:00+01:00", "got 2026-11-24T22:00:00.000Z"],
  },
  {
    key: "sla_warning",
    value: true,
    pass: outcome({ history: [event("sla.warning")] }),
    fail: outcome({ history: [event("sla.breached")] }),
    says: ["expected an SLA warning, there was none"],
  },
  {
    key: "sla_breached",
    value: false,
    pass: outcome({ history: [event("sla.warning")] }),
    fail: outcome({ history: [event("sla.breached")] }),
    says: ["expected no SLA breach, there was one"],
  },
  {
    key: "reopened",
    value: true,
    pass: outcome({ events: [event("conversation.status_changed", { from: "resolved", to: "open" })] }),
    fail: outcome({ events: [event("conversation.status_changed", { from: "pending", to: "open" })] }),
    says: ["expected the conversation to be reopened in this step"],
  },
  {
    key: "auto_resolved",
    value: true,
    pass: outcome({ events: [event("conversation.auto_resolved", { soft: true })] }),
    fail: outcome({ history: [event("conversation.auto_resolved", { soft: true })] }),
    says: ["expected an auto-resolution in this step, there was none"],
  },
  {
    key: "digest_contains",
    value: "Breached",
    pass: outcome({ posts: [post("notify", "support", "Shift handover — Breached: 1")] }),
    fail: outcome({ posts: [post("mirror", "support", "Breached"), post("notify", "support", "Knowledge base: 2 articles expire")] }),
    says: ['"Breached"', "Knowledge base: 2 articles expire"],
  },
  {
    key: "csat_requested",
    value: true,
    pass: outcome({ history: [event("survey.sent", { kind: "csat" })] }),
    fail: outcome(),
    says: ["expected a satisfaction survey, there was none"],
  },
  {
    key: "csat",
    value: 4,
    pass: outcome({ history: [event("survey.answered", { kind: "csat", score: 4 })] }),
    fail: outcome({ history: [event("survey.answered", { kind: "csat", score: 2 })] }),
    says: ["expected a CSAT answer of 4", "got 2"],
  },
];

describe("simulate expectations: each key passes on a matching outcome and explains a mismatch", () => {
  for (const c of CASES) {
    it(`${c.key}: ${JSON.stringify(c.value)}`, () => {
      expect(check(c.key, c.value, c.pass)).toEqual([]);
      const failures = check(c.key, c.value, c.fail);
      expect(failures.length).toBeGreaterThan(0);
      for (const s of c.says) {
        if (typeof s === "string") expect(failures.join("\n")).toContain(s);
        else expect(failures.join("\n")).toMatch(s);
      }
    });
  }

  it("every registered expectation key is covered above", () => {
    expect([...new Set(CASES.map((c) => c.key))].sort()).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  it("keys about the AI's decision fail clearly when no decision was made", () => {
    expect(check("intent", "refunds", outcome())).toEqual(["no AI decision in this step"]);
    expect(check("confidence_at_least", 0.5, outcome())).toEqual(["expected confidence ≥ 0.5, got no decision"]);
    expect(check("asks_for", "order_id", outcome())).toEqual(["expected the AI to ask for order_id, it asked for nothing"]);
    expect(check("reply_cites", ["a", "b"], outcome({ decisions: [{ cites: ["a"] }] }))).toEqual(["expected a reply citing b, cited a"]);
  });

  it("keys about the handoff card fail clearly when there is no card", () => {
    expect(check("risk", "high", outcome())).toEqual(["expected risk high, got no handoff card"]);
    expect(check("rule", "vip", outcome())).toEqual(["expected rule vip, got no handoff card"]);
    expect(check("rule", "vip", outcome({ conversation: conversation({ handoff: card({ rule: null }) }) }))).toEqual(["expected rule vip, got no rule"]);
    expect(check("handoff_has", ["goal"], outcome())).toEqual(["expected a handoff card, the conversation has none"]);
  });

  it("handoff_has treats empty strings, lists and objects as empty, and a Date as filled", () => {
    const c = card({ goal: "", stepsTried: [], fields: {}, languageNote: null });
    const failures = check(
      "handoff_has",
      ["goal", "stepsTried", "fields", "languageNote", "slaDueAt"],
      outcome({ conversation: conversation({ handoff: c }) }),
    );
    expect(failures).toEqual(["goal", "stepsTried", "fields", "languageNote"].map((k) => `expected the handoff card's ${k} to be filled, it is empty`));
  });

  it("values of the wrong form are rejected by the key's schema", () => {
    expect(() => check("replies", -1, outcome())).toThrow();
    expect(() => check("no_reply", false, outcome())).toThrow();
    expect(() => check("risk", "extreme", outcome())).toThrow();
    expect(() => check("handoff_has", ["nonsense"], outcome())).toThrow();
    expect(() => check("fields", [], outcome())).toThrow();
  });
});
