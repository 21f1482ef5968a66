import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INITIAL_STATE, loadAiState } from "../../../src/ai/flow/state.js";
import { makeContact, makeConversation, makeEvent, type DomainEvent } from "../../../src/core/model/index.js";
import type { Store } from "../../../src/core/store/port.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";

describe("loadAiState", () => {
  let store: Store;
  let conversationId: string;
  const at = new Date("2026-11-24T09:00:00Z");
  const ev = (type: string, data: Record<string, unknown> = {}): DomainEvent => makeEvent(type, "system", at, { conversationId }, data);
  const decided = (intent: string) => ev("decision.made", { state: { ...INITIAL_STATE, intent } });

  beforeEach(async () => {
    store = openSqliteStore({ path: ":memory:" });
    const contact = await store.createContact(makeContact({ name: "Ana", identities: [{ kind: "email", value: "ana@example.com" }], at }), []);
    conversationId = (await store.createConversation(makeConversation({ contactId: contact.id, channel: "web", at }), [])).id;
  });
  afterEach(async () => store.close());

  it("starts fresh, and never hands out the shared initial arrays", async () => {
    const state = await loadAiState(store, conversationId);
    expect(state).toEqual(INITIAL_STATE);
    state.steps.push("mutated");
    expect(INITIAL_STATE.steps).toEqual([]);
  });

  it("continues from the latest decision, even after a very long log", async () => {
    await store.appendEvents([decided("refunds")]);
    // More events than one list call returns by default (10,000), then the decision that counts.
    await store.appendEvents(Array.from({ length: 10_050 }, () => ev("message.received")));
    await store.appendEvents([decided("shipping")]);
    expect((await loadAiState(store, conversationId)).intent).toBe("shipping");
  });

  it("looks past many decisions without state, and a hand-back in the same millisecond starts afresh", async () => {
    await store.appendEvents([decided("refunds"), ...Array.from({ length: 120 }, () => ev("decision.made", {}))]);
    expect((await loadAiState(store, conversationId)).intent).toBe("refunds");
    await store.appendEvents([ev("owner.changed", { from: "ai", to: "human" }), ev("owner.changed", { from: "human", to: "ai" })]);
    const fresh = await loadAiState(store, conversationId);
    expect(fresh.intent).toBeNull();
    expect(fresh.steps).toEqual(["An agent handed the conversation back to the AI"]);
    await store.appendEvents([decided("payment")]);
    expect((await loadAiState(store, conversationId)).intent).toBe("payment");
  });
});
