import { describe, expect, it } from "vitest";
import { editStep } from "../../../src/app/edits.js";
import type { ThreadRecord } from "../../../src/core/escalation/threads.js";
import { makeEvent, makeInboundMessage, type DomainEvent, type Message, type Timer } from "../../../src/core/model/index.js";
import { redactEventData } from "../../../src/core/privacy/redaction.js";
import { editedLine, editMirrorKey, mirrorKey, THREAD_MIRROR, threadMirrorHandler } from "../../../src/core/scheduler/thread-mirror.js";

const at = new Date("2026-12-03T10:00:00Z");
const THREAD: ThreadRecord = { platform: "slack", target: "C0SUPPORT", threadId: "1700.01", conversationId: "cv_1", targetName: "support", kind: "main" };

/** The handler with hand-written store and relay parts: what it read, what it posted. */
function setup(message: Message, events: DomainEvent[]) {
  const posted: Message[] = [];
  const handler = threadMirrorHandler({
    store: {
      getTimer: async () => null,
      getMessage: async (id) => (id === message.id ? message : null),
      getEvent: async (id) => events.find((e) => e.id === id) ?? null,
    },
    relay: () => ({ mainThreads: async () => [THREAD], mirrorInto: async (_thread, m) => void posted.push(m) }),
  });
  const timer = (data: Record<string, unknown>): Timer => ({
    id: "tm_1",
    key: "k",
    kind: THREAD_MIRROR,
    conversationId: "cv_1",
    dueAt: at,
    attempts: 0,
    token: null,
    leaseUntil: null,
    createdAt: at,
    data: { messageId: message.id, platform: THREAD.platform, threadId: THREAD.threadId, previous: null, ...data },
  });
  return { posted, handler, timer };
}

describe("thread mirror of a customer's edit", () => {
  const message = makeInboundMessage({ conversationId: "cv_1", contactId: "ct_1", channel: "telegram", externalId: "9:1", text: "Tracking 00340434", at });
  const edited = makeEvent(
    "message.edited",
    "customer",
    at,
    { conversationId: "cv_1" },
    { messageId: message.id, previousText: "Tracking 00340433", text: "Tracking 00340434" },
  );

  it("posts 'edited: old → new' from the event, as the customer's message; without an edit the message itself", async () => {
    const { posted, handler, timer } = setup(message, [edited]);
    await handler(timer({ editEventId: edited.id }));
    await handler(timer({}));
    expect(posted.map((m) => [m.id, m.authorKind, m.direction, m.text])).toEqual([
      [message.id, "customer", "inbound", "edited: Tracking 00340433 → Tracking 00340434"],
      [message.id, "customer", "inbound", "Tracking 00340434"],
    ]);
  });

  it("says (erased) for texts erasure removed from the event, and posts nothing for an event that is gone", async () => {
    const redacted = { ...edited, data: redactEventData(edited.data) };
    const { posted, handler, timer } = setup(message, [redacted]);
    await handler(timer({ editEventId: redacted.id }));
    await handler(timer({ editEventId: "ev_missing" }));
    expect(posted.map((m) => m.text)).toEqual(["edited: (erased) → (erased)"]);
  });

  it("keys each edit's post apart from the message's own post and from other edits", () => {
    expect(new Set([mirrorKey("slack", "t", "msg_1"), editMirrorKey("slack", "t", "msg_1", "ev_1"), editMirrorKey("slack", "t", "msg_1", "ev_2")]).size).toBe(
      3,
    );
    expect(editedLine("", "photo of the box")).toBe("edited: (no text) → photo of the box");
  });

  it("quotes both texts on the card's step, each on one line and cut at 200 characters", () => {
    expect(editStep("Order\n1234", "Order 1235")).toBe("Customer edited a message: “Order 1234” → “Order 1235”");
    const long = editStep("x".repeat(300), "y");
    expect(long).toContain(`“${"x".repeat(199)}…”`);
  });
});
