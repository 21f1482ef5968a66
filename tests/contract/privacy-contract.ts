import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/core/errors.js";
import {
  makeContact,
  makeConversation,
  makeEvent,
  makeInboundMessage,
  makeOutboundMessage,
  newId,
  type Contact,
  type HandoffCard,
  type OutboxEntry,
} from "../../src/core/model/index.js";
import { ERASED } from "../../src/core/privacy/redaction.js";
import { CONTACT_ERASED, EraseConflictError, type EraseEvents, type Store } from "../../src/core/store/port.js";

/**
 * The PrivacyStore part of the Store contract (erasure, retention), run
 * inside describeStoreContract for every engine. `store()` is the fresh
 * store of the current test.
 */
export function describePrivacyContract(store: () => Store, t0: Date): void {
  const later = (s: number) => new Date(t0.getTime() + s * 1000);
  const audit =
    (contactId: string): EraseEvents =>
    (o) => [makeEvent(CONTACT_ERASED, "admin:test", later(1000), { contactId }, { by: "test", counts: { ...o.counts } })];

  const card = (at: Date): HandoffCard => ({
    goal: "Ana Schmidt wants a refund for order 4471 to ana@example.com",
    stepsTried: ["asked for the order number 4471"],
    risk: "high",
    rule: "chargeback",
    reason: "Customer Ana threatens a chargeback",
    intent: "refund",
    confidence: 0.9,
    fields: { order_number: "4471" },
    missingFields: ["email"],
    articles: [{ articleId: "refunds", version: 2, title: "Refunds" }],
    lookups: [{ action: "order_lookup", description: "Order lookup", outcome: "found", subject: "4471", values: { email: "ana@example.com" } }],
    nextAction: "Call Ana on +4915112345678",
    queue: "billing",
    priority: "urgent",
    channel: "email",
    language: "en",
    languageNote: null,
    conversationUrl: "http://hub/conversations/x",
    slaDueAt: later(3600),
    createdAt: later(10),
  });

  /** A person with a bit of everything: identities, profile, an escalated conversation with inbound/outbound/internal messages, events, a queued reply, a timer. */
  async function person(name: string, email: string, phone: string): Promise<{ contact: Contact; conversationId: string; queuedId: string }> {
    const s = store();
    const contact = await s.createContact(
      makeContact({
        name,
        identities: [
          { kind: "email", value: email },
          { kind: "phone", value: phone },
        ],
        profile: { order_number: "4471", city: "Berlin" },
        at: t0,
      }),
      [],
    );
    await s.appendEvents([makeEvent("contact.created", "customer", t0, { contactId: contact.id }, { identityKind: "email", name })]);
    const fresh = makeConversation({ contactId: contact.id, channel: "email", at: t0 });
    const conv = await s.createConversation(fresh, [
      makeEvent("conversation.opened", "customer", t0, { conversationId: fresh.id, contactId: contact.id }, { channel: "email" }),
    ]);
    const scope = { conversationId: conv.id, contactId: contact.id };
    const inbound = makeInboundMessage({
      conversationId: conv.id,
      contactId: contact.id,
      channel: "email",
      externalId: `<${newId("msg")}@mail>`,
      text: `Hi, I am ${name}, refund 4471 please`,
      attachments: [{ kind: "file", name: "invoice-4471.pdf", mimeType: "application/pdf", size: 1234, ref: `email-raw:${"a".repeat(64)}.eml#1` }],
      at: later(1),
    });
    await s.appendMessage(inbound, [makeEvent("message.received", "customer", later(1), scope, { messageId: inbound.id, channel: "email" })], { to: email });
    await s.appendEvents([
      makeEvent("message.edited", "customer", later(2), scope, { messageId: inbound.id, channel: "email", previousText: `I am ${name}` }),
      makeEvent("conversation.escalated", "ai", later(10), scope, {
        messageId: inbound.id,
        rule: "chargeback",
        risk: "high",
        reason: `${name} threatens a chargeback`,
        queue: "billing",
        priority: "urgent",
        intent: "refund",
      }),
    ]);
    const current = (await s.getConversation(conv.id))!;
    await s.updateConversation(
      conv.id,
      { version: current.version },
      { owner: "human", status: "open", fields: { order_number: "4471" }, handoff: card(later(10)), tags: ["vip"], queue: "billing" },
      [],
    );
    const note = makeOutboundMessage({
      conversationId: conv.id,
      contactId: contact.id,
      channel: "email",
      text: `${name} called, wants ${phone}`,
      authorKind: "agent",
      authorId: "sam",
      at: later(20),
      direction: "internal",
    });
    await s.appendMessage(note, []);
    const reply = makeOutboundMessage({
      conversationId: conv.id,
      contactId: contact.id,
      channel: "email",
      text: `Dear ${name}, your refund is on its way`,
      authorKind: "agent",
      authorId: "sam",
      at: later(30),
    });
    const entry: OutboxEntry = {
      id: newId("ob"),
      messageId: reply.id,
      conversationId: conv.id,
      channel: "email",
      address: { to: email },
      attempts: 0,
      status: "pending",
      nextAttemptAt: later(30),
      leaseUntil: null,
      lastError: null,
      createdAt: later(30),
    };
    await s.enqueueOutbound(reply, entry, [
      makeEvent("message.queued", "agent:sam", later(30), scope, { messageId: reply.id, channel: "email", authorKind: "agent" }),
    ]);
    await s.scheduleTimer(
      {
        key: `sla:${conv.id}`,
        kind: "sla_first_response",
        conversationId: conv.id,
        dueAt: later(3600),
        data: { dueAt: later(3600).toISOString() },
        createdAt: later(30),
      },
      [],
    );
    return { contact, conversationId: conv.id, queuedId: reply.id };
  }

  describe("privacy: erasure and retention", () => {
    it("erases a person: texts, attachments, identities, profile, card, event data, outbox and timers; others untouched", async () => {
      const s = store();
      const ana = await person("Ana", "ana@example.com", "+4915112345678");
      const bob = await person("Bob", "bob@example.com", "+4915199999999");
      const outcome = await s.eraseContact(ana.contact.id, audit(ana.contact.id), later(1000));
      expect(outcome.status).toBe("erased");
      if (outcome.status !== "erased") return;
      expect(outcome.contactIds).toEqual([ana.contact.id]);
      expect(outcome.conversationIds).toEqual([ana.conversationId]);
      expect(outcome.closed).toEqual([{ conversationId: ana.conversationId, from: "open" }]);
      expect(outcome.refs).toEqual([`email-raw:${"a".repeat(64)}.eml#1`]);
      expect(outcome.counts).toMatchObject({ contacts: 1, identities: 2, conversations: 1, messages: 3, attachments: 1, outbox: 1, timers: 1 });
      expect(outcome.counts.events).toBeGreaterThanOrEqual(3);

      const contact = (await s.getContact(ana.contact.id))!;
      expect(contact).toMatchObject({ name: null, profile: {}, identities: [] });
      expect(await s.findContactByIdentity({ kind: "email", value: "ana@example.com" })).toBeNull();
      const messages = await s.listMessages(ana.conversationId);
      expect(messages.map((m) => m.text)).toEqual([ERASED, ERASED, ERASED]);
      expect(messages.map((m) => m.direction)).toEqual(["inbound", "internal", "outbound"]);
      expect(messages[0]!.attachments).toEqual([{ kind: "file", name: ERASED }]);
      expect(messages[0]!.externalId).toBeNull();
      expect((await s.getMessage(ana.queuedId))?.deliveryState).toBe("failed");
      const conv = (await s.getConversation(ana.conversationId))!;
      expect(conv).toMatchObject({ status: "closed", fields: {}, addresses: {}, tags: [], queue: "billing", priority: "normal", owner: "human" });
      expect(conv.handoff).toMatchObject({
        goal: ERASED,
        reason: ERASED,
        nextAction: ERASED,
        stepsTried: [],
        fields: {},
        risk: "high",
        rule: "chargeback",
        intent: "refund",
        queue: "billing",
      });
      expect(conv.handoff?.lookups).toEqual([{ action: "order_lookup", description: "Order lookup", outcome: "found" }]);
      expect(await s.countOutbox("pending")).toBe(1); // Bob's
      expect(await s.getTimer(`sla:${ana.conversationId}`)).toBeNull();
      expect(await s.getTimer(`sla:${bob.conversationId}`)).not.toBeNull();

      const events = [...(await s.listEvents({ conversationId: ana.conversationId })), ...(await s.listEvents({ contactId: ana.contact.id }))];
      const json = JSON.stringify(events);
      for (const secret of ["Ana", "ana@example.com", "+4915112345678", "previousText", "threatens"]) expect(json).not.toContain(secret);
      const escalated = events.find((e) => e.type === "conversation.escalated")!;
      expect(escalated.data).toEqual({
        messageId: expect.any(String),
        rule: "chargeback",
        risk: "high",
        queue: "billing",
        priority: "urgent",
        intent: "refund",
      });
      expect((await s.listEvents({ type: CONTACT_ERASED })).map((e) => e.contactId)).toEqual([ana.contact.id]);

      // Bob is untouched.
      expect(await s.getContact(bob.contact.id)).toMatchObject({ name: "Bob", profile: { order_number: "4471", city: "Berlin" } });
      expect((await s.listMessages(bob.conversationId)).map((m) => m.text)).toEqual([
        "Hi, I am Bob, refund 4471 please",
        "Bob called, wants +4915199999999",
        "Dear Bob, your refund is on its way",
      ]);
      expect(JSON.stringify(await s.listEvents({ conversationId: bob.conversationId }))).toContain("Bob threatens a chargeback");
      expect((await s.getConversation(bob.conversationId))?.handoff?.goal).toContain("Ana Schmidt");
    });

    it("erasing twice writes nothing and returns the first erasure's event; the identity is free for a new contact", async () => {
      const s = store();
      const ana = await person("Ana", "ana2@example.com", "+4915100000002");
      await s.eraseContact(ana.contact.id, audit(ana.contact.id), later(1000));
      const before = (await s.listEvents({})).length;
      const again = await s.eraseContact(ana.contact.id, audit(ana.contact.id), later(2000));
      expect(again.status).toBe("already_erased");
      if (again.status === "already_erased") expect(again.event.at.getTime()).toBe(later(1000).getTime());
      expect((await s.listEvents({})).length).toBe(before);
      const fresh = await s.createContact(makeContact({ identities: [{ kind: "email", value: "ana2@example.com" }], at: later(3000) }), []);
      expect((await s.findContactByIdentity({ kind: "email", value: "ana2@example.com" }))?.id).toBe(fresh.id);
      await expect(s.eraseContact("ct_missing", audit("ct_missing"), later(1))).rejects.toBeInstanceOf(NotFoundError);
    });

    it("erases the contacts merged into the person too, and refuses to erase a merged source directly", async () => {
      const s = store();
      const ana = await person("Ana", "ana3@example.com", "+4915100000003");
      const old = await person("Ana S.", "ana.s@example.com", "+4915100000033");
      const { record } = await s.mergeContacts(
        ana.contact.id,
        old.contact.id,
        (r) => [
          makeEvent(
            "contact.merged",
            "system",
            later(500),
            { contactId: r.targetId },
            { reason: "test", sourceId: r.sourceId, targetId: r.targetId, record: { ...r } },
          ),
        ],
        later(500),
      );
      await expect(s.eraseContact(ana.contact.id, audit(ana.contact.id), later(1000))).rejects.toBeInstanceOf(EraseConflictError);
      const outcome = await s.eraseContact(old.contact.id, audit(old.contact.id), later(1000));
      expect(outcome.status).toBe("erased");
      if (outcome.status !== "erased") return;
      expect(outcome.contactIds.sort()).toEqual([ana.contact.id, old.contact.id].sort());
      expect(outcome.conversationIds.sort()).toEqual([ana.conversationId, old.conversationId].sort());
      for (const id of [ana.contact.id, old.contact.id]) expect(await s.getContact(id)).toMatchObject({ name: null, profile: {}, identities: [] });
      expect(record.identities.length).toBe(2);
      for (const v of ["ana3@example.com", "ana.s@example.com"]) expect(await s.findContactByIdentity({ kind: "email", value: v })).toBeNull();
      expect(JSON.stringify(await s.listEvents({ contactId: old.contact.id }))).not.toContain("@example.com");
    });

    it("retention redacts old texts or only old attachments per conversation, skips done work, and walks every conversation in pages", async () => {
      const s = store();
      const ana = await person("Ana", "ana4@example.com", "+4915100000004");
      const bob = await person("Bob", "bob4@example.com", "+4915100000044");
      // Messages of Ana's conversation are at t0+1s .. t0+30s; cut between the inbound message and the note.
      const page1 = await s.listRetentionCandidates({ messagesBefore: later(15), limit: 1 });
      expect(page1.candidates).toHaveLength(1);
      expect(page1.next).not.toBeNull();
      const page2 = await s.listRetentionCandidates({ messagesBefore: later(15), after: page1.next, limit: 1 });
      expect(page2.candidates).toHaveLength(1);
      expect([...page1.candidates, ...page2.candidates].map((c) => c.conversationId).sort()).toEqual([ana.conversationId, bob.conversationId].sort());
      expect(page1.candidates[0]!.whole).toBe(false);
      const end = await s.listRetentionCandidates({ messagesBefore: later(15), after: page2.next, limit: 1 });
      expect(end).toEqual({ candidates: [], next: null });

      const r = await s.redactConversation(ana.conversationId, { textsBefore: later(15) });
      expect(r).toMatchObject({ messages: 1, attachments: 1, conversations: 0, outbox: 0, timers: 0, refs: [`email-raw:${"a".repeat(64)}.eml#1`] });
      expect(r.events).toBeGreaterThanOrEqual(2); // the edit's previous text, the escalation's free-text reason
      expect((await s.listMessages(ana.conversationId)).map((m) => m.text)).toEqual([
        ERASED,
        "Ana called, wants +4915100000004",
        "Dear Ana, your refund is on its way",
      ]);
      expect(await s.redactConversation(ana.conversationId, { textsBefore: later(15) })).toMatchObject({ messages: 0, events: 0, refs: [] });
      expect((await s.listRetentionCandidates({ messagesBefore: later(15), limit: 10 })).candidates.map((c) => c.conversationId)).toEqual([bob.conversationId]);

      // Attachments only: Bob's text stays, the attachment's metadata goes.
      const a = await s.redactConversation(bob.conversationId, { attachmentsBefore: later(15) });
      expect(a).toMatchObject({ messages: 1, attachments: 1, events: 0 });
      const [first] = await s.listMessages(bob.conversationId);
      expect(first).toMatchObject({ text: "Hi, I am Bob, refund 4471 please", attachments: [{ kind: "file", name: ERASED }] });
      expect((await s.listRetentionCandidates({ attachmentsBefore: later(15), limit: 10 })).candidates).toEqual([]);
      expect((await s.getContact(bob.contact.id))?.name).toBe("Bob");
    });

    it("retention redacts a conversation resolved long ago as a whole, keeping its dates", async () => {
      const s = store();
      const ana = await person("Ana", "ana5@example.com", "+4915100000005");
      const conv = (await s.getConversation(ana.conversationId))!;
      await s.updateConversation(conv.id, { version: conv.version }, { status: "resolved", updatedAt: later(100) }, []);
      expect((await s.listRetentionCandidates({ resolvedBefore: later(50), limit: 10 })).candidates).toEqual([]);
      expect((await s.listRetentionCandidates({ resolvedBefore: later(200), limit: 10 })).candidates).toEqual([{ conversationId: conv.id, whole: true }]);
      const r = await s.redactConversation(conv.id, { whole: true });
      expect(r).toMatchObject({ messages: 3, conversations: 1, outbox: 1, timers: 1 });
      const after = (await s.getConversation(conv.id))!;
      expect(after).toMatchObject({ status: "resolved", fields: {}, addresses: {} });
      expect(after.updatedAt.getTime()).toBe(later(100).getTime());
      expect(after.createdAt.getTime()).toBe(t0.getTime());
      expect((await s.listRetentionCandidates({ resolvedBefore: later(200), limit: 10 })).candidates).toEqual([]);
      // The contact itself is not erased by retention.
      expect((await s.getContact(ana.contact.id))?.name).toBe("Ana");
    });
  });
}
