import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IdentityConflictError } from "../../src/core/errors.js";
import {
  makeContact,
  makeConversation,
  makeEvent,
  makeInboundMessage,
  makeOutboundMessage,
  newId,
  type ArticleVersion,
  type Contact,
  type Conversation,
  type NewArticleVersion,
  type OutboxEntry,
} from "../../src/core/model/index.js";
import type { Store } from "../../src/core/store/port.js";
import { MergeAlreadyUndoneError, MergeConflictError } from "../../src/core/store/port.js";
import { NotFoundError } from "../../src/core/errors.js";
import type { MergeRecord } from "../../src/core/model/index.js";
import { describePrivacyContract } from "./privacy-contract.js";
import { describeDeadReplyContract } from "./dead-reply-contract.js";

/**
 * The one contract every Store engine must pass. Each engine's test file calls
 * this with a factory that returns a fresh, empty store.
 */
export function describeStoreContract(engineName: string, open: () => Promise<Store>, skipReason?: string): void {
  const suite = skipReason ? describe.skip : describe;
  suite(`Store contract: ${engineName}${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
    let store: Store;
    const t0 = new Date("2026-11-24T09:00:00.123Z");
    const later = (s: number) => new Date(t0.getTime() + s * 1000);

    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    async function seed(): Promise<{ contact: Contact; conversation: Conversation }> {
      const contact = await store.createContact(
        makeContact({ name: "Ana", identities: [{ kind: "email", value: `ana-${newId("ct")}@example.com` }], at: t0 }),
        [],
      );
      const conversation = await store.createConversation(makeConversation({ contactId: contact.id, channel: "web", at: t0 }), []);
      return { contact, conversation };
    }

    function outboxEntry(messageId: string, conversationId: string, at: Date): OutboxEntry {
      return {
        id: newId("ob"),
        messageId,
        conversationId,
        channel: "web",
        address: { visitorId: "v1" },
        attempts: 0,
        status: "pending",
        nextAttemptAt: at,
        leaseUntil: null,
        lastError: null,
        createdAt: at,
      };
    }

    it("creates contacts and finds them by any identity", async () => {
      const c = makeContact({
        name: "Ana",
        at: t0,
        identities: [
          { kind: "email", value: "ana@example.com" },
          { kind: "phone", value: "+4915112345678" },
        ],
      });
      const created = await store.createContact(c, [makeEvent("contact.created", "system", t0, { contactId: c.id })]);
      expect(created.identities).toHaveLength(2);
      expect((await store.findContactByIdentity({ kind: "phone", value: "+4915112345678" }))?.id).toBe(c.id);
      expect(await store.findContactByIdentity({ kind: "phone", value: "+49" })).toBeNull();
      expect((await store.getContact(c.id))?.createdAt.getTime()).toBe(t0.getTime());
      expect(await store.listEvents({ contactId: c.id })).toHaveLength(1);
    });

    it("refuses an identity that belongs to another contact and writes nothing", async () => {
      const a = await store.createContact(makeContact({ identities: [{ kind: "email", value: "x@example.com" }], at: t0 }), []);
      const b = makeContact({
        identities: [
          { kind: "telegram", value: "77" },
          { kind: "email", value: "x@example.com" },
        ],
        at: t0,
      });
      await expect(store.createContact(b, [makeEvent("contact.created", "system", t0, { contactId: b.id })])).rejects.toBeInstanceOf(IdentityConflictError);
      expect(await store.getContact(b.id)).toBeNull();
      expect(await store.findContactByIdentity({ kind: "telegram", value: "77" })).toBeNull();
      expect(await store.listEvents({ contactId: b.id })).toHaveLength(0);
      const other = await store.createContact(makeContact({ identities: [], at: t0 }), []);
      await expect(store.addIdentity(other.id, { kind: "email", value: "x@example.com" }, [])).rejects.toBeInstanceOf(IdentityConflictError);
      const same = await store.addIdentity(a.id, { kind: "email", value: "x@example.com" }, []);
      expect(same.identities).toHaveLength(1);
      const more = await store.addIdentity(a.id, { kind: "web", value: "vis_1" }, [makeEvent("identity.linked", "system", t0, { contactId: a.id })]);
      expect(more.identities.map((i) => i.kind).sort()).toEqual(["email", "web"]);
    });

    it("merges profile fields", async () => {
      const { contact } = await seed();
      await store.updateContactProfile(contact.id, { order_id: "A1" }, []);
      const updated = await store.updateContactProfile(contact.id, { region: "EU" }, []);
      expect(updated.profile).toEqual({ order_id: "A1", region: "EU" });
    });

    it("removes profile keys set to null, sets the name with the profile, and writes the events with them", async () => {
      const { contact } = await seed();
      await store.updateContactProfile(contact.id, { tier: "standard", "odd.key $x": "kept" }, []);
      const updated = await store.updateContactProfile(
        contact.id,
        { tier: null, plan: "pro", absent: null },
        [makeEvent("contact.attributes_set", "system", later(2), { contactId: contact.id }, { keys: ["tier", "plan"] })],
        { name: "Ana Lima" },
      );
      expect(updated.profile).toEqual({ "odd.key $x": "kept", plan: "pro" });
      expect(updated.name).toBe("Ana Lima");
      expect(updated.updatedAt.getTime()).toBe(later(2).getTime());
      const reread = await store.getContact(contact.id);
      expect(reread?.profile).toEqual({ "odd.key $x": "kept", plan: "pro" });
      expect(reread?.name).toBe("Ana Lima");
      expect((await store.listEvents({ contactId: contact.id, type: "contact.attributes_set" })).map((e) => e.data.keys)).toEqual([["tier", "plan"]]);
      // Without a name the name is left as it is.
      expect((await store.updateContactProfile(contact.id, { plan: "team" }, [])).name).toBe("Ana Lima");
      await expect(store.updateContactProfile("ct_missing", { a: "b" }, [])).rejects.toBeInstanceOf(NotFoundError);
    });

    it("stores identities of every kind, including a host site's user id", async () => {
      const c = await store.createContact(makeContact({ identities: [{ kind: "user", value: "shop-42" }], at: t0 }), []);
      expect((await store.findContactByIdentity({ kind: "user", value: "shop-42" }))?.id).toBe(c.id);
    });

    it("finds the most recent active conversation and ignores resolved ones", async () => {
      const { contact, conversation } = await seed();
      expect((await store.findActiveConversation(contact.id))?.id).toBe(conversation.id);
      const resolved = await store.updateConversation(conversation.id, { version: 1 }, { status: "resolved" }, []);
      expect(resolved?.status).toBe("resolved");
      expect(resolved?.version).toBe(2);
      expect(await store.findActiveConversation(contact.id)).toBeNull();
      const second = await store.createConversation(makeConversation({ contactId: contact.id, channel: "email", at: later(60) }), []);
      expect((await store.findActiveConversation(contact.id))?.id).toBe(second.id);
      expect(await store.listConversations({ contactId: contact.id })).toHaveLength(2);
      expect(await store.listConversations({ status: "resolved" })).toHaveLength(1);
      await store.updateConversation(second.id, { version: 1 }, { owner: "human" }, []);
      expect((await store.listConversations({ owner: "human" })).map((c) => c.id)).toEqual([second.id]);
      expect(await store.listConversations({ status: "resolved", owner: "human" })).toEqual([]);
      expect((await store.listConversations({ contactId: contact.id, owner: "ai" })).map((c) => c.id)).toEqual([conversation.id]);
    });

    it("round-trips every conversation field", async () => {
      const { conversation } = await seed();
      const patch = {
        status: "snoozed" as const,
        owner: "human" as const,
        queue: "billing",
        priority: "urgent" as const,
        tags: ["vip", "refund"],
        fields: { order_id: "A-1001" },
        escalation: { platform: "slack", target: "C1", threadId: "123.456" },
        snoozedUntil: later(3600),
        lastChannel: "email" as const,
        addresses: { email: { to: "a@b.c" } },
        assignee: "anna",
        handoff: {
          goal: "Get a refund for order A-1001",
          stepsTried: ["AI asked for the order number"],
          risk: "high" as const,
          rule: "chargeback",
          reason: "Customer mentions a chargeback",
          intent: "refund",
          confidence: 0.91,
          fields: { order_id: "A-1001" },
          missingFields: [],
          articles: [{ articleId: "refund-policy", version: 2, title: "Refunds" }],
          nextAction: "Check the payment",
          queue: "billing",
          priority: "urgent" as const,
          channel: "web" as const,
          language: "en",
          languageNote: null,
          conversationUrl: "http://hub/c/1",
          slaDueAt: later(1800),
          createdAt: later(1),
        },
      };
      await store.updateConversation(conversation.id, {}, patch, []);
      const got = await store.getConversation(conversation.id);
      expect(got).toMatchObject({ ...patch, version: 2 });
      expect(got?.snoozedUntil?.getTime()).toBe(later(3600).getTime());
      expect(got?.handoff?.slaDueAt).toEqual(later(1800));
      expect(got?.handoff?.createdAt).toEqual(later(1));
    });

    it("compare-and-set: only one of two ownership changes from the same state wins", async () => {
      const { conversation } = await seed();
      const ev = makeEvent("owner.changed", "agent:1", t0, { conversationId: conversation.id }, { from: "ai", to: "human" });
      const [a, b] = await Promise.all([
        store.updateConversation(conversation.id, { owner: "ai", version: 1 }, { owner: "human" }, [ev]),
        store.updateConversation(conversation.id, { owner: "ai", version: 1 }, { owner: "human" }, [
          makeEvent("owner.changed", "agent:2", t0, { conversationId: conversation.id }),
        ]),
      ]);
      expect([a, b].filter((x) => x !== null)).toHaveLength(1);
      expect(await store.listEvents({ conversationId: conversation.id, type: "owner.changed" })).toHaveLength(1);
      expect(await store.updateConversation(conversation.id, { owner: "ai" }, { owner: "ai" }, [])).toBeNull();
      expect(await store.updateConversation("cv_missing", {}, { owner: "ai" }, [])).toBeNull();
    });

    it("lists events by any of several types, newest first by log order, with a limit", async () => {
      const { conversation } = await seed();
      const ev = (type: string, n: number) => makeEvent(type, "system", t0, { conversationId: conversation.id }, { n });
      // One millisecond for all: only the log order tells them apart.
      await store.appendEvents([ev("decision.made", 1), ev("message.received", 2), ev("owner.changed", 3), ev("decision.made", 4), ev("tag.added", 5)]);
      const newest = await store.listEvents({ conversationId: conversation.id, types: ["decision.made", "owner.changed"], newestFirst: true });
      expect(newest.map((e) => e.data.n)).toEqual([4, 3, 1]);
      expect((await store.listEvents({ conversationId: conversation.id, newestFirst: true, limit: 2 })).map((e) => e.data.n)).toEqual([5, 4]);
      expect((await store.listEvents({ conversationId: conversation.id, limit: 2 })).map((e) => e.data.n)).toEqual([1, 2]);
      expect(
        (await store.listEvents({ conversationId: conversation.id, type: "decision.made", types: ["decision.made", "tag.added"] })).map((e) => e.data.n),
      ).toEqual([1, 4]);
      expect(await store.listEvents({ conversationId: conversation.id, types: [] })).toEqual([]);
    });

    it("appends messages idempotently on (channel, external id)", async () => {
      const { contact, conversation } = await seed();
      const m = makeInboundMessage({ conversationId: conversation.id, contactId: contact.id, channel: "web", externalId: "ext-1", text: "hi", at: later(5) });
      const first = await store.appendMessage(m, [makeEvent("message.received", "customer", later(5), { conversationId: conversation.id })]);
      expect(first.duplicate).toBe(false);
      const again = makeInboundMessage({ ...m, text: "hi (retry)", at: later(6) });
      const second = await store.appendMessage(again, [makeEvent("message.received", "customer", later(6), { conversationId: conversation.id })]);
      expect(second.duplicate).toBe(true);
      expect(second.message.id).toBe(m.id);
      expect(await store.listMessages(conversation.id)).toHaveLength(1);
      expect(await store.listEvents({ conversationId: conversation.id, type: "message.received" })).toHaveLength(1);
      // Same external id on another channel is a different message.
      const tg = makeInboundMessage({ ...m, channel: "telegram", at: later(7) });
      expect((await store.appendMessage(tg, [])).duplicate).toBe(false);
      expect((await store.findMessageByExternalId("telegram", "ext-1"))?.id).toBe(tg.id);
      // Messages without external id never collide.
      await store.appendMessage(makeInboundMessage({ ...m, channel: "web", externalId: null, at: later(8) }), []);
      await store.appendMessage(makeInboundMessage({ ...m, channel: "web", externalId: null, at: later(9) }), []);
      expect(await store.listMessages(conversation.id)).toHaveLength(4);
    });

    it("moves lastMessageAt and lastChannel forward on inbound messages", async () => {
      const { contact, conversation } = await seed();
      await store.appendMessage(
        makeInboundMessage({ conversationId: conversation.id, contactId: contact.id, channel: "email", externalId: "e1", text: "x", at: later(30) }),
        [],
        { to: "ana@example.com", references: ["<a@x>"] },
      );
      await store.appendMessage(
        makeInboundMessage({ conversationId: conversation.id, contactId: contact.id, channel: "web", externalId: "w1", text: "y", at: later(20) }),
        [],
        { visitorId: "vis_1" },
      );
      // An inbound message without a reply address leaves the stored one alone.
      await store.appendMessage(
        makeInboundMessage({ conversationId: conversation.id, contactId: contact.id, channel: "web", externalId: "w2", text: "z", at: later(21) }),
        [],
      );
      const got = await store.getConversation(conversation.id);
      expect(got?.lastMessageAt.getTime()).toBe(later(30).getTime());
      expect(got?.lastChannel).toBe("web");
      expect(got?.addresses).toEqual({ email: { to: "ana@example.com", references: ["<a@x>"] }, web: { visitorId: "vis_1" } });
      expect(got?.version).toBe(conversation.version);
    });

    it("lists messages oldest first, with limit keeping the newest", async () => {
      const { contact, conversation } = await seed();
      for (let i = 0; i < 5; i++) {
        await store.appendMessage(
          makeInboundMessage({
            conversationId: conversation.id,
            contactId: contact.id,
            channel: "web",
            externalId: `m${i}`,
            text: `t${i}`,
            attachments: i === 0 ? [{ kind: "image", name: "a.png", size: 10 }] : [],
            at: later(i),
          }),
          [],
        );
      }
      const all = await store.listMessages(conversation.id);
      expect(all.map((m) => m.text)).toEqual(["t0", "t1", "t2", "t3", "t4"]);
      expect(all[0]?.attachments).toEqual([{ kind: "image", name: "a.png", size: 10 }]);
      expect((await store.listMessages(conversation.id, { limit: 2 })).map((m) => m.text)).toEqual(["t3", "t4"]);
      expect(await store.listMessages(conversation.id, { direction: "outbound" })).toHaveLength(0);
    });

    it("tracks undecided inbound messages until marked decided", async () => {
      const { contact, conversation } = await seed();
      const a = makeInboundMessage({ conversationId: conversation.id, contactId: contact.id, channel: "web", externalId: "u1", text: "a", at: later(1) });
      const b = makeInboundMessage({ conversationId: conversation.id, contactId: contact.id, channel: "web", externalId: "u2", text: "b", at: later(2) });
      await store.appendMessage(a, []);
      await store.appendMessage(b, []);
      expect((await store.listUndecided(10)).map((m) => m.id)).toEqual([a.id, b.id]);
      await store.markDecided(a.id, later(3));
      expect((await store.listUndecided(10)).map((m) => m.id)).toEqual([b.id]);
      expect((await store.getMessage(a.id))?.decidedAt?.getTime()).toBe(later(3).getTime());
    });

    it("round-trips quick-reply buttons on outbound messages", async () => {
      const { contact, conversation } = await seed();
      const out = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "telegram",
        text: "Which topic?",
        authorKind: "ai",
        authorId: "ai",
        at: later(1),
        buttons: [{ id: "intent:shipping", label: "Shipping" }],
      });
      await store.enqueueOutbound(out, outboxEntry(out.id, conversation.id, later(1)), []);
      expect((await store.getMessage(out.id))?.buttons).toEqual([{ id: "intent:shipping", label: "Shipping" }]);
      const plain = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "web",
        text: "x",
        authorKind: "ai",
        authorId: "ai",
        at: later(2),
      });
      await store.enqueueOutbound(plain, outboxEntry(plain.id, conversation.id, later(2)), []);
      expect((await store.getMessage(plain.id))?.buttons).toBeUndefined();
    });

    it("edits a message's text once per distinct text, with its events", async () => {
      const { contact, conversation } = await seed();
      const m = makeInboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "telegram",
        externalId: "e1",
        text: "Order 1234",
        at: later(1),
      });
      await store.appendMessage(m, []);
      const ev = () => [makeEvent("message.edited", "customer", later(2), { conversationId: conversation.id }, { messageId: m.id })];
      expect(await store.editMessage(m.id, "Order 1235", ev())).toBe(true);
      expect((await store.getMessage(m.id))?.text).toBe("Order 1235");
      expect(await store.editMessage(m.id, "Order 1235", ev())).toBe(false);
      expect(await store.editMessage("msg_missing", "x", ev())).toBe(false);
      expect(await store.listEvents({ conversationId: conversation.id, type: "message.edited" })).toHaveLength(1);
      expect(await store.listMessages(conversation.id)).toHaveLength(1);
    });

    it("cancels a queued message only while no sender has claimed it (undo window)", async () => {
      const { contact, conversation } = await seed();
      const make = () =>
        makeOutboundMessage({
          conversationId: conversation.id,
          contactId: contact.id,
          channel: "web",
          text: "reply",
          authorKind: "agent",
          authorId: "anna",
          at: later(1),
        });
      const early = make();
      await store.enqueueOutbound(early, outboxEntry(early.id, conversation.id, later(10)), []);
      expect(await store.cancelOutbound(early.id, [makeEvent("reply.undone", "agent:anna", later(2), { conversationId: conversation.id })])).toBe(true);
      expect(await store.getMessage(early.id)).toMatchObject({ deliveryState: "failed", error: "cancelled" });
      expect(await store.countOutbox("pending")).toBe(0);
      expect(await store.listEvents({ conversationId: conversation.id, type: "reply.undone" })).toHaveLength(1);
      expect(await store.cancelOutbound(early.id, [makeEvent("reply.undone", "agent:anna", later(3), { conversationId: conversation.id })])).toBe(false);

      const claimed = make();
      await store.enqueueOutbound(claimed, outboxEntry(claimed.id, conversation.id, later(1)), []);
      await store.claimOutbox(later(2), 10, 1000);
      expect(await store.cancelOutbound(claimed.id, [makeEvent("reply.undone", "agent:anna", later(3), { conversationId: conversation.id })])).toBe(false);
      expect((await store.getMessage(claimed.id))?.deliveryState).toBe("queued");
      expect(await store.listEvents({ conversationId: conversation.id, type: "reply.undone" })).toHaveLength(1);
    });

    it("delivers through the outbox: claim with lease, retry, sent, dead", async () => {
      const { contact, conversation } = await seed();
      const out = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "web",
        text: "hello",
        authorKind: "system",
        authorId: "system",
        at: later(1),
      });
      const entry = outboxEntry(out.id, conversation.id, later(1));
      await store.enqueueOutbound(out, entry, [makeEvent("message.queued", "system", later(1), { conversationId: conversation.id })]);
      expect((await store.getMessage(out.id))?.deliveryState).toBe("queued");
      expect(await store.countOutbox("pending")).toBe(1);
      expect((await store.nextOutboxDue())?.getTime()).toBe(later(1).getTime());
      expect(await store.claimOutbox(later(0), 10, 1000)).toHaveLength(0);

      const [claimed] = await store.claimOutbox(later(2), 10, 1000);
      expect(claimed).toMatchObject({ id: entry.id, status: "sending", attempts: 1, address: { visitorId: "v1" } });
      // Leased: nobody else gets it until the lease ends.
      expect(await store.claimOutbox(later(2), 10, 1000)).toHaveLength(0);
      // Lease expired (sender crashed): claimable again.
      const [reclaimed] = await store.claimOutbox(later(4), 10, 1000);
      expect(reclaimed?.attempts).toBe(2);

      await store.completeOutbox(entry.id, { status: "retry", nextAttemptAt: later(10), error: "timeout" }, []);
      expect(await store.countOutbox("pending")).toBe(1);
      expect(await store.claimOutbox(later(9), 10, 1000)).toHaveLength(0);
      await store.claimOutbox(later(10), 10, 1000);
      await store.completeOutbox(entry.id, { status: "sent", externalId: "wire-1", at: later(11) }, [
        makeEvent("message.sent", "system", later(11), { conversationId: conversation.id }),
      ]);
      const sent = await store.getMessage(out.id);
      expect(sent).toMatchObject({ deliveryState: "sent", externalId: "wire-1" });
      // Delivered work leaves the outbox; the message keeps the record.
      expect((await store.countOutbox("pending")) + (await store.countOutbox("sending"))).toBe(0);
      expect(await store.claimOutbox(later(100), 10, 1000)).toHaveLength(0);
      expect(await store.nextOutboxDue()).toBeNull();

      const out2 = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "web",
        text: "x",
        authorKind: "system",
        authorId: "system",
        at: later(1),
      });
      const entry2 = outboxEntry(out2.id, conversation.id, later(1));
      await store.enqueueOutbound(out2, entry2, []);
      await store.claimOutbox(later(20), 10, 1000);
      await store.completeOutbox(entry2.id, { status: "dead", error: "invalid_recipient", at: later(21) }, []);
      expect(await store.getMessage(out2.id)).toMatchObject({ deliveryState: "failed", error: "invalid_recipient" });
      expect(await store.countOutbox("dead")).toBe(1);
    });

    it("records a decision in one step: replies queued, events written, message decided", async () => {
      const { contact, conversation } = await seed();
      const inbound = makeInboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "web",
        externalId: "d1",
        text: "hi",
        at: later(1),
      });
      await store.appendMessage(inbound, []);
      const replies = ["Hello", "How can we help?"].map((text) => {
        const message = makeOutboundMessage({
          conversationId: conversation.id,
          contactId: contact.id,
          channel: "web",
          text,
          authorKind: "system",
          authorId: "system",
          at: later(2),
        });
        return { message, entry: outboxEntry(message.id, conversation.id, later(2)) };
      });
      await store.recordDecision(
        inbound.id,
        replies,
        [makeEvent("decision.made", "ai", later(2), { conversationId: conversation.id }, { replies: ["greeting"] })],
        later(2),
      );
      expect((await store.getMessage(inbound.id))?.decidedAt?.getTime()).toBe(later(2).getTime());
      expect(await store.listUndecided(10)).toEqual([]);
      expect((await store.listMessages(conversation.id, { direction: "outbound" })).map((m) => m.text)).toEqual(["Hello", "How can we help?"]);
      expect(await store.countOutbox("pending")).toBe(2);
      expect(await store.listEvents({ conversationId: conversation.id, type: "decision.made" })).toHaveLength(1);
      // A decision with no reply still marks the message decided.
      const second = makeInboundMessage({ conversationId: conversation.id, contactId: contact.id, channel: "web", externalId: "d2", text: "ok", at: later(3) });
      await store.appendMessage(second, []);
      await store.recordDecision(second.id, [], [], later(4));
      expect(await store.listUndecided(10)).toEqual([]);
    });

    it("records a decision only while the conversation has the owner it was decided for", async () => {
      const { contact, conversation } = await seed();
      const inbound = makeInboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "web",
        externalId: "g1",
        text: "hi",
        at: later(1),
      });
      await store.appendMessage(inbound, []);
      const reply = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "web",
        text: "AI answer",
        authorKind: "ai",
        authorId: "ai",
        at: later(2),
      });
      await store.updateConversation(conversation.id, {}, { owner: "human" }, []);
      const guard = { onlyIfOwner: { conversationId: conversation.id, owner: "ai" as const } };
      expect(
        await store.recordDecision(
          inbound.id,
          [{ message: reply, entry: outboxEntry(reply.id, conversation.id, later(2)) }],
          [makeEvent("decision.made", "ai", later(2), { conversationId: conversation.id })],
          later(2),
          guard,
        ),
      ).toBe(false);
      expect(await store.listMessages(conversation.id, { direction: "outbound" })).toEqual([]);
      expect(await store.listEvents({ conversationId: conversation.id, type: "decision.made" })).toEqual([]);
      expect((await store.getMessage(inbound.id))?.decidedAt).toBeNull();
      expect(await store.recordDecision(inbound.id, [], [], later(3), { onlyIfOwner: { conversationId: conversation.id, owner: "human" } })).toBe(true);
      expect((await store.getMessage(inbound.id))?.decidedAt).not.toBeNull();
      // Decided once: a second decision (another process's recovery) writes nothing.
      const late = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "web",
        text: "second greeting",
        authorKind: "system",
        authorId: "system",
        at: later(4),
      });
      expect(
        await store.recordDecision(
          inbound.id,
          [{ message: late, entry: outboxEntry(late.id, conversation.id, later(4)) }],
          [makeEvent("decision.made", "ai", later(4), { conversationId: conversation.id })],
          later(4),
        ),
      ).toBe(false);
      expect(await store.listMessages(conversation.id, { direction: "outbound" })).toEqual([]);
      expect(await store.listEvents({ conversationId: conversation.id, type: "decision.made" })).toEqual([]);
    });

    it("marks a message delivered directly when the channel confirmed delivery on send", async () => {
      const { contact, conversation } = await seed();
      const out = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "web",
        text: "x",
        authorKind: "system",
        authorId: "system",
        at: later(1),
      });
      const entry = outboxEntry(out.id, conversation.id, later(1));
      await store.enqueueOutbound(out, entry, []);
      await store.claimOutbox(later(2), 10, 1000);
      await store.completeOutbox(entry.id, { status: "sent", externalId: "e", at: later(2), delivered: true }, []);
      expect((await store.getMessage(out.id))?.deliveryState).toBe("delivered");
    });

    it("delivery state only moves forward: a late report changes nothing and writes no event", async () => {
      const { contact, conversation } = await seed();
      const out = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "web",
        text: "x",
        authorKind: "ai",
        authorId: "ai",
        at: later(1),
      });
      await store.enqueueOutbound(out, outboxEntry(out.id, conversation.id, later(1)), []);
      const ev = (type: string) => [makeEvent(type, "customer", later(2), { conversationId: conversation.id })];
      expect(await store.setDeliveryState(out.id, "read", { externalId: "wamid.1" }, ev("message.read"))).toBe(true);
      expect(await store.setDeliveryState(out.id, "delivered", {}, ev("message.delivered"))).toBe(false);
      expect(await store.setDeliveryState(out.id, "failed", { error: "late" }, ev("message.failed"))).toBe(false);
      expect(await store.getMessage(out.id)).toMatchObject({ deliveryState: "read", externalId: "wamid.1", error: null });
      expect((await store.listEvents({ conversationId: conversation.id })).map((e) => e.type)).toEqual(["message.read"]);
    });

    it("completing a send never moves the delivery state backwards (a read reported first stays read)", async () => {
      const { contact, conversation } = await seed();
      const out = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "web",
        text: "x",
        authorKind: "system",
        authorId: "system",
        at: later(1),
      });
      const entry = outboxEntry(out.id, conversation.id, later(1));
      await store.enqueueOutbound(out, entry, []);
      await store.claimOutbox(later(2), 10, 1000);
      await store.setDeliveryState(out.id, "read", {}, []);
      await store.completeOutbox(entry.id, { status: "sent", externalId: "wire-9", at: later(3), delivered: true }, []);
      expect(await store.getMessage(out.id)).toMatchObject({ deliveryState: "read", externalId: "wire-9" });
    });

    it("never hands one outbox entry to two concurrent claimers", async () => {
      for (let i = 0; i < 20; i++) {
        const { contact, conversation } = await seed();
        const out = makeOutboundMessage({
          conversationId: conversation.id,
          contactId: contact.id,
          channel: "web",
          text: `m${i}`,
          authorKind: "system",
          authorId: "system",
          at: later(1),
        });
        await store.enqueueOutbound(out, outboxEntry(out.id, conversation.id, later(1)), []);
      }
      const batches = await Promise.all([0, 1, 2, 3].map(() => store.claimOutbox(later(2), 7, 60_000)));
      const ids = batches.flat().map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(20);
    });

    it("hands out a conversation's entries one at a time, in order; a dead one no longer holds the line", async () => {
      const { contact, conversation } = await seed();
      const texts = ["first", "second", "third"];
      const entries: OutboxEntry[] = [];
      for (const text of texts) {
        const out = makeOutboundMessage({
          conversationId: conversation.id,
          contactId: contact.id,
          channel: "web",
          text,
          authorKind: "ai",
          authorId: null,
          at: later(1),
        });
        const entry = outboxEntry(out.id, conversation.id, later(1));
        entries.push(entry);
        await store.enqueueOutbound(out, entry, []);
      }
      const first = await store.claimOutbox(later(2), 10, 60_000);
      expect(first.map((e) => e.id)).toEqual([entries[0]!.id]);
      // The first is retried later: the second still waits behind it, even though it is due.
      await store.completeOutbox(entries[0]!.id, { status: "retry", nextAttemptAt: later(100), error: "transient" }, []);
      expect(await store.claimOutbox(later(3), 10, 60_000)).toEqual([]);
      // It fails for good: the second goes next.
      const again = await store.claimOutbox(later(100), 10, 60_000);
      await store.completeOutbox(again[0]!.id, { status: "dead", error: "invalid recipient", at: later(100) }, []);
      expect((await store.claimOutbox(later(101), 10, 60_000)).map((e) => e.id)).toEqual([entries[1]!.id]);
    });

    it("updates delivery state and records events in order", async () => {
      const { contact, conversation } = await seed();
      const out = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: "web",
        text: "x",
        authorKind: "agent",
        authorId: "u1",
        at: later(1),
      });
      await store.enqueueOutbound(out, outboxEntry(out.id, conversation.id, later(1)), []);
      await store.setDeliveryState(out.id, "delivered", {}, [
        makeEvent("message.delivered", "system", later(2), { conversationId: conversation.id }, { n: 1 }),
      ]);
      await store.setDeliveryState(out.id, "read", {}, [makeEvent("message.read", "system", later(3), { conversationId: conversation.id }, { n: 2 })]);
      expect((await store.getMessage(out.id))?.deliveryState).toBe("read");
      await store.appendEvents([makeEvent("note", "agent:1", later(4), { conversationId: conversation.id }, { nested: { a: [1, 2] } })]);
      const events = await store.listEvents({ conversationId: conversation.id });
      expect(events.map((e) => e.type)).toEqual(["message.delivered", "message.read", "note"]);
      expect(events[2]?.data).toEqual({ nested: { a: [1, 2] } });
      expect(await store.listEvents({ conversationId: conversation.id, since: later(3) })).toHaveLength(2);
      expect(await store.listEvents({ type: "message.read" })).toHaveLength(1);
    });

    function articleVersion(articleId: string, content: string, at: Date): NewArticleVersion {
      return {
        articleId,
        contentHash: `hash:${content}`,
        title: `Title of ${articleId}`,
        status: "published",
        locale: "en",
        file: `${articleId}.md`,
        author: "Mia Owner",
        authorSource: "owner",
        content,
        createdAt: at,
      };
    }
    const diffOf = (content: string) => (previous: ArticleVersion | null) => (previous ? `${previous.content} -> ${content}` : "");

    it("records article versions 1, 2, 3… and nothing for unchanged content", async () => {
      const first = await store.recordArticleVersion(articleVersion("returns", "A", t0), diffOf("A"));
      expect(first.created).toBe(true);
      expect(first.version).toMatchObject({ articleId: "returns", version: 1, contentHash: "hash:A", diff: "", content: "A" });
      const same = await store.recordArticleVersion(articleVersion("returns", "A", later(1)), diffOf("A"));
      expect(same.created).toBe(false);
      expect(same.version.version).toBe(1);
      expect(same.version.createdAt.getTime()).toBe(t0.getTime());
      const second = await store.recordArticleVersion(articleVersion("returns", "B", later(2)), diffOf("B"));
      expect(second).toMatchObject({ created: true, version: { version: 2, diff: "A -> B", contentHash: "hash:B" } });
      // A revert to earlier text is a change too: it becomes version 3, not a no-op.
      const reverted = await store.recordArticleVersion(articleVersion("returns", "A", later(3)), diffOf("A"));
      expect(reverted).toMatchObject({ created: true, version: { version: 3, diff: "B -> A" } });
      // Numbering is per article.
      const other = await store.recordArticleVersion(articleVersion("shipping", "S", later(4)), diffOf("S"));
      expect(other.version.version).toBe(1);
    });

    it("lists, gets and reports the latest article versions, round-tripping every field", async () => {
      await store.recordArticleVersion(articleVersion("returns", "A", t0), diffOf("A"));
      await store.recordArticleVersion(
        { ...articleVersion("returns", "B\nline two", later(5)), status: "archived", author: "Jo", authorSource: "git" },
        diffOf("B"),
      );
      await store.recordArticleVersion(articleVersion("account-access", "C", later(6)), diffOf("C"));
      const versions = await store.listArticleVersions("returns");
      expect(versions.map((v) => v.version)).toEqual([1, 2]);
      expect(versions[1]).toEqual({
        articleId: "returns",
        version: 2,
        contentHash: "hash:B\nline two",
        title: "Title of returns",
        status: "archived",
        locale: "en",
        file: "returns.md",
        author: "Jo",
        authorSource: "git",
        content: "B\nline two",
        diff: "A -> B",
        createdAt: later(5),
      });
      expect((await store.getArticleVersion("returns", 1))?.content).toBe("A");
      expect(await store.getArticleVersion("returns", 3)).toBeNull();
      expect(await store.getArticleVersion("missing", 1)).toBeNull();
      expect(await store.listArticleVersions("missing")).toEqual([]);
      const latest = await store.latestArticleVersions();
      expect(latest.map((v) => [v.articleId, v.version])).toEqual([
        ["account-access", 1],
        ["returns", 2],
      ]);
    });

    it("records one version per change even when writers race", async () => {
      const results = await Promise.all([0, 1, 2, 3].map(() => store.recordArticleVersion(articleVersion("warranty", "W1", t0), diffOf("W1"))));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.version.version))).toEqual(new Set([1]));
      const changes = await Promise.all(["X", "Y", "Z"].map((c, i) => store.recordArticleVersion(articleVersion("warranty", c, later(i + 1)), diffOf(c))));
      expect(changes.every((r) => r.created)).toBe(true);
      const versions = await store.listArticleVersions("warranty");
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
      // Each diff names the version that really was previous when it was written.
      for (let i = 1; i < versions.length; i++) {
        expect(versions[i]?.diff).toBe(`${versions[i - 1]?.content} -> ${versions[i]?.content}`);
      }
    });

    describePrivacyContract(() => store, t0);
    describeDeadReplyContract(() => store, t0);

    it("pages conversations in id order after a cursor, filtered by contact and creation time", async () => {
      const { contact, conversation: first } = await seed();
      const other = await store.createContact(makeContact({ identities: [{ kind: "email", value: `o-${newId("ct")}@example.com` }], at: t0 }), []);
      const made = [first];
      for (let i = 1; i <= 4; i++) {
        made.push(await store.createConversation(makeConversation({ contactId: i === 2 ? other.id : contact.id, channel: "web", at: later(i * 60) }), []));
      }
      const ids = made.map((c) => c.id).sort();
      const walked: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Conversation[] = await store.pageConversations({ after, limit: 2 });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(2);
        walked.push(...page.map((c) => c.id));
        after = page.at(-1)!.id;
      }
      expect(walked).toEqual(ids);
      const mine = await store.pageConversations({ contactId: contact.id, limit: 10 });
      expect(mine.map((c) => c.id)).toEqual(
        made
          .filter((c) => c.contactId === contact.id)
          .map((c) => c.id)
          .sort(),
      );
      const window = await store.pageConversations({ createdFrom: later(60), createdTo: later(180), limit: 10 });
      expect(window.map((c) => c.createdAt.getTime()).sort()).toEqual([later(60).getTime(), later(120).getTime()]);
      expect(await store.pageConversations({ after: ids.at(-1)!, limit: 10 })).toEqual([]);
    });

    describe("contact merges", () => {
      const merged = (record: MergeRecord) => [
        makeEvent("contact.merged", "system", later(100), { contactId: record.targetId }, { reason: "test", record: { ...record } }),
      ];

      /** Source (Ben, older conversation with 2 messages) and target (Ana, one conversation with 1 message). */
      async function twoCustomers() {
        const target = await store.createContact(
          makeContact({ name: null, identities: [{ kind: "telegram", value: "1001" }], profile: { plan: "gold", city: "Berlin" }, at: t0 }),
          [],
        );
        const source = await store.createContact(
          makeContact({
            name: "Ben",
            at: later(1),
            profile: { city: "Hamburg", order_id: "A-1" },
            identities: [
              { kind: "web", value: "vis_ben" },
              { kind: "email", value: "ben@example.com" },
            ],
          }),
          [],
        );
        const tConv = await store.createConversation(makeConversation({ contactId: target.id, channel: "telegram", at: t0 }), []);
        const sConv = await store.createConversation(makeConversation({ contactId: source.id, channel: "web", at: later(1) }), []);
        await store.appendMessage(
          makeInboundMessage({ conversationId: tConv.id, contactId: target.id, channel: "telegram", externalId: "t1", text: "a", at: later(2) }),
          [],
        );
        for (const [i, ext] of ["w1", "w2"].entries()) {
          await store.appendMessage(
            makeInboundMessage({ conversationId: sConv.id, contactId: source.id, channel: "web", externalId: ext, text: "b", at: later(3 + i) }),
            [],
            { visitorId: "vis_ben" },
          );
        }
        return { source, target, tConv, sConv };
      }

      it("moves identities, conversations and messages, merges the profile (target wins) and marks the source", async () => {
        const { source, target, sConv, tConv } = await twoCustomers();
        const { record, created } = await store.mergeContacts(source.id, target.id, merged, later(100));
        expect(created).toBe(true);
        expect(record).toMatchObject({
          sourceId: source.id,
          targetId: target.id,
          at: later(100).toISOString(),
          conversationIds: [sConv.id],
          messageCount: 2,
          profileKeysAdded: ["order_id"],
          profileConflicts: ["city"],
          nameAdopted: true,
        });
        expect(record.id).toMatch(/^mg_/);
        expect(record.identities).toEqual([
          { kind: "web", value: "vis_ben" },
          { kind: "email", value: "ben@example.com" },
        ]);

        const t = await store.getContact(target.id);
        expect(t?.identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual(["email:ben@example.com", "telegram:1001", "web:vis_ben"]);
        expect(t?.profile).toEqual({ plan: "gold", city: "Berlin", order_id: "A-1" });
        expect(t?.name).toBe("Ben");
        expect(t?.mergedInto).toBeNull();
        const s = await store.getContact(source.id);
        expect(s).toMatchObject({ mergedInto: target.id, identities: [], profile: { city: "Hamburg", order_id: "A-1" } });
        expect((await store.findContactByIdentity({ kind: "web", value: "vis_ben" }))?.id).toBe(target.id);
        expect((await store.getConversation(sConv.id))?.contactId).toBe(target.id);
        expect((await store.getConversation(tConv.id))?.contactId).toBe(target.id);
        expect((await store.listMessages(sConv.id)).every((m) => m.contactId === target.id)).toBe(true);
        expect((await store.listConversations({ contactId: target.id })).map((c) => c.id).sort()).toEqual([sConv.id, tConv.id].sort());
        expect(await store.listConversations({ contactId: source.id })).toEqual([]);
        const [event] = await store.listEvents({ type: "contact.merged" });
        expect(event?.data.record).toEqual(record);
        expect(await store.getEvent(event!.id)).toEqual(event);
        expect(await store.getEvent("ev_missing")).toBeNull();
      });

      it("is idempotent: the same merge again writes nothing and returns the stored record", async () => {
        const { source, target } = await twoCustomers();
        const first = await store.mergeContacts(source.id, target.id, merged, later(100));
        let called = 0;
        const again = await store.mergeContacts(
          source.id,
          target.id,
          (r) => {
            called++;
            return merged(r);
          },
          later(200),
        );
        expect(again).toEqual({ record: first.record, created: false });
        expect(called).toBe(0);
        expect(await store.listEvents({ type: "contact.merged" })).toHaveLength(1);
      });

      it("refuses impossible merges with typed errors and writes nothing", async () => {
        const { source, target } = await twoCustomers();
        const third = await store.createContact(makeContact({ identities: [{ kind: "phone", value: "+4915100000000" }], at: t0 }), []);
        await expect(store.mergeContacts(source.id, source.id, merged)).rejects.toBeInstanceOf(MergeConflictError);
        await expect(store.mergeContacts(source.id, "ct_missing", merged)).rejects.toBeInstanceOf(NotFoundError);
        await store.mergeContacts(source.id, target.id, merged, later(100));
        // Already merged elsewhere; merging into a merged contact.
        await expect(store.mergeContacts(source.id, third.id, merged)).rejects.toBeInstanceOf(MergeConflictError);
        await expect(store.mergeContacts(third.id, source.id, merged)).rejects.toBeInstanceOf(MergeConflictError);
        expect((await store.getContact(third.id))?.mergedInto).toBeNull();
        expect((await store.getContact(third.id))?.identities).toHaveLength(1);
        expect(await store.listEvents({ type: "contact.merged" })).toHaveLength(1);
      });

      it("is atomic: a merge whose events cannot be built changes nothing", async () => {
        const { source, target, sConv } = await twoCustomers();
        await expect(
          store.mergeContacts(
            source.id,
            target.id,
            () => {
              throw new Error("boom");
            },
            later(100),
          ),
        ).rejects.toThrow("boom");
        expect(await store.getContact(source.id)).toMatchObject({ mergedInto: null, identities: [{ kind: "web" }, { kind: "email" }] });
        expect(await store.getContact(target.id)).toMatchObject({ name: null, profile: { plan: "gold", city: "Berlin" } });
        expect((await store.getConversation(sConv.id))?.contactId).toBe(source.id);
        expect((await store.listMessages(sConv.id)).every((m) => m.contactId === source.id)).toBe(true);
        // And it can be merged afterwards.
        expect((await store.mergeContacts(source.id, target.id, merged, later(101))).created).toBe(true);
      });

      it("of concurrent merges of one source exactly one wins; opposite merges never make a cycle", async () => {
        const { source, target } = await twoCustomers();
        const third = await store.createContact(makeContact({ identities: [{ kind: "phone", value: "+4915100000001" }], at: t0 }), []);
        const results = await Promise.allSettled([
          store.mergeContacts(source.id, target.id, merged, later(100)),
          store.mergeContacts(source.id, third.id, merged, later(100)),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(MergeConflictError);
        const winner = (await store.getContact(source.id))!.mergedInto!;
        expect((await store.getContact(winner))?.identities.some((i) => i.value === "vis_ben")).toBe(true);

        const a = await store.createContact(makeContact({ identities: [{ kind: "web", value: "vis_a" }], at: t0 }), []);
        const b = await store.createContact(makeContact({ identities: [{ kind: "web", value: "vis_b" }], at: t0 }), []);
        await Promise.allSettled([store.mergeContacts(a.id, b.id, merged), store.mergeContacts(b.id, a.id, merged)]);
        const [ca, cb] = [await store.getContact(a.id), await store.getContact(b.id)];
        expect(ca?.mergedInto && cb?.mergedInto).toBeFalsy();
      });

      it("undo reverses exactly what the merge moved, keeping what happened since", async () => {
        const { source, target, sConv, tConv } = await twoCustomers();
        const { record } = await store.mergeContacts(source.id, target.id, merged, later(100));
        // After the merge: a new identity on the merged contact, a message in the moved conversation, profile edits.
        await store.addIdentity(target.id, { kind: "whatsapp", value: "+4915199999999" }, []);
        await store.appendMessage(
          makeInboundMessage({ conversationId: sConv.id, contactId: target.id, channel: "telegram", externalId: "t9", text: "c", at: later(110) }),
          [],
        );
        await store.updateContactProfile(target.id, { vip: "yes" }, []);
        const undoEvent = makeEvent("contact.unmerged", "agent:7", later(120), { contactId: target.id }, { mergeId: record.id });
        const reversed = await store.unmergeContacts(record, [undoEvent]);
        expect(reversed).toEqual(record);

        const s = await store.getContact(source.id);
        expect(s).toMatchObject({ mergedInto: null, name: "Ben", profile: { city: "Hamburg", order_id: "A-1" } });
        expect(s?.identities.map((i) => i.kind).sort()).toEqual(["email", "web"]);
        const t = await store.getContact(target.id);
        expect(t?.identities.map((i) => i.kind).sort()).toEqual(["telegram", "whatsapp"]);
        expect(t).toMatchObject({ name: null, profile: { plan: "gold", city: "Berlin", vip: "yes" } });
        expect(t?.profile).not.toHaveProperty("order_id");
        expect((await store.getConversation(sConv.id))?.contactId).toBe(source.id);
        expect((await store.getConversation(tConv.id))?.contactId).toBe(target.id);
        // Every message follows its conversation, including the one that arrived after the merge.
        expect((await store.listMessages(sConv.id)).map((m) => m.contactId)).toEqual([source.id, source.id, source.id]);
        expect((await store.listMessages(tConv.id)).map((m) => m.contactId)).toEqual([target.id]);
        expect(await store.listEvents({ type: "contact.unmerged" })).toHaveLength(1);
      });

      it("undo keeps a profile value the target changed after the merge", async () => {
        const { source, target } = await twoCustomers();
        const { record } = await store.mergeContacts(source.id, target.id, merged, later(100));
        await store.updateContactProfile(target.id, { order_id: "A-2" }, []);
        await store.unmergeContacts(record, []);
        expect((await store.getContact(target.id))?.profile.order_id).toBe("A-2");
      });

      it("refuses to undo twice (typed error, nothing written) and to undo under a later merge of the target", async () => {
        const { source, target } = await twoCustomers();
        const { record } = await store.mergeContacts(source.id, target.id, merged, later(100));
        const undo = () => [makeEvent("contact.unmerged", "agent:1", later(120), { contactId: target.id }, { mergeId: record.id })];
        await store.unmergeContacts(record, undo());
        await expect(store.unmergeContacts(record, undo())).rejects.toBeInstanceOf(MergeAlreadyUndoneError);
        expect(await store.listEvents({ type: "contact.unmerged" })).toHaveLength(1);
        // Concurrent undos of one merge: exactly one succeeds.
        const second = await store.mergeContacts(source.id, target.id, merged, later(130));
        expect(second.record.id).not.toBe(record.id);
        await expect(store.unmergeContacts(record, undo())).rejects.toBeInstanceOf(MergeAlreadyUndoneError);
        const both = await Promise.allSettled([store.unmergeContacts(second.record, undo()), store.unmergeContacts(second.record, undo())]);
        expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        expect(await store.listEvents({ type: "contact.unmerged" })).toHaveLength(2);
        // Target merged into a third contact since: undo that first.
        const third = await store.createContact(makeContact({ identities: [], at: t0 }), []);
        const again = await store.mergeContacts(source.id, target.id, merged, later(140));
        const outer = await store.mergeContacts(target.id, third.id, merged, later(150));
        await expect(store.unmergeContacts(again.record, [])).rejects.toBeInstanceOf(MergeConflictError);
        await store.unmergeContacts(outer.record, []);
        await store.unmergeContacts(again.record, []);
        expect((await store.findContactByIdentity({ kind: "web", value: "vis_ben" }))?.id).toBe(source.id);
      });
    });
  });
}
