import { afterEach, describe, expect, it } from "vitest";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

const ORDER_PROMPT = "Could you tell me your order number?";
const VALIDATOR = "doesn't look right";

let hub: FlowHub | null = null;
afterEach(async () => {
  await hub?.stop();
  hub = null;
});
async function start(): Promise<FlowHub> {
  hub = await startFlowHub();
  return hub;
}
const replyKinds = (notes: Record<string, unknown>) => notes.replies as string[];

describe("AI decision flow: only the questions that are needed", () => {
  it("a return-policy question is answered without asking for an order number (returns: ask_when escalate)", async () => {
    const h = await start();
    const t = await h.say("Can I return shoes I bought 5 weeks ago?");
    expect(t.notes.intent).toBe("returns");
    expect(t.notes.asks_for).toBeUndefined();
    expect(replyKinds(t.notes)).toEqual(["greeting", "answer"]);
    expect(t.texts.join("\n")).not.toContain(ORDER_PROMPT);
    expect(t.texts.at(-1)).toContain("30 days");
  });

  it("a customer without an order number gets the guest path, not the validator's wording", async () => {
    const h = await start();
    const ask = await h.say("Where is my order?");
    expect(ask.notes.asks_for).toBe("order_id");
    const guest = await h.say("I don't have an order number, I ordered as a guest");
    const said = guest.texts.join("\n");
    expect(said).not.toContain(VALIDATOR);
    expect(said).not.toContain(ORDER_PROMPT);
    expect(guest.notes.asks_for).toBeUndefined();
    expect(replyKinds(guest.notes)).toEqual(["answer"]);
    expect(said).toMatch(/guest/i);
    expect((guest.notes.state as { declined: string[] }).declined).toEqual(["order_id"]);
    // Never asked again in this conversation.
    const again = await h.say("Where is my order? It still hasn't arrived.");
    expect(again.texts.join("\n")).not.toContain(ORDER_PROMPT);
    expect(again.notes.asks_for).toBeUndefined();
  });

  it('a German customer who has no order number ("keine Bestellnummer") is not asked again either', async () => {
    const h = await start();
    const ask = await h.say("Wo ist meine Bestellung?");
    expect(ask.notes.asks_for).toBe("order_id");
    const none = await h.say("Ich habe keine Bestellnummer, die Mail habe ich gelöscht");
    expect(none.notes.asks_for).toBeUndefined();
    expect(none.texts.join("\n")).not.toMatch(/nicht richtig aus|Bestellnummer nennen/);
  });

  it("an escalating intent without the field hands over with what the customer gave, noting the field is missing", async () => {
    const h = await start();
    const ask = await h.say("My jacket arrived with a broken zip");
    expect(ask.notes).toMatchObject({ intent: "damaged_item", asks_for: "order_id" });
    const lost = await h.say("I lost the confirmation email, sorry");
    expect(lost.texts.join("\n")).not.toContain(VALIDATOR);
    expect(lost.notes).toMatchObject({ escalated: true, queue: "logistics" });
    expect(lost.conversation.handoff!.stepsTried).toContain("Customer does not have the order id");
  });

  it("an order number given before the topic was clear is never asked for", async () => {
    const h = await start();
    const first = await h.say("NW-10023");
    expect(first.conversation.fields).toEqual({ order_id: "NW-10023" });
    const second = await h.say("Where is my order?");
    expect(second.notes.intent).toBe("order_status");
    // The order is looked up at once (the next question is the ownership check, never the number again).
    expect(second.notes.asks_for).toBe("email");
    expect(second.notes.action).toBe("lookup_order");
    expect(second.texts.join("\n")).not.toContain(ORDER_PROMPT);
  });

  it("a bare number in an unrelated message is not taken for an order number", async () => {
    const h = await start();
    const t = await h.say("Do you deliver to 80331 Munich?");
    expect(t.conversation.fields).toEqual({});
  });
});
