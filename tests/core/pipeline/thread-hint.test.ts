import { beforeEach, describe, expect, it } from "vitest";
import type { InboundMessage } from "../../../src/core/channel/adapter.js";
import { manualClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import { createExternalReplyRecorder, createIngest } from "../../../src/core/pipeline/ingest.js";
import { makeOutboundMessage } from "../../../src/core/model/index.js";
import type { Store } from "../../../src/core/store/port.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";

const HOUR = 3_600_000;
let n = 0;

function mail(from: string, text: string, thread?: InboundMessage["thread"]): InboundMessage {
  const id = `<m${++n}@customer.example>`;
  return {
    channel: "email",
    externalId: id,
    sender: { kind: "email", value: from },
    address: { email: from, messageId: id },
    text,
    attachments: [],
    receivedAt: new Date(),
    ...(thread ? { thread } : {}),
  };
}

describe("ingest: thread hints (e-mail threading)", () => {
  let store: Store;
  let clock: ReturnType<typeof manualClock>;
  let ingest: ReturnType<typeof createIngest>;

  beforeEach(() => {
    store = openSqliteStore({ path: ":memory:" });
    clock = manualClock(new Date("2026-11-24T09:00:00Z"));
    ingest = createIngest({
      store,
      clock,
      logger: silentLogger(),
      policy: { continuityWindowMs: 24 * HOUR, reopenWindowMs: 2 * HOUR },
      onPersisted: () => {},
    });
  });

  async function resolve(conversationId: string) {
    const c = (await store.getConversation(conversationId))!;
    await store.updateConversation(c.id, { version: c.version }, { status: "resolved", updatedAt: clock.now() }, []);
  }

  it("a reply whose References name our outbound message joins that conversation and reopens it long after it was resolved", async () => {
    const [first] = await ingest([mail("ann@customer.example", "My order is late")]);
    const ours = makeOutboundMessage({
      conversationId: first!.conversationId,
      contactId: first!.contactId,
      channel: "email",
      text: "We are on it",
      authorKind: "agent",
      authorId: "a1",
      at: clock.now(),
    });
    await store.appendMessage({ ...ours, externalId: "<msg_ours@shop.example>", deliveryState: "sent" }, []);
    await resolve(first!.conversationId);
    clock.advance(20 * 24 * HOUR); // beyond both the reopen and the continuity window
    const [reply] = await ingest([mail("ann@customer.example", "Still nothing", { references: ["<unknown@elsewhere>", "<msg_ours@shop.example>"] })]);
    expect(reply).toMatchObject({ conversationId: first!.conversationId, newConversation: false });
    expect(await store.getConversation(first!.conversationId)).toMatchObject({ status: "open" });
    const reopened = await store.listEvents({ conversationId: first!.conversationId, type: "conversation.status_changed" });
    expect(reopened.at(-1)?.data).toMatchObject({ from: "resolved", to: "open", reason: "reply_in_thread", via: "references" });
  });

  it("without the hint the same late reply starts a new conversation (the hint is what makes the difference)", async () => {
    const [first] = await ingest([mail("ann@customer.example", "My order is late")]);
    await resolve(first!.conversationId);
    clock.advance(20 * 24 * HOUR);
    const [later] = await ingest([mail("ann@customer.example", "Still nothing")]);
    expect(later).toMatchObject({ newConversation: true });
    expect(later!.conversationId).not.toBe(first!.conversationId);
  });

  it("honours a token naming a closed conversation of the same contact, and falls back to the subject match last", async () => {
    const [a] = await ingest([mail("ann@customer.example", "First case")]);
    await resolve(a!.conversationId);
    clock.advance(30 * 24 * HOUR);
    const [b] = await ingest([mail("ann@customer.example", "A new case")]);
    expect(b!.conversationId).not.toBe(a!.conversationId);
    const [viaToken] = await ingest([
      mail("ann@customer.example", "About the first case", { conversationId: a!.conversationId, fallbackConversationId: b!.conversationId }),
    ]);
    expect(viaToken!.conversationId).toBe(a!.conversationId);
    const [viaSubject] = await ingest([
      mail("ann@customer.example", "About the second", { references: ["<nothing@x>"], fallbackConversationId: b!.conversationId }),
    ]);
    expect(viaSubject!.conversationId).toBe(b!.conversationId);
  });

  it("never moves a message into another contact's conversation, whatever the hint says", async () => {
    const [ann] = await ingest([mail("ann@customer.example", "Ann's case")]);
    const [bob] = await ingest([
      mail("bob@other.example", "Forwarded Ann's mail to me", { conversationId: ann!.conversationId, references: [`<m${n - 0}@customer.example>`] }),
    ]);
    expect(bob!.conversationId).not.toBe(ann!.conversationId);
    expect(bob).toMatchObject({ newConversation: true });
  });

  it("ignores a token naming a conversation that does not exist", async () => {
    const [out] = await ingest([mail("ann@customer.example", "Hello", { conversationId: "cv_doesnotexist" })]);
    expect(out).toMatchObject({ newConversation: true });
  });
});

describe("recordExternalReply (an agent answered from their own mail client)", () => {
  let store: Store;
  let clock: ReturnType<typeof manualClock>;
  let ingest: ReturnType<typeof createIngest>;
  let record: ReturnType<typeof createExternalReplyRecorder>;

  beforeEach(() => {
    store = openSqliteStore({ path: ":memory:" });
    clock = manualClock(new Date("2026-11-24T09:00:00Z"));
    ingest = createIngest({ store, clock, logger: silentLogger(), policy: { continuityWindowMs: 24 * HOUR, reopenWindowMs: 2 * HOUR }, onPersisted: () => {} });
    record = createExternalReplyRecorder({ store, clock, logger: silentLogger() });
  });

  const reply = (extra: Partial<Parameters<typeof record>[0]> = {}): Parameters<typeof record>[0] => ({
    channel: "email",
    externalId: "<outlook-1@shop.example>",
    recipient: { kind: "email", value: "Ann@Customer.example" },
    author: "jonas@shop.example",
    text: "Hi Ann, I refunded it.",
    attachments: [],
    sentAt: clock.now(),
    ...extra,
  });

  it("records it as a sent agent message in the thread the headers name, once, without opening a conversation", async () => {
    const [first] = await ingest([mail("ann@customer.example", "Refund please")]);
    const conversationsBefore = await store.listConversations({});
    const out = await record(reply({ thread: { references: [first ? (await store.getMessage(first.messageId))!.externalId! : ""] } }));
    expect(out).toMatchObject({ conversationId: first!.conversationId, duplicate: false });
    const stored = await store.getMessage(out!.messageId);
    expect(stored).toMatchObject({
      direction: "outbound",
      authorKind: "agent",
      authorId: "jonas@shop.example",
      deliveryState: "sent",
      externalId: "<outlook-1@shop.example>",
    });
    expect((await store.listEvents({ type: "message.sent_externally" }))[0]).toMatchObject({ actor: "agent:jonas@shop.example" });
    expect(await record(reply())).toMatchObject({ messageId: out!.messageId, duplicate: true });
    expect(await store.listConversations({})).toHaveLength(conversationsBefore.length);
    expect(await store.countOutbox("pending")).toBe(0);
  });

  it("falls back to the recipient's active conversation, and records nothing for an unknown recipient or one without a conversation", async () => {
    const [first] = await ingest([mail("ann@customer.example", "Refund please")]);
    expect(await record(reply())).toMatchObject({ conversationId: first!.conversationId });
    expect(await record(reply({ externalId: "<2@x>", recipient: { kind: "email", value: "stranger@nowhere.example" } }))).toBeNull();
    const c = (await store.getConversation(first!.conversationId))!;
    await store.updateConversation(c.id, { version: c.version }, { status: "closed", updatedAt: clock.now() }, []);
    expect(await record(reply({ externalId: "<3@x>" }))).toBeNull();
    expect(await store.listConversations({})).toHaveLength(1);
  });
});
