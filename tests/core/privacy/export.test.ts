import { describe, expect, it } from "vitest";
import { exportContact, exportContactByIdentity } from "../../../src/core/privacy/export.js";
import { setup, telegram, email } from "../identity/helpers.js";

describe("contact export", () => {
  it("contains the person's messages, identities and events, and nothing of another contact", async () => {
    const { store, clock, write } = setup();
    await write(telegram("111", "my order 4471 never arrived", "Ana"));
    await write(telegram("111", "please call me on +34 600 111 222", "Ana"));
    await write(email("bob@example.com", "Bob's secret complaint about invoice 9"));
    const ana = await store.findContactByIdentity({ kind: "telegram", value: "111" });
    const bob = await store.findContactByIdentity({ kind: "email", value: "bob@example.com" });
    expect(ana && bob).toBeTruthy();

    const doc = await exportContact(store, ana!.id, clock.now());
    expect(doc).not.toBeNull();
    expect(doc!.contact.id).toBe(ana!.id);
    expect(doc!.identities).toEqual([expect.objectContaining({ kind: "telegram", value: "111" })]);
    expect(doc!.messages.map((m) => m.text)).toEqual(["my order 4471 never arrived", "please call me on +34 600 111 222"]);
    expect(doc!.conversations.length).toBeGreaterThan(0);
    expect(doc!.events.length).toBeGreaterThan(0);
    const json = JSON.stringify(doc);
    expect(json).not.toContain(bob!.id);
    expect(json).not.toContain("bob@example.com");
    expect(json).not.toContain("secret complaint");
    expect(JSON.parse(json)).toEqual(doc);

    const byIdentity = await exportContactByIdentity(store, { kind: "telegram", value: "111" }, clock.now());
    expect(byIdentity!.messages.map((m) => m.id)).toEqual(doc!.messages.map((m) => m.id));
  });

  it("is null for an unknown contact", async () => {
    const { store, clock } = setup();
    expect(await exportContact(store, "ct_missing", clock.now())).toBeNull();
    expect(await exportContactByIdentity(store, { kind: "telegram", value: "9" }, clock.now())).toBeNull();
  });
});
