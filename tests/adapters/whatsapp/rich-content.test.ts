import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRawPayload } from "../../../src/adapters/raw-payload.js";
import { vcardsText, waOrderText } from "../../../src/adapters/whatsapp/rich-content.js";
import type { Message } from "../../../src/core/model/index.js";
import { captureLogs, flushLogs } from "../../helpers/log-capture.js";
import { eventually, startWhatsappHub, type WhatsappHub } from "./helpers.js";

/** A contact card the way a phone shares it: vCard 3.0 with grouped TEL / X-ABLabel pairs and WhatsApp's waid parameter. */
const ANNA = [
  "BEGIN:VCARD",
  "VERSION:3.0",
  "N:Müller;Anna;;;",
  "FN:Anna Müller",
  "ORG:Northwind Logistics;",
  "item1.TEL;waid=4915123450001:+49 151 23450001",
  "item1.X-ABLabel:Mobile",
  "TEL;type=WORK;type=VOICE:+49 30 1234567",
  "EMAIL;type=INTERNET:anna@example.com",
  "END:VCARD",
].join("\n");
const BEN = [
  "BEGIN:VCARD",
  "VERSION:3.0",
  "N:Okafor;Ben;;;",
  "item1.TEL;waid=447700900123:+44 7700 900123",
  "item1.X-ABLabel:_$!<Mobile>!$_",
  "END:VCARD",
].join("\n");

describe("WhatsApp Web rich content (unit)", () => {
  it("reads names, labelled phones, e-mails and companies from vCards, and never drops an unreadable one", () => {
    expect(vcardsText([ANNA])).toBe("Contact: Anna Müller, +49 151 23450001 (Mobile), +49 30 1234567 (work), anna@example.com, Northwind Logistics");
    // No FN: the name comes from N; Apple's _$!<Mobile>!$_ label is shown as Mobile.
    expect(vcardsText([BEN])).toBe("Contact: Ben Okafor, +44 7700 900123 (Mobile)");
    expect(vcardsText(["not a card at all"])).toBe("Contact: (unreadable card)");
    expect(vcardsText(["  "])).toBeNull();
  });

  it("shows an order with its items when WhatsApp Web loaded them, and from count and total alone otherwise", () => {
    const summary = { title: "Northwind Outfitters", itemCount: 3, totalAmount1000: 289970, currency: "EUR", note: "please gift-wrap" };
    const detail = {
      products: [
        { id: "BOOT-42", name: "Trail boots", quantity: 2 },
        { id: "SOCK-1", quantity: 1 },
      ],
    };
    expect(waOrderText(summary, detail)).toBe(
      ['Order "Northwind Outfitters" (3 items):', "- 2 × Trail boots", "- 1 × product SOCK-1", "Total: 289.97 EUR", "Note: please gift-wrap"].join("\n"),
    );
    expect(waOrderText({ itemCount: 1, totalAmount1000: "12500", currency: "GBP" }, null)).toBe("Order (1 item):\nTotal: 12.50 GBP");
  });
});

describe("WhatsApp Web rich content through the real hub", () => {
  let t: WhatsappHub;
  const logs = captureLogs("debug");
  beforeAll(async () => {
    t = await startWhatsappHub({ logger: logs.logger });
    t.client().becomeReady();
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function stored(externalId: string): Promise<Message> {
    return eventually(async () => {
      const m = await t.store.findMessageByExternalId("whatsapp", externalId);
      expect(m).not.toBeNull();
      return m!;
    });
  }

  it("stores shared contact cards as readable text with the cards kept as JSON", async () => {
    const one = t.client().receive({ from: "4915100000101@c.us", type: "vcard", body: ANNA, vCards: [ANNA] });
    const many = t.client().receive({ from: "4915100000102@c.us", type: "multi_vcard", body: "2 contacts", vCards: [ANNA, BEN] });
    const a = await stored(one.id._serialized);
    expect(a.text).toBe("Contact: Anna Müller, +49 151 23450001 (Mobile), +49 30 1234567 (work), anna@example.com, Northwind Logistics");
    expect(readRawPayload(a.attachments[0]!)).toEqual({ type: "vcard", vCards: [ANNA] });
    const b = await stored(many.id._serialized);
    expect(b.text.split("\n")).toEqual([
      "Contact: Anna Müller, +49 151 23450001 (Mobile), +49 30 1234567 (work), anna@example.com, Northwind Logistics",
      "Contact: Ben Okafor, +44 7700 900123 (Mobile)",
    ]);
  });

  it("stores an order with its items, total and note (getOrder), or from the message's own data when getOrder fails", async () => {
    const data = { orderTitle: "Northwind Outfitters", itemCount: 3, totalAmount1000: 289970, totalCurrencyCode: "EUR", message: "please gift-wrap" };
    const order = {
      products: [
        { id: "BOOT-42", name: "Trail boots", quantity: 2, price: "129990", currency: "EUR" },
        { id: "SOCK-1", name: "Wool socks", quantity: 1 },
      ],
    };
    const full = t.client().receive({ from: "4915100000103@c.us", type: "order", body: "", data, order });
    const bare = t
      .client()
      .receive({ from: "4915100000104@c.us", type: "order", body: "", data: { itemCount: 1, totalAmount1000: 12500, totalCurrencyCode: "GBP" } });
    const f = await stored(full.id._serialized);
    expect(f.text).toBe(
      ['Order "Northwind Outfitters" (3 items):', "- 2 × Trail boots", "- 1 × Wool socks", "Total: 289.97 EUR", "Note: please gift-wrap"].join("\n"),
    );
    expect(readRawPayload(f.attachments[0]!)).toMatchObject({ type: "order", products: [{ id: "BOOT-42", quantity: 2 }, { id: "SOCK-1" }] });
    expect((await stored(bare.id._serialized)).text).toBe("Order (1 item):\nTotal: 12.50 GBP");
  });

  it("stores polls, button and list answers as text, unknown content as a visible placeholder with its data, and skips system messages", async () => {
    const client = t.client();
    const poll = client.receive({
      from: "4915100000105@c.us",
      type: "poll_creation",
      body: "",
      pollName: "Which colour?",
      pollOptions: [
        { name: "Red", localId: 0 },
        { name: "Blue", localId: 1 },
      ],
    });
    const list = client.receive({ from: "4915100000106@c.us", type: "list_response", body: "Size L", selectedRowId: "size_l" });
    const button = client.receive({ from: "4915100000107@c.us", type: "buttons_response", body: "", selectedButtonId: "yes_cancel" });
    const invite = client.receive({
      from: "4915100000108@c.us",
      type: "groups_v4_invite",
      body: "Join my group",
      data: { inviteCode: "AbC123", jpegThumbnail: "x".repeat(5000) },
    });
    const system = client.receive({ from: "4915100000109@c.us", type: "e2e_notification", body: "" });
    expect((await stored(poll.id._serialized)).text).toBe("Poll: Which colour?\n- Red\n- Blue");
    expect((await stored(list.id._serialized)).text).toBe("Size L");
    expect((await stored(button.id._serialized)).text).toBe("yes_cancel");
    const placeholder = await stored(invite.id._serialized);
    expect(placeholder.text).toBe("[unsupported WhatsApp content: groups_v4_invite]");
    const kept = readRawPayload(placeholder.attachments[0]!) as { type: string; body: string; data: Record<string, string> };
    expect(kept).toMatchObject({ type: "groups_v4_invite", body: "Join my group", data: { inviteCode: "AbC123" } });
    // Thumbnails are cut, not stored whole.
    expect(kept.data.jpegThumbnail!.length).toBeLessThan(2100);
    await t.hub.settle();
    expect(await t.store.findMessageByExternalId("whatsapp", system.id._serialized)).toBeNull();
    await flushLogs();
    expect(logs.records().some((r) => r.msg === "whatsapp: message skipped" && r.reason === "system message (e2e_notification)")).toBe(true);
  });

  it("records a customer's edit on the stored message (message.edited), each edit once, and answers nothing again", async () => {
    const client = t.client();
    const original = client.receive({ from: "4915100000110@c.us", body: "My tracking number is 00340434161094042557" });
    const first = await stored(original.id._serialized);
    await t.hub.settle();
    const sent = client.sent.length;

    client.edit(original, "My tracking number is 00340434161094042558");
    await eventually(async () => expect((await t.store.getMessage(first.id))!.text).toBe("My tracking number is 00340434161094042558"));
    const [edited] = await t.store.listEvents({ conversationId: first.conversationId, type: "message.edited" });
    expect(edited!.data).toMatchObject({
      messageId: first.id,
      previousText: "My tracking number is 00340434161094042557",
      text: "My tracking number is 00340434161094042558",
    });

    // A second edit is recorded too; the same edit emitted again is dropped.
    const second = { ...original, body: "My tracking number is 00340434161094042558" };
    const again = client.edit(second, "Tracking: 00340434161094042559");
    await eventually(async () => expect((await t.store.getMessage(first.id))!.text).toBe("Tracking: 00340434161094042559"));
    client.emit("message_edit", again, "Tracking: 00340434161094042559", second.body);
    // A later message marks the point where the re-emitted edit (queued before it) was handled.
    const marker = client.receive({ from: "4915100000110@c.us", body: "thanks" });
    await stored(marker.id._serialized);
    await t.hub.settle();
    const edits = await t.store.listEvents({ conversationId: first.conversationId, type: "message.edited" });
    expect(edits).toHaveLength(2);
    const inbound = await t.store.listMessages(first.conversationId, { direction: "inbound" });
    expect(inbound.map((m) => m.text)).toEqual(["Tracking: 00340434161094042559", "thanks"]);
    // Only the new message was answered, never an edit.
    expect(client.sent.length).toBe(sent + 1);
  });
});
