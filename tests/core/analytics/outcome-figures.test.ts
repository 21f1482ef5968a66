import { describe, expect, it } from "vitest";
import { foldOutcome } from "../../../src/core/analytics/outcome.js";
import { buildReport } from "../../../src/core/analytics/report.js";
import { buildLog, type LogStep } from "./seed.js";

const T0 = Date.parse("2026-11-25T09:00:00Z");
const at = (min: number) => new Date(T0 + min * 60_000);
const log = (cv: string, steps: LogStep[]) => buildLog(T0, cv, `ct-${cv}`, steps);

/** The AI asked for the order number (pending); the customer never answered; a week later the continuity window closed it. */
const aiAskedSilent = log("cv-p", [
  [0, "conversation.opened", "customer", { channel: "web" }],
  [0, "message.received", "customer", { messageId: "p1", channel: "web" }],
  [0, "decision.made", "ai", { messageId: "p1", intent: "order_status", language: "en" }],
  [0, "message.queued", "ai", { messageId: "p2", channel: "web", authorKind: "ai" }],
  [0, "conversation.status_changed", "ai", { from: "open", to: "pending", reason: "awaiting_customer" }],
  [1, "message.sent", "system", { messageId: "p2", channel: "web" }],
  [10_081, "conversation.status_changed", "system", { from: "pending", to: "closed", reason: "continuity_window_elapsed", idleMs: 10_080 * 60_000 }],
]);
/**
 * Escalated with a card lacking one of three required fields; bo claims it after 5 min, moves it to billing after 20,
 * cy asks the customer something after 30 (sent at 31); the customer stays silent and the queue's timer resolves it.
 */
const agentAskedSilent = log("cv-q", [
  [0, "conversation.opened", "customer", { channel: "telegram" }],
  [0, "message.received", "customer", { messageId: "q1", channel: "telegram" }],
  [0, "decision.made", "ai", { messageId: "q1", intent: "damaged_item", language: "de" }],
  [0, "conversation.queue_changed", "ai", { from: null, to: "support" }],
  [0, "conversation.escalated", "ai", { rule: "damaged", queue: "support", requiredFields: ["order_id", "photo", "email"], missingFields: ["photo"] }],
  [5, "agent.action", "agent:bo", { platform: "slack", kind: "claim" }],
  [5, "conversation.assigned", "agent:bo", { from: null, to: "bo" }],
  [20, "conversation.queue_changed", "agent:bo", { from: "support", to: "billing" }],
  [30, "message.queued", "agent:cy", { messageId: "q3", channel: "telegram", authorKind: "agent" }],
  [30, "conversation.status_changed", "agent:cy", { from: "open", to: "pending", reason: "agent_asked" }],
  [31, "message.sent", "system", { messageId: "q3", channel: "telegram" }],
  [1471, "conversation.status_changed", "system", { from: "pending", to: "resolved", reason: "auto_resolved" }],
]);
/** Nobody ever answered; closed when the customer wrote again after the continuity window. */
const unanswered = log("cv-u", [
  [0, "conversation.opened", "customer", { channel: "email" }],
  [0, "message.received", "customer", { messageId: "u1", channel: "email" }],
  [2000, "conversation.status_changed", "system", { from: "open", to: "closed", reason: "continuity_window_elapsed" }],
]);
/** bo asks (pending), then resolves it himself: a person's resolution, not an abandonment. */
const agentResolvedPending = log("cv-h", [
  [0, "conversation.opened", "customer", { channel: "web" }],
  [0, "message.received", "customer", { messageId: "h1", channel: "web" }],
  [0, "conversation.escalated", "ai", { rule: "asks_for_human", queue: "support" }],
  [1, "message.queued", "agent:bo", { messageId: "h2", channel: "web", authorKind: "agent" }],
  [1, "conversation.status_changed", "agent:bo", { from: "open", to: "pending", reason: "agent_asked" }],
  [2, "message.sent", "system", { messageId: "h2", channel: "web" }],
  [3, "conversation.status_changed", "agent:bo", { from: "pending", to: "resolved", reason: "agent_resolved" }],
]);

describe("outcome figures: abandonment, agent, transfer quality", () => {
  it("abandoned: silent while owing an answer (AI or agent asked), or closed unanswered; an agent's own resolution is not", () => {
    expect(foldOutcome(aiAskedSilent)).toMatchObject({
      resolution: "abandoned",
      abandonReason: "customer_silent",
      endedAt: at(10_081),
      resolvedAt: null,
      firstAiReplyAt: at(1),
    });
    expect(foldOutcome(agentAskedSilent)).toMatchObject({ resolution: "abandoned", abandonReason: "customer_silent", endedAt: at(1471), resolvedAt: null });
    expect(foldOutcome(unanswered)).toMatchObject({ resolution: "abandoned", abandonReason: "unanswered", endedAt: at(2000) });
    expect(foldOutcome(agentResolvedPending)).toMatchObject({ resolution: "human", abandonReason: null, resolvedAt: at(3), endedAt: at(3) });
  });

  it("a reopen takes an abandonment back; closing for an erasure is no abandonment", () => {
    const reopened = [
      ...aiAskedSilent,
      ...log("cv-p", [[10_100, "conversation.status_changed", "customer", { from: "closed", to: "open", reason: "reply_in_thread" }]]),
    ];
    expect(foldOutcome(reopened)).toMatchObject({ resolution: "open", abandonReason: null, endedAt: null, reopened: 0 });
    const erased = [
      ...unanswered.slice(0, 2),
      ...log("cv-u", [[5, "conversation.status_changed", "system", { from: "open", to: "closed", reason: "contact_erased" }]]),
    ];
    expect(foldOutcome(erased)).toMatchObject({ resolution: "open", abandonReason: null, endedAt: null });
  });

  it("agent (first human reply), first human touch, queue transfers after the hand-off and card completeness", () => {
    expect(foldOutcome(agentAskedSilent)).toMatchObject({
      agent: "cy",
      firstHumanTouchAt: at(5),
      firstHumanReplyAt: at(31),
      queueTransfers: 1,
      queue: "billing",
      cardRequiredFields: 3,
      cardMissingFields: 1,
    });
    expect(foldOutcome(agentResolvedPending)).toMatchObject({ agent: "bo", firstHumanTouchAt: at(1), queueTransfers: 0, cardRequiredFields: null });
    expect(foldOutcome(aiAskedSilent)).toMatchObject({ agent: null, firstHumanTouchAt: null, queueTransfers: 0 });
  });

  it("reports abandonment with reasons, contacts, first human touch, transfers, card completeness, and groups by agent", () => {
    const outcomes = [aiAskedSilent, agentAskedSilent, unanswered, agentResolvedPending].map((l) => foldOutcome(l)!);
    const [all] = buildReport(outcomes, "all");
    expect(all).toMatchObject({
      conversations: 4,
      contacts: 4,
      abandoned: 3,
      abandonment_rate: 0.75,
      abandon_reasons: { customer_silent: 2, unanswered: 1 },
      ai_resolved_soft: 0,
      human_resolved: 1,
      unresolved: 0,
      recontacts: 0,
      recontact_rate: 0,
      first_human_touch: { n: 2, p50_ms: 60_000, p90_ms: 5 * 60_000 },
      first_response_human: { n: 2, p50_ms: 2 * 60_000, p90_ms: 31 * 60_000 },
      transferred: 1,
      queue_transfers: 1,
      card_completeness: { n: 1, mean: 0.667, complete: 0 },
    });
    expect(buildReport(outcomes, "agent").map((r) => [r.group, r.conversations])).toEqual([
      ["(none)", 2],
      ["bo", 1],
      ["cy", 1],
    ]);
  });
});
