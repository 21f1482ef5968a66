import { systemClock, type Clock } from "../clock.js";
import { NotFoundError } from "../errors.js";
import { makeEvent, type MergeRecord } from "../model/index.js";
import type { Store } from "../store/port.js";
import { parseMergeRecord } from "./record.js";

export interface UndoResult {
  record: MergeRecord;
  /** Id of the `contact.unmerged` event. */
  eventId: string;
}

/**
 * Undoes the merge recorded by the `contact.merged` event `eventId`: exactly
 * what that merge moved goes back (see `Store.unmergeContacts`) and a
 * `contact.unmerged` event (actor `actor`, e.g. `agent:u1`) is written with
 * it. Throws NotFoundError when the event is not a merge event,
 * `MergeAlreadyUndoneError` when it was undone before, and
 * `MergeConflictError` when the merged contact was merged again since (undo
 * the later merge first).
 */
export async function undoMerge(store: Store, eventId: string, actor: string, options: { clock?: Clock } = {}): Promise<UndoResult> {
  const event = await store.getEvent(eventId);
  if (!event || event.type !== "contact.merged") throw new NotFoundError("merge event", eventId);
  const record = parseMergeRecord(event.data.record, eventId);
  const now = (options.clock ?? systemClock).now();
  const undo = makeEvent(
    "contact.unmerged",
    actor,
    now,
    { contactId: record.targetId, conversationId: event.conversationId },
    {
      mergeId: record.id,
      mergeEventId: eventId,
      sourceId: record.sourceId,
      targetId: record.targetId,
      reason: typeof event.data.reason === "string" ? event.data.reason : null,
    },
  );
  await store.unmergeContacts(record, [undo], now);
  return { record, eventId: undo.id };
}
