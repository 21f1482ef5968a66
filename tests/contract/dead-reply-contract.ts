import { describe, expect, it } from "vitest";
import { makeContact, makeConversation, makeEvent, makeOutboundMessage, newId, type ChannelId, type OutboxEntry } from "../../src/core/model/index.js";
import type { Store } from "../../src/core/store/port.js";

/**
 * Dead replies (issue 16): listing the outbox's dead entries and resending
 * one, run inside describeStoreContract for every engine. `store()` is the
 * fresh store of the current test.
 */
export function describeDeadReplyContract(store: () => Store, t0: Date): void {
  const later = (s: number) => new Date(t0.getTime() + s * 1000);
  const entryFor = (messageId: string, conversationId: string, channel: ChannelId, at: Date): OutboxEntry => ({
    id: newId("ob"),
    messageId,
    conversationId,
    channel,
    address: { chatId: "42" },
    attempts: 0,
    status: "pending",
    nextAttemptAt: at,
    leaseUntil: null,
    lastError: null,
    createdAt: at,
  });

  /** A conversation with one reply that died on `channel` and one still pending. */
  async function withDeadReply(channel: ChannelId) {
    const s = store();
    const contact = await s.createContact(makeContact({ name: "Ana", identities: [{ kind: "telegram", value: newId("ct") }], at: t0 }), []);
    const conversation = await s.createConversation(makeConversation({ contactId: contact.id, channel, at: t0 }), []);
    const dead = makeOutboundMessage({
      conversationId: conversation.id,
      contactId: contact.id,
      channel,
      text: "Your refund is on its way",
      authorKind: "agent",
      authorId: "ada",
      at: later(1),
    });
    const deadEntry = entryFor(dead.id, conversation.id, channel, later(1));
    await s.enqueueOutbound(dead, deadEntry, []);
    await s.claimOutbox(later(2), 10, 1000);
    await s.completeOutbox(deadEntry.id, { status: "dead", error: "invalid_recipient: chat not found", at: later(2) }, []);
    const pending = makeOutboundMessage({
      conversationId: conversation.id,
      contactId: contact.id,
      channel,
      text: "later",
      authorKind: "ai",
      authorId: "ai",
      at: later(3),
    });
    await s.enqueueOutbound(pending, entryFor(pending.id, conversation.id, channel, later(100)), []);
    return { s, contact, conversation, dead, deadEntry, pending };
  }

  describe("dead replies", () => {
    it("lists dead entries only, oldest first, filtered by channel and conversation", async () => {
      const a = await withDeadReply("telegram");
      const b = await withDeadReply("web");
      const s = store();
      expect((await s.listDeadOutbox()).map((e) => e.messageId)).toEqual([a.dead.id, b.dead.id]);
      expect((await s.listDeadOutbox({ channel: "web" })).map((e) => e.messageId)).toEqual([b.dead.id]);
      expect((await s.listDeadOutbox({ conversationId: a.conversation.id })).map((e) => e.messageId)).toEqual([a.dead.id]);
      expect((await s.listDeadOutbox({ limit: 1 })).map((e) => e.messageId)).toEqual([a.dead.id]);
      const [listed] = await s.listDeadOutbox({ channel: "telegram" });
      expect(listed).toMatchObject({ id: a.deadEntry.id, status: "dead", lastError: "invalid_recipient: chat not found", address: { chatId: "42" } });
    });

    it("resends once: the dead entry goes, the new message is queued with its events; a second resend and a live reply write nothing", async () => {
      const { s, conversation, dead, pending } = await withDeadReply("telegram");
      const again = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: conversation.contactId,
        channel: "email",
        text: dead.text,
        authorKind: "agent",
        authorId: "ada",
        at: later(10),
      });
      const entry = { ...entryFor(again.id, conversation.id, "email", later(10)), address: { email: "ana@example.com" } };
      const event = makeEvent("reply.resent", "agent:ada", later(10), { conversationId: conversation.id }, { messageId: dead.id, newMessageId: again.id });
      expect(await s.resendDeadOutbound(dead.id, again, entry, [event])).toBe(true);
      expect(await s.listDeadOutbox()).toEqual([]);
      expect(await s.getMessage(again.id)).toMatchObject({ deliveryState: "queued", channel: "email", text: dead.text });
      expect(await s.getMessage(dead.id)).toMatchObject({ deliveryState: "failed" }); // the failed one keeps its record
      expect((await s.listEvents({ conversationId: conversation.id, type: "reply.resent" })).map((e) => e.actor)).toEqual(["agent:ada"]);
      // The pending reply holds the conversation's line (in order), then the resent one follows.
      const claimed = await s.claimOutbox(later(200), 10, 1000);
      expect(claimed.map((e) => e.messageId)).toEqual([pending.id]);

      const twice = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: conversation.contactId,
        channel: "telegram",
        text: dead.text,
        authorKind: "agent",
        authorId: "ada",
        at: later(11),
      });
      expect(await s.resendDeadOutbound(dead.id, twice, entryFor(twice.id, conversation.id, "telegram", later(11)), [event])).toBe(false);
      expect(await s.resendDeadOutbound(pending.id, twice, entryFor(twice.id, conversation.id, "telegram", later(11)), [event])).toBe(false);
      expect(await s.getMessage(twice.id)).toBeNull();
      expect(await s.listEvents({ conversationId: conversation.id, type: "reply.resent" })).toHaveLength(1);
    });
  });
}
