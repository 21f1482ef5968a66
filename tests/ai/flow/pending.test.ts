import { afterEach, describe, expect, it } from "vitest";
import { asksCustomer } from "../../../src/core/escalation/desk.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

let t: FlowHub | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe("pending: the customer owes an answer", () => {
  it("the AI asking for a field makes the conversation pending; the customer's answer opens it again, each an event", async () => {
    t = await startFlowHub();
    const asked = await t.say("Where is my order?");
    expect(asked.conversation.status).toBe("pending");
    // The number is looked up and the next question (the order's e-mail) leaves it pending again.
    const answered = await t.say("NW-10023");
    expect(answered.conversation.status).toBe("pending");
    const changes = (await t.events(asked.conversationId, "conversation.status_changed")).map((e) => [e.data.from, e.data.to, e.data.reason]);
    expect(changes).toEqual([
      ["open", "pending", "awaiting_customer"],
      ["pending", "open", "customer_replied"],
      ["open", "pending", "awaiting_customer"],
    ]);
    const done = await t.say("anna.schmidt@example.com");
    expect(done.texts.join(" ")).toContain("on its way with DHL");
    expect(done.conversation.status).toBe("open");
  });

  it("an agent's reply that asks something leaves it pending; a statement leaves it open", async () => {
    t = await startFlowHub();
    const first = await t.say("I want to talk to a human");
    const agent = { platform: "virtual", userId: "agent", name: "Agent" };
    const reply = (text: string, id: string) => t!.hub.desk.handle({ conversationId: first.conversationId, actor: agent, externalId: id, kind: "reply", text });
    expect((await reply("Could you send us a photo of the damage?", "r1")).ok).toBe(true);
    expect((await t.store.getConversation(first.conversationId))!.status).toBe("pending");
    await t.say("Here it is");
    expect((await t.store.getConversation(first.conversationId))!.status).toBe("open");
    expect((await reply("Thanks, a replacement is on its way.", "r2")).ok).toBe(true);
    expect((await t.store.getConversation(first.conversationId))!.status).toBe("open");
  });
});

describe("asksCustomer", () => {
  it.each([
    ["Could you send a photo?", true],
    ["¿Me envías una foto? 🙂", true],
    ["Which size do you need?\nThanks, Anna", true],
    ["Your refund is on its way.", false],
    ["Is it the blue one? I'll check the stock and get back to you today.", false],
    ["", false],
  ])("%j → %s", (text, want) => {
    expect(asksCustomer(text)).toBe(want);
  });
});
