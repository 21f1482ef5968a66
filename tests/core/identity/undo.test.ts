import { describe, expect, it } from "vitest";
import { linkOnMatch, undoMerge } from "../../../src/core/identity/index.js";
import { NotFoundError } from "../../../src/core/errors.js";
import { MergeAlreadyUndoneError } from "../../../src/core/store/port.js";
import { email, setup, telegram } from "./helpers.js";

describe("undoMerge", () => {
  it("separates the contacts again from the merge event, records who undid it, and refuses a second undo", async () => {
    const { store, clock, write } = setup();
    const a = await write(email("ana@example.com", "first"));
    clock.advance(60_000);
    const b = await write(telegram("1001", "second"));
    await store.updateContactProfile(b.contactId, { order_id: "A-1" }, []);
    const linked = await linkOnMatch(
      { store, clock },
      { contactId: b.contactId, identity: { kind: "email", value: "ana@example.com" }, evidence: "channel", conversationId: b.conversationId },
    );
    if (linked.status !== "merged") throw new Error(linked.status);
    expect((await store.getContact(a.contactId))?.profile).toEqual({ order_id: "A-1" });

    clock.advance(60_000);
    const undone = await undoMerge(store, linked.mergeEventIds[0]!, "agent:u7", { clock });
    expect(undone.record.sourceId).toBe(b.contactId);
    const [event] = await store.listEvents({ type: "contact.unmerged" });
    expect(event).toMatchObject({
      id: undone.eventId,
      actor: "agent:u7",
      contactId: a.contactId,
      conversationId: b.conversationId,
      at: clock.now(),
      data: { mergeId: undone.record.id, mergeEventId: linked.mergeEventIds[0], sourceId: b.contactId, targetId: a.contactId, reason: "identity_match" },
    });
    expect((await store.getContact(b.contactId))?.mergedInto).toBeNull();
    expect((await store.getContact(a.contactId))?.profile).toEqual({});
    expect((await store.getConversation(b.conversationId))?.contactId).toBe(b.contactId);
    // Telegram messages find their own contact again.
    const next = await write(telegram("1001", "third"));
    expect(next).toMatchObject({ contactId: b.contactId, conversationId: b.conversationId });

    await expect(undoMerge(store, linked.mergeEventIds[0]!, "agent:u7", { clock })).rejects.toBeInstanceOf(MergeAlreadyUndoneError);
    expect(await store.listEvents({ type: "contact.unmerged" })).toHaveLength(1);
    await expect(undoMerge(store, undone.eventId, "agent:u7")).rejects.toBeInstanceOf(NotFoundError);
    await expect(undoMerge(store, "ev_unknown", "agent:u7")).rejects.toBeInstanceOf(NotFoundError);
  });
});
