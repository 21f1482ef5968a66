import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { watchWithConfig } from "../../../src/ai/flow/risk-watch.js";
import type { ThreadlineConfig } from "../../../src/core/config/schema.js";
import { makeContact, makeConversation, makeInboundMessage, type Contact, type Conversation, type HandoffCard } from "../../../src/core/model/index.js";
import { applyDecisionChanges } from "../../../src/core/pipeline/decision-changes.js";
import type { Store } from "../../../src/core/store/port.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { shippedConfig } from "./fake-providers.js";

const NOW = new Date("2026-11-25T10:00:00Z");
const config: ThreadlineConfig = shippedConfig();

function card(over: Partial<HandoffCard> = {}): HandoffCard {
  return {
    goal: "Replace a tent delivered with a bent pole",
    stepsTried: ["AI asked for order id"],
    risk: "medium",
    rule: null,
    reason: "Damaged item (needs a person)",
    intent: "damaged_item",
    confidence: 0.9,
    fields: { order_id: "NW-20461" },
    missingFields: [],
    articles: [],
    nextAction: "Offer a replacement",
    queue: "logistics",
    priority: "normal",
    channel: "email",
    language: "en",
    languageNote: null,
    conversationUrl: "http://hub/c/1",
    slaDueAt: null,
    createdAt: NOW,
    ...over,
  };
}

describe("mandatory rules while a human owns the conversation", () => {
  let store: Store;
  let contact: Contact;
  let conversation: Conversation;

  beforeEach(async () => {
    store = openSqliteStore({ path: ":memory:" });
    contact = await store.createContact(makeContact({ name: "Lena", identities: [{ kind: "email", value: "lena@example.com" }], at: NOW }), []);
    const base = makeConversation({ contactId: contact.id, channel: "email", at: NOW, queue: "logistics" });
    conversation = await store.createConversation({ ...base, owner: "human", handoff: card(), priority: "normal" }, []);
  });
  afterEach(async () => store.close());

  const decide = (text: string, conv = conversation) => {
    const message = makeInboundMessage({ conversationId: conv.id, contactId: contact.id, channel: "email", externalId: null, text, at: NOW });
    return { message, decision: watchWithConfig(config, { message, conversation: conv, contact, isNewConversation: false, now: NOW }) };
  };

  it("a legal threat raises risk and priority, moves the case to Trust & Safety, and the AI says nothing", async () => {
    const { message, decision } = decide("If the tent isn't replaced this week my lawyer will take it from here.");
    expect(decision.replies).toEqual([]);
    expect(decision.escalation).toBeUndefined();
    expect(decision.raise?.card).toMatchObject({ risk: "high", priority: "urgent", queue: "trust_safety", rule: "legal_threat", intent: "damaged_item" });
    expect(decision.raise?.card.stepsTried.at(-1)).toMatch(/After hand-off, rule "legal_threat" fired/);
    expect(decision.raise?.note).toMatch(/medium → high/);

    const after = await applyDecisionChanges(store, NOW, conversation, contact, message, decision);
    expect(after).toMatchObject({ owner: "human", queue: "trust_safety", priority: "urgent" });
    expect(after?.handoff?.rule).toBe("legal_threat");
    const events = await store.listEvents({ conversationId: conversation.id });
    const raised = events.find((e) => e.type === "conversation.risk_raised");
    expect(raised).toMatchObject({ actor: "ai", data: { rule: "legal_threat", risk: "high", from: { risk: "medium", queue: "logistics" } } });
    expect(events.find((e) => e.type === "conversation.queue_changed")).toMatchObject({ data: { from: "logistics", to: "trust_safety" } });
  });

  it("self-harm after hand-off: the safety text goes to the customer at once, in their language", () => {
    const french = { ...conversation, handoff: card({ language: "fr" }) };
    const { decision } = decide("Je n'en peux plus, j'ai envie d'en finir.", french);
    expect(decision.replies).toHaveLength(1);
    expect(decision.replies[0]).toMatchObject({ authorKind: "system", kind: "rule_safety" });
    expect(decision.replies[0]!.text).toBe(config.messages.safety!.fr);
    expect(decision.raise?.card).toMatchObject({ risk: "critical", queue: "trust_safety", rule: "safety" });
  });

  it("an ordinary follow-up, the same rule again, or a lower-risk rule changes nothing", async () => {
    expect(decide("Any news on my tent?").decision).toEqual({ replies: [], notes: { ai_silent: true, silent: "human_owner" } });
    const legal = { ...conversation, handoff: card({ rule: "legal_threat", risk: "high", priority: "urgent", queue: "trust_safety" }) };
    expect(decide("My lawyer is waiting for your answer.", legal).decision.raise).toBeUndefined();
    expect(decide("agent", legal).decision.raise).toBeUndefined();
  });

  it("a raise never lands on a conversation the AI owns again (compare-and-set on the human owner)", async () => {
    const { message, decision } = decide("I will sue you.");
    const handedBack = await store.updateConversation(conversation.id, { version: conversation.version }, { owner: "ai", updatedAt: NOW }, []);
    expect(handedBack?.owner).toBe("ai");
    expect(await applyDecisionChanges(store, NOW, conversation, contact, message, decision)).toBeNull();
  });
});
