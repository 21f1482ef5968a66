import { beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { Message } from "../../../src/core/model/index.js";
import { createIngest } from "../../../src/core/pipeline/ingest.js";
import type { Store } from "../../../src/core/store/port.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { webInbound } from "../../helpers/fakes.js";

const HOUR = 3_600_000;

describe("ingest: dedupe, contact, continuity, persist", () => {
  let store: Store;
  let clock: ReturnType<typeof manualClock>;
  let persisted: { message: Message; isNew: boolean }[];
  let ingest: ReturnType<typeof createIngest>;

  beforeEach(() => {
    store = openSqliteStore({ path: ":memory:" });
    clock = manualClock(new Date("2026-11-24T09:00:00Z"));
    persisted = [];
    ingest = createIngest({
      store,
      clock,
      logger: silentLogger(),
      policy: { continuityWindowMs: 24 * HOUR, reopenWindowMs: 2 * HOUR },
      onPersisted: (message, isNew) => persisted.push({ message, isNew }),
    });
  });

  it("stores the message, its event, a contact and a conversation before resolving", async () => {
    const [out] = await ingest([webInbound("vis_a", "Hello")]);
    expect(out).toMatchObject({ duplicate: false, newConversation: true });
    const message = await store.getMessage(out!.messageId);
    expect(message).toMatchObject({ text: "Hello", direction: "inbound", authorKind: "customer", deliveryState: "received", decidedAt: null });
    const conversation = await store.getConversation(out!.conversationId);
    expect(conversation).toMatchObject({ status: "open", owner: "ai", lastChannel: "web", addresses: { web: { visitorId: "vis_a" } } });
    const types = (await store.listEvents({ conversationId: out!.conversationId })).map((e) => e.type);
    expect(types).toEqual(["conversation.opened", "message.received"]);
    expect(await store.listEvents({ type: "contact.created" })).toHaveLength(1);
    expect(persisted.map((p) => p.isNew)).toEqual([true]);
  });

  it("drops a platform retry by external id and does not decide it twice", async () => {
    const first = webInbound("vis_a", "Hello", "same-id");
    const [a] = await ingest([first]);
    const [b] = await ingest([{ ...first, text: "Hello (retried)" }]);
    expect(b).toMatchObject({ duplicate: true, messageId: a!.messageId });
    expect(await store.listMessages(a!.conversationId)).toHaveLength(1);
    expect(persisted).toHaveLength(1);
  });

  it("two simultaneous first messages of a new customer make one contact and one conversation", async () => {
    const outs = await Promise.all([ingest([webInbound("vis_new", "one")]), ingest([webInbound("vis_new", "two")])]);
    const conversations = new Set(outs.map(([o]) => o!.conversationId));
    expect(conversations.size).toBe(1);
    expect(await store.listEvents({ type: "contact.created" })).toHaveLength(1);
    expect(persisted.filter((p) => p.isNew)).toHaveLength(1);
  });

  it("a returning customer joins their open conversation within the window", async () => {
    const [a] = await ingest([webInbound("vis_a", "one")]);
    clock.advance(23 * HOUR);
    const [b] = await ingest([webInbound("vis_a", "two")]);
    expect(b).toMatchObject({ conversationId: a!.conversationId, newConversation: false });
  });

  it("after the window an idle AI-owned conversation is closed and a new one starts", async () => {
    const [a] = await ingest([webInbound("vis_a", "one")]);
    clock.advance(25 * HOUR);
    const [b] = await ingest([webInbound("vis_a", "two")]);
    expect(b!.conversationId).not.toBe(a!.conversationId);
    expect(b!.newConversation).toBe(true);
    expect((await store.getConversation(a!.conversationId))?.status).toBe("closed");
    const [closed] = await store.listEvents({ conversationId: a!.conversationId, type: "conversation.status_changed" });
    expect(closed?.data).toMatchObject({ to: "closed", reason: "continuity_window_elapsed" });
  });

  it("a human-owned conversation is joined whatever its age (an agent is on the case)", async () => {
    const [a] = await ingest([webInbound("vis_a", "one")]);
    const conv = (await store.getConversation(a!.conversationId))!;
    await store.updateConversation(conv.id, { owner: "ai" }, { owner: "human" }, []);
    clock.advance(30 * 24 * HOUR);
    const [b] = await ingest([webInbound("vis_a", "two")]);
    expect(b!.conversationId).toBe(a!.conversationId);
  });

  it("a message soon after resolution reopens the conversation; later it starts a new one", async () => {
    const [a] = await ingest([webInbound("vis_a", "one")]);
    const conv = (await store.getConversation(a!.conversationId))!;
    await store.updateConversation(conv.id, {}, { status: "resolved", updatedAt: clock.now() }, []);
    clock.advance(HOUR);
    const [b] = await ingest([webInbound("vis_a", "thanks, one more thing")]);
    expect(b!.conversationId).toBe(a!.conversationId);
    expect((await store.getConversation(a!.conversationId))?.status).toBe("open");
    await store.updateConversation(conv.id, {}, { status: "resolved", updatedAt: clock.now() }, []);
    clock.advance(3 * HOUR);
    const [c] = await ingest([webInbound("vis_a", "new topic")]);
    expect(c!.conversationId).not.toBe(a!.conversationId);
  });

  it("a snoozed conversation wakes up when the customer writes", async () => {
    const [a] = await ingest([webInbound("vis_a", "one")]);
    await store.updateConversation(a!.conversationId, {}, { status: "snoozed", snoozedUntil: new Date(clock.now().getTime() + 5 * HOUR) }, []);
    clock.advance(HOUR);
    const [b] = await ingest([webInbound("vis_a", "two")]);
    expect(b!.conversationId).toBe(a!.conversationId);
    expect(await store.getConversation(a!.conversationId)).toMatchObject({ status: "open", snoozedUntil: null });
  });

  it("normalises identities so the same e-mail in another case is the same contact", async () => {
    const mk = (value: string, id: string) => ({
      ...webInbound("x", "hi", id),
      channel: "email" as const,
      sender: { kind: "email" as const, value },
      address: { email: value },
    });
    const [a] = await ingest([mk("Ana@Example.COM ", "e1")]);
    const [b] = await ingest([mk("ana@example.com", "e2")]);
    expect(b!.contactId).toBe(a!.contactId);
  });
});
