import { afterEach, describe, expect, it } from "vitest";
import { alwaysOpenConfig } from "../../helpers/hub.js";
import { startFlowHub, type FlowHub } from "./flow-hub.js";

let t: FlowHub | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe("actions: the AI looks orders up in the demo shop the hub serves itself", () => {
  it("answers 'Where is my order NW-10023?' with the real status, only after the customer proves the order is theirs", async () => {
    t = await startFlowHub();
    const first = await t.say("Where is my order NW-10023?");
    expect(first.texts.join(" ")).toContain("check that it's yours");
    expect(first.texts.join(" ")).not.toMatch(/DHL|JJD|Anna|10115/);
    const second = await t.say("anna.schmidt@example.com");
    expect(second.texts.join(" ")).toContain("Your order NW-10023 is on its way with DHL and should arrive on November 26, 2026.");
    expect(second.texts.join(" ")).toContain("piececode=JJD000390007712345");
    const calls = await t.events(second.conversationId, "action.called");
    expect(calls.map((c) => [c.data.action, c.data.outcome, c.data.status])).toEqual([
      ["lookup_order", "found", 200],
      ["lookup_order", "found", 200],
    ]);
  });

  it("never discloses someone else's order: two wrong e-mails hand over, and only the agent's card holds the record", async () => {
    t = await startFlowHub();
    const texts: string[] = [];
    for (const m of ["Where is order NW-10024?", "mallory@example.org", "mallory.second@example.org"]) texts.push(...(await t.say(m, "mallory")).texts);
    const all = texts.join("\n");
    expect(all).not.toMatch(/delivered|DPD|Ben|Meyer|80331|ben\.meyer/i);
    const last = await t.say("hello?", "mallory");
    const card = last.conversation.handoff!;
    expect(last.conversation.owner).toBe("human");
    expect(card.lookups?.at(-1)).toMatchObject({ action: "lookup_order", owner: false, values: { status: "delivered", email: "ben.meyer@example.com" } });
    expect(card.lookups?.at(-1)?.ownership).toMatch(/not proven/);
  });

  it("sets the contact's tier from the shop once the order is proven theirs; the card shows it and the vip rule applies from then on", async () => {
    t = await startFlowHub();
    await t.say("Where is my order NW-10026?", "david");
    const proven = await t.say("david.garcia@example.com", "david");
    const contact = await t.store.getContact(proven.conversation.contactId);
    expect(contact!.profile.tier).toBe("vip");
    const next = await t.say("Thanks! One more thing about my jacket", "david");
    expect(next.conversation.handoff?.rule).toBe("vip");
  });

  it("the second factor is compared without regard to case", async () => {
    t = await startFlowHub();
    await t.say("Has order NW-10027 shipped yet?", "emma");
    const turn = await t.say("emma.jansen@EXAMPLE.com", "emma");
    expect(turn.texts.join(" ")).toContain("NW-10027 is being packed");
  });

  it("a shop system that is down: the customer is told it cannot be checked, the card carries the error", async () => {
    const yaml = alwaysOpenConfig().replace("url: /demo-shop/api/orders/{{order_id}}    #", "url: http://127.0.0.1:9/orders/{{order_id}}    #");
    t = await startFlowHub({ configYaml: yaml });
    const turn = await t.say("Where is my order NW-10023?");
    expect(turn.texts.join(" ")).toContain("I can't check that in our system right now.");
    expect(turn.conversation.owner).toBe("human");
    expect(turn.conversation.handoff!.lookups).toEqual([
      expect.objectContaining({ action: "lookup_order", outcome: "failed", error: expect.stringMatching(/failed after 2 attempt/) }),
    ]);
    expect(turn.conversation.handoff!.reason).toMatch(/Lookup "lookup_order" failed/);
  });

  it("a cancellation runs only after the owner's yes; a no changes nothing", async () => {
    t = await startFlowHub();
    await t.say("Please cancel my order NW-10027", "emma");
    const asked = await t.say("emma.jansen@example.com", "emma");
    expect(asked.texts.join(" ")).toContain("Shall I cancel order NW-10027?");
    const no = await t.say("no", "emma");
    expect(no.texts.join(" ")).toContain("I haven't changed anything");
    expect((await t.events(no.conversationId, "action.called")).map((e) => e.data.action)).not.toContain("cancel_order");
    await t.say("Actually yes, cancel order NW-10027 please", "emma");
    const yes = await t.say("yes", "emma");
    expect(yes.texts.join(" ")).toContain("order NW-10027 is cancelled");
    const writes = (await t.events(yes.conversationId, "action.called")).filter((e) => e.data.action === "cancel_order");
    expect(writes).toHaveLength(1);
    expect(writes[0]!.data.idempotencyKey).toMatch(/^[0-9a-f]{40}$/);
  });
});
