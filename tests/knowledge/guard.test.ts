import { describe, expect, it } from "vitest";
import { makeContact, makeConversation, makeInboundMessage, type Contact, type Conversation } from "../../src/core/model/index.js";
import type { Decider } from "../../src/core/pipeline/decision.js";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { GUARD_EVENT, guardAnswer, withAnswerGuard } from "../../src/knowledge/answer-guard.js";
import { checkOutboundAnswer, compileForbiddenRules, findForbidden, type ForbiddenRuleConfig } from "../../src/knowledge/guard.js";
import { shippedKnowledgeSettings, T0, testClock } from "./helpers/kb.js";

const rule = (r: Partial<ForbiddenRuleConfig> & { reason: string }): ForbiddenRuleConfig => ({ action: "block", applies_to: ["articles", "answers"], ...r });
const RULES = [
  rule({ phrase: "full refund", reason: "no refund promises" }),
  rule({ pattern: "\\bguarantee[sd]?\\b", reason: "no guarantees" }),
  rule({ phrase: "Summit Supply Co", reason: "competitor", action: "rewrite", replacement: "other retailers" }),
  rule({ phrase: "cheap", reason: "brand voice", action: "rewrite", replacement: "affordable", applies_to: ["answers"] }),
  rule({ phrase: "café", reason: "accent test", applies_to: ["articles"] }),
];

describe("forbidden phrasing guard", () => {
  it("matches phrases as whole words, case- and whitespace-insensitively", () => {
    const hits = (text: string) => findForbidden(text, RULES, "articles").map((h) => h.match);
    expect(hits("You get a FULL\n  Refund.")).toEqual(["FULL\n  Refund"]);
    expect(hits("a fullrefund, refunded fully")).toEqual([]);
    expect(hits("Guaranteed! We guarantee.")).toEqual(["Guaranteed", "guarantee"]);
    expect(hits("Cafe or CAFÉ")).toEqual(["Cafe", "CAFÉ"]);
  });

  it("allows clean answers, rewrites rewrite-only hits, and blocks when any hit blocks", () => {
    expect(checkOutboundAnswer("Your parcel is on its way.", RULES)).toEqual({ action: "allow", text: "Your parcel is on its way.", hits: [] });
    const rewritten = checkOutboundAnswer("Cheaper than Summit Supply Co and cheap.", RULES);
    expect(rewritten.action).toBe("rewrite");
    expect(rewritten.text).toBe("Cheaper than other retailers and affordable.");
    expect(rewritten.hits.map((h) => h.rule)).toEqual(["Summit Supply Co", "cheap"]);
    const blocked = checkOutboundAnswer("Unlike Summit Supply Co, we guarantee a full refund.", RULES);
    expect(blocked.action).toBe("block");
    expect(blocked.text).toBe("Unlike Summit Supply Co, we guarantee a full refund.");
    expect(blocked.hits.map((h) => [h.rule, h.action])).toEqual([
      ["Summit Supply Co", "rewrite"],
      ["/\\bguarantee[sd]?\\b/", "block"],
      ["full refund", "block"],
    ]);
    // A rule for articles only never touches answers.
    expect(checkOutboundAnswer("café", RULES).action).toBe("allow");
  });

  it("accepts compiled rules and keeps regex state clean between calls", () => {
    const compiled = compileForbiddenRules(RULES);
    for (let i = 0; i < 3; i++) expect(checkOutboundAnswer("a full refund", compiled).action).toBe("block");
  });

  it("the shipped rules stop refund promises, admissions, absolutes and competitor names", () => {
    const rules = shippedKnowledgeSettings().forbidden;
    expect(checkOutboundAnswer("We’ll refund you today.", rules).action).toBe("block");
    expect(checkOutboundAnswer("I will reimburse the cost.", rules).action).toBe("block");
    expect(checkOutboundAnswer("Sorry, that was our fault.", rules).action).toBe("block");
    expect(checkOutboundAnswer("This jacket is 100% waterproof.", rules).action).toBe("block");
    expect(checkOutboundAnswer("Trailhead Outfitters charge more.", rules)).toMatchObject({ action: "rewrite", text: "other retailers charge more." });
    expect(checkOutboundAnswer("Refunds reach PayPal within 24 hours of the email.", rules).action).toBe("allow");
  });
});

describe("guard on outbound AI answers", () => {
  async function seeded() {
    const store = openSqliteStore({ path: ":memory:" });
    const contact = await store.createContact(makeContact({ identities: [{ kind: "web", value: "v1" }], at: T0 }), []);
    const conversation = await store.createConversation(makeConversation({ contactId: contact.id, channel: "web", at: T0 }), []);
    const message = makeInboundMessage({
      conversationId: conversation.id,
      contactId: contact.id,
      channel: "web",
      externalId: "m1",
      text: "my parcel is late",
      at: T0,
    });
    await store.appendMessage(message, []);
    return { store, contact, conversation, message };
  }
  const input = (conversation: Conversation, contact: Contact, message: ReturnType<typeof makeInboundMessage>) => ({
    message,
    conversation,
    contact,
    isNewConversation: false,
    now: T0,
  });

  it("records every hit as an event", async () => {
    const { store, conversation, contact } = await seeded();
    const result = await guardAnswer(
      { store, clock: testClock(), rules: () => RULES },
      { text: "You will get a full refund.", conversationId: conversation.id, contactId: contact.id },
    );
    expect(result.action).toBe("block");
    const [event] = await store.listEvents({ conversationId: conversation.id, type: GUARD_EVENT });
    expect(event).toMatchObject({
      actor: "ai",
      contactId: contact.id,
      data: { action: "block", hits: [{ rule: "full refund", reason: "no refund promises", action: "block", match: "full refund" }] },
    });
    await guardAnswer({ store, clock: testClock(), rules: () => RULES }, { text: "All fine.", conversationId: conversation.id, contactId: contact.id });
    expect(await store.listEvents({ type: GUARD_EVENT })).toHaveLength(1);
  });

  it("blocks a forbidden AI answer before it is queued, asks for escalation and records the hit", async () => {
    const { store, conversation, contact, message } = await seeded();
    const ai: Decider = async () => ({
      replies: [
        { kind: "greeting", text: "Hi! We guarantee a reply.", authorKind: "system" },
        { kind: "answer", text: "Don't worry, we guarantee delivery by Friday.", authorKind: "ai" },
      ],
      notes: { intent: "shipping" },
    });
    const guarded = withAnswerGuard(
      ai,
      { store, clock: testClock(), rules: () => RULES },
      {
        blockedReply: () => ({ kind: "handoff", text: "Let me get a colleague to confirm that for you.", authorKind: "system" }),
      },
    );
    const decision = await guarded(input(conversation, contact, message));
    expect(decision.replies.map((r) => r.text)).toEqual(["Hi! We guarantee a reply.", "Let me get a colleague to confirm that for you."]);
    expect(decision.notes).toEqual({ intent: "shipping", guard: { blocked: ["/\\bguarantee[sd]?\\b/"], rewritten: [] }, escalate: "forbidden_phrase" });
    const events = await store.listEvents({ conversationId: conversation.id, type: GUARD_EVENT });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ action: "block", messageId: message.id, hits: [{ match: "guarantee" }] });
  });

  it("rewrites when only rewrite rules hit, and passes clean decisions through untouched", async () => {
    const { store, conversation, contact, message } = await seeded();
    const rewrite = withAnswerGuard(async () => ({ replies: [{ kind: "answer", text: "Summit Supply Co is slower.", authorKind: "ai" }] }), {
      store,
      clock: testClock(),
      rules: () => RULES,
    });
    const decision = await rewrite(input(conversation, contact, message));
    expect(decision.replies[0]?.text).toBe("other retailers is slower.");
    expect(decision.notes).toMatchObject({ guard: { blocked: [], rewritten: ["Summit Supply Co"] } });
    const clean = { replies: [{ kind: "answer", text: "It ships today.", authorKind: "ai" as const }], notes: { a: 1 } };
    expect(await withAnswerGuard(async () => clean, { store, clock: testClock(), rules: () => RULES })(input(conversation, contact, message))).toBe(clean);
  });
});
