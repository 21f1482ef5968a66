import { describe, expect, it } from "vitest";
import { attributesSchema } from "../../../src/core/config/attributes-schema.js";
import { applyVerifiedIdentity, undoMerge } from "../../../src/core/identity/index.js";
import { email, setup, web } from "./helpers.js";

const attributes = attributesSchema.parse({ tier: { type: "enum", values: ["standard", "vip"] } });

describe("signed identity applied to the visitor's contact", () => {
  it("identifies a visitor who has not written yet: user id and e-mail become identities, name and attributes are set", async () => {
    const { store, clock, write } = setup();
    const out = await applyVerifiedIdentity(
      { store, clock, attributes },
      {
        sender: { kind: "web", value: "vis_1" },
        verified: { userId: "shop-42", email: "Ana@Example.com", name: "Ana Lima", attributes: { tier: "vip" } },
      },
    );
    expect(out).toMatchObject({ status: "identified", merged: false, changed: ["tier"] });
    const contact = await store.findContactByIdentity({ kind: "web", value: "vis_1" });
    expect(contact?.identities).toEqual([
      { kind: "web", value: "vis_1" },
      { kind: "user", value: "shop-42" },
      { kind: "email", value: "ana@example.com" },
    ]);
    expect(contact).toMatchObject({ name: "Ana Lima", profile: { tier: "vip" } });
    // Her first message lands on that contact.
    expect((await write(web("vis_1", "Hi"))).contactId).toBe(contact!.id);
    const linked = await store.listEvents({ contactId: contact!.id, type: "identity.linked" });
    expect(linked.map((e) => e.data)).toEqual([
      { kind: "user", reason: "signed_identity" },
      { kind: "email", reason: "signed_identity" },
    ]);
  });

  it("merges the same shopper's second device, and the e-mail contact she wrote from, into her older contact (undoable)", async () => {
    const { store, clock, write } = setup();
    const mail = await write(email("ana@example.com", "Order question"));
    clock.advance(60_000);
    await applyVerifiedIdentity({ store, clock, attributes }, { sender: { kind: "web", value: "vis_phone" }, verified: { userId: "shop-42" } });
    clock.advance(60_000);
    const laptop = await write(web("vis_laptop", "hello from the laptop"));
    const out = await applyVerifiedIdentity(
      { store, clock, attributes },
      { sender: { kind: "web", value: "vis_laptop" }, verified: { userId: "shop-42", email: "ana@example.com" } },
    );
    expect(out).toMatchObject({ status: "identified", merged: true, contactId: mail.contactId });
    const contact = await store.getContact(mail.contactId);
    expect(contact?.identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual(["email:ana@example.com", "user:shop-42", "web:vis_laptop", "web:vis_phone"]);
    expect((await store.getConversation(laptop.conversationId))?.contactId).toBe(mail.contactId);
    const merges = await store.listEvents({ type: "contact.merged" });
    expect(merges.length).toBeGreaterThan(0);
    await undoMerge(store, merges.at(-1)!.id, "agent:mia");
    expect((await store.findContactByIdentity({ kind: "web", value: "vis_laptop" }))?.id).not.toBe(mail.contactId);
  });

  it("refuses a second signed-in user on the same session (shared browser) and writes nothing", async () => {
    const { store, clock } = setup();
    await applyVerifiedIdentity({ store, clock, attributes }, { sender: { kind: "web", value: "vis_1" }, verified: { userId: "ana" } });
    const before = (await store.listEvents({})).length;
    const out = await applyVerifiedIdentity(
      { store, clock, attributes },
      { sender: { kind: "web", value: "vis_1" }, verified: { userId: "ben", attributes: { tier: "vip" } } },
    );
    expect(out).toEqual({ status: "mismatch" });
    expect(await store.findContactByIdentity({ kind: "user", value: "ben" })).toBeNull();
    expect((await store.listEvents({})).length).toBe(before);
  });

  it("does not move an e-mail that belongs to another signed-in user", async () => {
    const { store, clock } = setup();
    const ana = await applyVerifiedIdentity(
      { store, clock, attributes },
      { sender: { kind: "web", value: "vis_a" }, verified: { userId: "ana", email: "shared@example.com" } },
    );
    const ben = await applyVerifiedIdentity(
      { store, clock, attributes },
      { sender: { kind: "web", value: "vis_b" }, verified: { userId: "ben", email: "shared@example.com" } },
    );
    expect(ben).toMatchObject({ status: "identified", merged: false });
    if (ana.status !== "identified" || ben.status !== "identified") throw new Error("expected both identified");
    expect(ben.contactId).not.toBe(ana.contactId);
    expect((await store.findContactByIdentity({ kind: "email", value: "shared@example.com" }))?.id).toBe(ana.contactId);
  });

  it("refuses an undeclared attribute or a bad value before writing anything; repeating the same identity writes nothing", async () => {
    const { store, clock } = setup();
    const bad = await applyVerifiedIdentity(
      { store, clock, attributes },
      { sender: { kind: "web", value: "vis_1" }, verified: { userId: "u1", attributes: { tier: "gold" } } },
    );
    expect(bad).toMatchObject({ status: "invalid_attribute", problem: { key: "tier", code: "invalid_attribute" } });
    const unknown = await applyVerifiedIdentity(
      { store, clock, attributes },
      { sender: { kind: "web", value: "vis_1" }, verified: { userId: "u1", attributes: { plan: "pro" } } },
    );
    expect(unknown).toMatchObject({ status: "invalid_attribute", problem: { key: "plan", code: "unknown_attribute" } });
    expect(await store.listEvents({})).toEqual([]);
    const input = { sender: { kind: "web" as const, value: "vis_1" }, verified: { userId: "u1", name: "Ana", attributes: { tier: "vip" } } };
    await applyVerifiedIdentity({ store, clock, attributes }, input);
    const n = (await store.listEvents({})).length;
    expect(await applyVerifiedIdentity({ store, clock, attributes }, input)).toMatchObject({ status: "identified", changed: [] });
    expect((await store.listEvents({})).length).toBe(n);
  });
});
