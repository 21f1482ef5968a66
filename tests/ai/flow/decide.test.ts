import { afterEach, describe, expect, it } from "vitest";
import type { HandoffCard } from "../../../src/core/model/index.js";
import { alwaysOpenConfig, withoutActions } from "../../helpers/hub.js";
import { overconfidentProvider } from "./fake-providers.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

const ORDER_PROMPT = "Could you tell me your order number?";
const AGENT = { platform: "virtual", userId: "agent", name: "Agent" };

let hub: FlowHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});
async function start(options: Parameters<typeof startFlowHub>[0] = {}): Promise<FlowHub> {
  hub = await startFlowHub(options);
  return hub;
}
const replyKinds = (notes: Record<string, unknown>) => notes.replies as string[];

describe("AI decision flow: mandatory rules", () => {
  it("run before classification: a provider sure it is a shipping question still escalates a chargeback", async () => {
    const provider = overconfidentProvider("shipping");
    const h = await start({ ai: provider });
    // The provider is in charge of ordinary messages: it answers this one as shipping.
    const normal = await h.say("Do you ship to the UK?", "calm");
    expect(normal.notes.intent).toBe("shipping");
    expect(replyKinds(normal.notes)).toContain("answer");
    expect(provider.calls).toContain("classify");

    provider.calls.length = 0;
    const threat = await h.say("My parcel is late again. I will file a chargeback with my credit card company.", "angry");
    expect(provider.calls).not.toContain("classify");
    expect(provider.calls).not.toContain("answer");
    expect(threat.notes).toMatchObject({ escalated: true, rule: "chargeback", risk: "high", queue: "billing", intent: null });
    expect(replyKinds(threat.notes)).toEqual(["greeting", "escalated"]);
    expect(threat.conversation).toMatchObject({ owner: "human", queue: "billing", priority: "high" });
    expect(threat.conversation.handoff).toMatchObject({ rule: "chargeback", risk: "high", intent: null, queue: "billing" });
    expect(threat.conversation.handoff!.reason).toMatch(/^Chargeback or payment dispute \(chargeback: “.*chargeback.*”\)$/);
    expect(threat.texts.join("\n")).toContain("Billing team");
  });
});

describe("AI decision flow: unclear requests and fields", () => {
  it("an unclear request gets exactly one clarifying question, then an escalation with the reason", async () => {
    const h = await start();
    const first = await h.say("Quick question");
    expect(replyKinds(first.notes)).toEqual(["greeting", "clarify"]);
    expect(first.texts[1]).toContain("where your order is, shipping times and costs, returning an item or a refund");
    expect(first.conversation.owner).toBe("ai");

    const second = await h.say("Can you help me?");
    expect(replyKinds(second.notes)).toEqual(["escalated"]);
    expect(second.notes).toMatchObject({ escalated: true, rule: null, reason: "The AI could not tell what the customer needs" });
    expect(second.conversation.owner).toBe("human");
    expect(second.conversation.handoff!.stepsTried).toEqual([
      "AI asked a clarifying question (request unclear)",
      "Request still unclear after a clarifying question",
    ]);
    const clarifications = (await h.events(first.conversationId, "decision.made")).flatMap((e) => e.data.replies as string[]).filter((k) => k === "clarify");
    expect(clarifications).toHaveLength(1);
  });

  it("asks for the order number, re-asks with the reason after an invalid answer, escalates after the second (field_attempts: 2)", async () => {
    const h = await start();
    const ask = await h.say("Where is my order?");
    expect(ask.notes).toMatchObject({ intent: "order_status", asks_for: "order_id" });
    expect(ask.texts.at(-1)).toContain(ORDER_PROMPT);

    const retry = await h.say("banana");
    expect(retry.notes.asks_for).toBe("order_id");
    expect(retry.texts).toEqual([`Sorry, that doesn't look right (does not look like an order number). ${ask.texts.at(-1)}`]);
    expect(retry.conversation.owner).toBe("ai");

    const giveUp = await h.say("still banana");
    expect(giveUp.notes).toMatchObject({ escalated: true, rule: null, queue: "logistics", reason: "Could not get a valid order id from the customer" });
    expect(giveUp.conversation.owner).toBe("human");
    expect(giveUp.conversation.handoff).toMatchObject({ missingFields: ["order_id"], fields: {} });
    expect(giveUp.conversation.handoff!.nextAction).toMatch(/^Ask the customer for: order_id/);
  });

  it("a valid answer is stored on the conversation and the contact, and never asked again, not even in a new conversation", async () => {
    // The knowledge-base path (no order lookup), so the answer right after the number is the tracking article.
    const h = await start({ configYaml: withoutActions(alwaysOpenConfig()) });
    await h.say("Where is my order?", "returning");
    const given = await h.say("It's NW-10023", "returning");
    expect(given.conversation.fields).toEqual({ order_id: "NW-10023" });
    expect(replyKinds(given.notes)).toEqual(["answer"]);
    const contact = await h.store.getContact(given.conversation.contactId);
    expect(contact!.profile.order_id).toBe("NW-10023");
    expect(await h.events(given.conversationId, "fields.collected")).toHaveLength(1);
    expect((await h.store.listEvents({ contactId: contact!.id, type: "contact.profile_updated" })).map((e) => e.data.keys)).toEqual([["order_id"]]);

    // Same conversation: asked again about the order, the number is not asked for.
    const again = await h.say("Where is my order?", "returning");
    expect(again.notes.asks_for).toBeUndefined();
    expect(again.texts.join("\n")).not.toContain(ORDER_PROMPT);

    // A new conversation of the same contact, days later.
    expect((await h.hub.desk.handle({ conversationId: given.conversationId, actor: AGENT, externalId: "resolve-1", kind: "resolve" })).ok).toBe(true);
    h.clock.advance(3 * 86_400_000);
    const later = await h.say("Where is my order?", "returning");
    expect(later.newConversation).toBe(true);
    expect(later.conversationId).not.toBe(given.conversationId);
    expect(later.notes.asks_for).toBeUndefined();
    expect(later.notes.fields).toEqual(["order_id"]);
    expect(replyKinds(later.notes)).toEqual(["greeting", "answer"]);
    expect(later.texts.join("\n")).not.toContain(ORDER_PROMPT);
  });
});

describe("AI decision flow: answers from the knowledge base", () => {
  it("cites the article in the decision and names it in the reply", async () => {
    const h = await start();
    const t = await h.say("Do you ship to the UK?");
    expect(t.notes).toMatchObject({ intent: "shipping", cites: ["shipping-times-and-costs"] });
    expect(t.notes.escalated).toBeUndefined();
    const answer = t.texts.at(-1)!;
    expect(answer).toMatch(/\n\nSource: Shipping times and costs$/);
    expect(answer).toContain("UK");
    expect(t.conversation).toMatchObject({ owner: "ai", queue: "logistics" });
  });

  it("a forbidden phrase in the drafted answer: nothing of it is sent, the conversation escalates with the guard's reason and an event", async () => {
    const yaml = alwaysOpenConfig().replace(
      /^  forbidden:\n/m,
      "  forbidden:\n    - phrase: Delivered Duty Paid\n      reason: Say that duties are included, not trade jargon\n      action: block\n      applies_to: [answers]\n",
    );
    expect(yaml).toContain("phrase: Delivered Duty Paid");
    const h = await start({ configYaml: yaml });
    const t = await h.say("Do you ship to the UK?");
    expect(t.texts.join("\n")).not.toMatch(/Duty Paid|Source:/);
    expect(replyKinds(t.notes)).toEqual(["greeting", "escalated"]);
    expect(t.notes).toMatchObject({ escalated: true, rule: null, risk: "medium", queue: "logistics" });
    expect(t.notes.reason).toBe("The drafted answer used forbidden phrasing (Say that duties are included, not trade jargon)");
    expect(t.conversation.owner).toBe("human");
    expect(t.conversation.handoff!.stepsTried).toContain("AI drafted an answer that the phrasing guard blocked");
    const [guardEvent] = await h.events(t.conversationId, "answer.forbidden_phrase");
    expect(guardEvent!.data).toMatchObject({ action: "block", hits: [expect.objectContaining({ rule: "Delivered Duty Paid", action: "block" })] });
  });
});

describe("AI decision flow: ownership", () => {
  it("after an escalation the AI is silent; an agent's hand-back makes it answer again and is logged", async () => {
    const h = await start();
    const escalated = await h.say("I want to talk to a human");
    expect(escalated.notes.rule).toBe("asks_for_human");
    expect(escalated.conversation.owner).toBe("human");

    const ignored = await h.say("Hello? Do you ship to the UK?");
    expect(ignored.texts).toEqual([]);
    expect(ignored.notes).toMatchObject({ ai_silent: true, replies: [] });
    expect(h.posts.some((p) => p.kind === "mirror" && p.text === "Hello? Do you ship to the UK?")).toBe(true);

    const result = await h.hub.desk.handle({ conversationId: escalated.conversationId, actor: AGENT, externalId: "hb-1", kind: "handback" });
    expect(result.ok).toBe(true);
    const handback = (await h.events(escalated.conversationId, "owner.changed")).at(-1)!;
    expect(handback.data).toEqual({ from: "human", to: "ai", reason: "handback" });
    expect(handback.actor).toBe("agent:agent");

    const answered = await h.say("Do you ship to the UK?");
    expect(answered.conversation.owner).toBe("ai");
    expect(answered.notes).toMatchObject({ intent: "shipping", cites: ["shipping-times-and-costs"] });
    expect(answered.texts.at(-1)).toContain("Source: Shipping times and costs");
    // A fresh state after the hand-back: the steps start with it, not with the old escalation.
    expect((answered.notes.state as { steps: string[] }).steps[0]).toBe("An agent handed the conversation back to the AI");
  });

  it("the handoff card is complete and stored on the conversation", async () => {
    const h = await start({ configYaml: withoutActions(alwaysOpenConfig()) });
    await h.say("Where is my order?");
    await h.say("NW-10023");
    const t = await h.say("I want to talk to a human");
    const card = t.conversation.handoff as HandoffCard;
    const filled: (keyof HandoffCard)[] = [
      "goal",
      "stepsTried",
      "risk",
      "rule",
      "reason",
      "fields",
      "articles",
      "nextAction",
      "queue",
      "priority",
      "channel",
      "language",
      "conversationUrl",
      "slaDueAt",
    ];
    for (const key of filled) {
      const v = card[key];
      expect(v, key).not.toBeNull();
      expect(v, key).not.toBe("");
      if (Array.isArray(v)) expect(v.length, key).toBeGreaterThan(0);
      else if (typeof v === "object" && !(v instanceof Date)) expect(Object.keys(v as object).length, key).toBeGreaterThan(0);
    }
    expect(card).toMatchObject({
      rule: "asks_for_human",
      risk: "low",
      queue: "support",
      priority: "normal",
      channel: "web",
      language: "en",
      languageNote: null,
      intent: "order_status",
      fields: { order_id: "NW-10023" },
      missingFields: [],
      articles: [expect.objectContaining({ articleId: "order-tracking", title: "Tracking your order" })],
    });
    expect(card.stepsTried).toEqual([
      "AI asked for order id",
      "Customer provided order id",
      "AI answered from “Tracking your order”",
      expect.stringMatching(/^Rule "asks_for_human" fired: /),
    ]);
    expect(card.conversationUrl).toMatch(new RegExp(`/console/c/${t.conversationId}$`));
    expect(card.slaDueAt!.getTime() - h.clock.now().getTime()).toBe(3_600_000); // support: first response 1h
    // Stored as data on the conversation (read back from the store, dates revived), and shown to agents.
    const stored = (await h.store.getConversation(t.conversationId))!.handoff!;
    expect(stored).toEqual(card);
    expect(stored.slaDueAt).toBeInstanceOf(Date);
    expect(h.posts.find((p) => p.kind === "thread")?.view?.card).toMatchObject({ rule: "asks_for_human", goal: card.goal });
  });
});

describe("AI decision flow: languages", () => {
  it("a German customer gets the German greeting, field prompt and escalation text; the card's language is de", async () => {
    const h = await start();
    const ask = await h.say("Wo ist meine Bestellung?");
    expect(ask.notes).toMatchObject({ language: "de", locale: "de", asks_for: "order_id" });
    expect(ask.texts).toEqual([
      expect.stringMatching(/^Hallo und danke/),
      "Kannst du mir deine Bestellnummer nennen? Sie steht in der Bestellbestätigung (zum Beispiel NW-10023).",
    ]);
    const escalated = await h.say("Ich möchte mit einem Menschen sprechen");
    expect(escalated.texts[0]).toMatch(/^Danke, ich habe das .* an unser Team Customer Support weitergegeben/);
    expect(escalated.conversation.handoff).toMatchObject({ language: "de", languageNote: null, rule: "asks_for_human" });
  });
});
