import { makeContact, makeConversation, makeEvent, type DomainEvent } from "../../../src/core/model/index.js";
import type { Store } from "../../../src/core/store/port.js";

const INTENTS = ["shipping", "returns", "order_status", "payment"];

/**
 * Writes `n` conversations of 10 events each through the Store port (the
 * export's large-store tests and bench/export.ts): the i-th opened `i`
 * minutes after `start`, two per contact (the second a re-contact about the
 * same intent), every fifth escalated and answered by an agent, the rest
 * answered twice by the AI and resolved after silence.
 */
export async function generateStore(store: Store, n: number, start = Date.parse("2026-01-05T08:00:00Z")): Promise<void> {
  let contactId = "";
  for (let i = 0; i < n; i++) {
    const t0 = start + i * 60_000;
    const at = (s: number) => new Date(t0 + s * 1000);
    if (i % 2 === 0) contactId = (await store.createContact(makeContact({ identities: [{ kind: "email", value: `c${i}@example.com` }], at: at(0) }), [])).id;
    const channel = i % 3 === 0 ? "telegram" : "web";
    const c = makeConversation({ contactId, channel, at: at(0) });
    const scope = { conversationId: c.id, contactId };
    const ev = (s: number, type: string, actor: string, data: Record<string, unknown>) => makeEvent(type, actor, at(s), scope, data);
    const intent = INTENTS[Math.floor(i / 2) % INTENTS.length]!;
    const events: DomainEvent[] = [
      ev(0, "conversation.opened", "customer", { channel }),
      ev(0, "message.received", "customer", { messageId: `${c.id}-1`, channel }),
      ev(1, "decision.made", "ai", { messageId: `${c.id}-1`, intent, language: "en" }),
      ev(1, "message.queued", "ai", { messageId: `${c.id}-2`, channel, authorKind: "ai" }),
      ev(2, "message.sent", "system", { messageId: `${c.id}-2`, channel }),
    ];
    if (i % 5 === 0) {
      events.push(
        ev(3, "conversation.escalated", "ai", { rule: "asks_for_human", queue: "support", intent, requiredFields: ["order_id"], missingFields: [] }),
        ev(60, "agent.action", "agent:anna", { platform: "slack", kind: "reply" }),
        ev(60, "message.queued", "agent:anna", { messageId: `${c.id}-3`, channel, authorKind: "agent" }),
        ev(61, "message.sent", "system", { messageId: `${c.id}-3`, channel }),
        ev(600, "conversation.status_changed", "agent:anna", { from: "open", to: "resolved", reason: "agent_resolved" }),
      );
    } else {
      events.push(
        ev(30, "message.received", "customer", { messageId: `${c.id}-3`, channel }),
        ev(31, "decision.made", "ai", { messageId: `${c.id}-3`, intent, language: "en" }),
        ev(31, "message.queued", "ai", { messageId: `${c.id}-4`, channel, authorKind: "ai" }),
        ev(32, "message.sent", "system", { messageId: `${c.id}-4`, channel }),
        ev(86_432, "conversation.status_changed", "system", { from: "open", to: "resolved", reason: "auto_resolved" }),
      );
    }
    await store.createConversation(c, events);
  }
}
