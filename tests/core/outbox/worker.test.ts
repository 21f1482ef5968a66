import { beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import { makeContact, makeConversation, makeOutboundMessage, type Conversation } from "../../../src/core/model/index.js";
import { backoffDelay } from "../../../src/core/outbox/backoff.js";
import { createOutboxWorker, type OutboxWorker } from "../../../src/core/outbox/worker.js";
import { enqueueReply } from "../../../src/core/pipeline/replies.js";
import type { Store } from "../../../src/core/store/port.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { recordingAdapter, type RecordingAdapter } from "../../helpers/fakes.js";
import { SendError } from "../../../src/core/channel/adapter.js";

describe("backoff", () => {
  it("doubles per attempt with equal jitter and a ceiling", () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(30, 1000, 60_000, () => 0)).toBe(30_000);
  });
});

describe("outbox worker", () => {
  let store: Store;
  let clock: ReturnType<typeof manualClock>;
  let adapter: RecordingAdapter;
  let worker: OutboxWorker;
  let conversation: Conversation;

  beforeEach(async () => {
    store = openSqliteStore({ path: ":memory:" });
    clock = manualClock(new Date("2026-11-24T09:00:00Z"));
    adapter = recordingAdapter("web");
    worker = createOutboxWorker({
      store,
      clock,
      logger: silentLogger(),
      adapter: (id) => (id === "web" ? adapter : undefined),
      random: () => 1,
      settings: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000, leaseMs: 30_000, pollIntervalMs: 1000 },
    });
    const contact = await store.createContact(makeContact({ identities: [{ kind: "web", value: "vis_1" }], at: clock.now() }), []);
    const c = makeConversation({ contactId: contact.id, channel: "web", at: clock.now() });
    conversation = await store.createConversation({ ...c, addresses: { web: { visitorId: "vis_1" } } }, []);
  });

  const queue = (text = "hello") => enqueueReply(store, clock, conversation, { text, authorKind: "system", authorId: "system" });

  it("delivers a queued reply to the conversation's address and records sent", async () => {
    const msg = await queue();
    expect(await worker.flush()).toBe(1);
    expect(adapter.sent).toEqual([{ address: { visitorId: "vis_1" }, message: expect.objectContaining({ messageId: msg!.id, text: "hello" }) }]);
    expect(await store.getMessage(msg!.id)).toMatchObject({ deliveryState: "sent", externalId: "ext-1" });
    expect((await store.listEvents({ type: "message.sent" }))[0]?.data).toMatchObject({ messageId: msg!.id, attempt: 1 });
  });

  it("retries a transient failure after the backoff, not before", async () => {
    adapter.failNext.push({ kind: "transient" });
    const msg = await queue();
    await worker.flush();
    expect(adapter.sent).toHaveLength(0);
    expect((await store.getMessage(msg!.id))?.deliveryState).toBe("queued");
    clock.advance(999);
    await worker.flush();
    expect(adapter.sent).toHaveLength(0);
    clock.advance(1);
    await worker.flush();
    expect(adapter.sent).toHaveLength(1);
    expect((await store.getMessage(msg!.id))?.deliveryState).toBe("sent");
    expect((await store.listEvents({ type: "message.retry_scheduled" }))[0]?.data).toMatchObject({ error: "transient: simulated transient" });
  });

  it("honours a rate limit's retry-after when it is longer than the backoff", async () => {
    adapter.failNext.push({ kind: "rate_limited", retryAfterMs: 30_000 });
    await queue();
    await worker.flush();
    clock.advance(29_999);
    await worker.flush();
    expect(adapter.sent).toHaveLength(0);
    clock.advance(1);
    await worker.flush();
    expect(adapter.sent).toHaveLength(1);
  });

  it("never gives up on a channel that is down: keeps retrying past max attempts, tells agents once, delivers when it is back", async () => {
    const delayed: string[] = [];
    const w = createOutboxWorker({
      store,
      clock,
      logger: silentLogger(),
      adapter: (id) => (id === "web" ? adapter : undefined),
      random: () => 1,
      onDelayed: (e) => delayed.push(e.messageId),
      settings: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000, leaseMs: 30_000, pollIntervalMs: 1000 },
    });
    for (let i = 0; i < 6; i++) adapter.failNext.push({ kind: "transient" });
    const msg = await queue();
    for (let i = 0; i < 12; i++) {
      await w.flush();
      clock.advance(60_000);
    }
    expect(adapter.sent.map((s) => s.message.text)).toEqual(["hello"]);
    expect(await store.getMessage(msg!.id)).toMatchObject({ deliveryState: "sent" });
    expect(await store.countOutbox("dead")).toBe(0);
    expect(delayed).toEqual([msg!.id]);
  });

  it("a 5-minute outage loses nothing; afterwards every conversation's replies arrive in order, without hammering the channel meanwhile", async () => {
    const down = { until: clock.now().getTime() + 5 * 60_000, calls: 0 };
    const flaky = recordingAdapter("web");
    const send = flaky.send.bind(flaky);
    flaky.send = async (address, message) => {
      if (clock.now().getTime() < down.until) {
        down.calls++;
        throw new SendError("transient", "503 from the channel");
      }
      return send(address, message);
    };
    const w = createOutboxWorker({
      store,
      clock,
      logger: silentLogger(),
      adapter: () => flaky,
      random: () => 1,
      settings: { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 300_000, leaseMs: 30_000, pollIntervalMs: 1000 },
    });
    const conversations: Conversation[] = [];
    for (let c = 0; c < 8; c++) {
      const contact = await store.createContact(makeContact({ identities: [{ kind: "web", value: `out_${c}` }], at: clock.now() }), []);
      const conv = makeConversation({ contactId: contact.id, channel: "web", at: clock.now() });
      conversations.push(await store.createConversation({ ...conv, addresses: { web: { visitorId: `out_${c}` } } }, []));
    }
    for (let i = 0; i < 5; i++) {
      for (const conv of conversations) await enqueueReply(store, clock, conv, { text: `reply ${i}`, authorKind: "ai", authorId: null });
      await w.flush();
      clock.advance(20_000);
    }
    for (let t = 0; t < 60; t++) {
      await w.flush();
      clock.advance(5_000);
    }
    expect((await store.countOutbox("pending")) + (await store.countOutbox("sending")) + (await store.countOutbox("dead"))).toBe(0);
    for (const conv of conversations) {
      const visitor = (conv.addresses.web as { visitorId: string }).visitorId;
      expect(flaky.sent.filter((s) => (s.address as { visitorId: string }).visitorId === visitor).map((s) => s.message.text)).toEqual([
        "reply 0",
        "reply 1",
        "reply 2",
        "reply 3",
        "reply 4",
      ]);
    }
    // The breaker paused the channel: far fewer calls than one per entry per retry (5 min / 15 s probes ≈ 20, plus the first failures).
    expect(down.calls).toBeLessThan(40);
  });

  it("does not retry errors repetition cannot fix", async () => {
    for (const kind of ["auth", "invalid_recipient", "unsupported"] as const) {
      adapter.failNext.push({ kind });
      const msg = await queue(kind);
      await worker.flush();
      expect((await store.getMessage(msg!.id))?.deliveryState).toBe("failed");
    }
    expect(await store.countOutbox("pending")).toBe(0);
  });

  it("records delivered when the channel confirms delivery", async () => {
    const confirming = recordingAdapter("web", { delivered: true });
    const w = createOutboxWorker({
      store,
      clock,
      logger: silentLogger(),
      adapter: () => confirming,
      settings: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000, leaseMs: 30_000, pollIntervalMs: 1000 },
    });
    const msg = await queue();
    await w.flush();
    expect((await store.getMessage(msg!.id))?.deliveryState).toBe("delivered");
  });

  it("keeps a message for a channel that is not running and retries it", async () => {
    const contact = await store.createContact(makeContact({ identities: [{ kind: "telegram", value: "42" }], at: clock.now() }), []);
    const c = makeConversation({ contactId: contact.id, channel: "telegram", at: clock.now() });
    const tg = await store.createConversation({ ...c, addresses: { telegram: { chatId: "42" } } }, []);
    const msg = await enqueueReply(store, clock, tg, { text: "x", authorKind: "system", authorId: "system" });
    await worker.flush();
    expect(await store.getMessage(msg!.id)).toMatchObject({ deliveryState: "queued" });
    expect(await store.countOutbox("pending")).toBe(1);
  });

  it("records a reply that has no address on the chosen channel instead of queueing it", async () => {
    const msg = await enqueueReply(store, clock, conversation, { text: "x", authorKind: "agent", authorId: "u1", channel: "email" });
    expect(msg).toBeNull();
    expect(await store.listEvents({ type: "reply.unaddressable" })).toHaveLength(1);
  });

  it("runs on its own timer once started and stops cleanly", async () => {
    const real = createOutboxWorker({
      store,
      clock: { now: () => new Date() },
      logger: silentLogger(),
      adapter: () => adapter,
      settings: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, leaseMs: 30_000, pollIntervalMs: 20 },
    });
    real.start();
    await enqueueReply(store, { now: () => new Date() }, conversation, { text: "timer", authorKind: "system", authorId: "system" });
    real.nudge();
    for (let i = 0; i < 50 && adapter.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await real.stop(1000);
    expect(adapter.sent.map((s) => s.message.text)).toEqual(["timer"]);
  });
});

describe("outbox reply safety", () => {
  it("never hands an internal message to a channel, whatever queued it", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const clock = manualClock(new Date("2026-11-24T09:00:00Z"));
    const adapter = recordingAdapter("web");
    const contact = await store.createContact(makeContact({ identities: [], at: clock.now() }), []);
    const c = makeConversation({ contactId: contact.id, channel: "web", at: clock.now() });
    const conversation = await store.createConversation({ ...c, addresses: { web: { visitorId: "v" } } }, []);
    const note = makeOutboundMessage({
      conversationId: conversation.id,
      contactId: contact.id,
      channel: "web",
      text: "internal: customer is difficult",
      authorKind: "agent",
      authorId: "u1",
      at: clock.now(),
      direction: "internal",
    });
    await store.enqueueOutbound(
      note,
      {
        id: "ob_x",
        messageId: note.id,
        conversationId: conversation.id,
        channel: "web",
        address: { visitorId: "v" },
        attempts: 0,
        status: "pending",
        nextAttemptAt: clock.now(),
        leaseUntil: null,
        lastError: null,
        createdAt: clock.now(),
      },
      [],
    );
    const worker = createOutboxWorker({
      store,
      clock,
      logger: silentLogger(),
      adapter: () => adapter,
      settings: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, leaseMs: 1000, pollIntervalMs: 1000 },
    });
    await worker.flush();
    expect(adapter.sent).toEqual([]);
    expect(await store.countOutbox("dead")).toBe(1);
  });
});
