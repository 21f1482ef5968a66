import { NotFoundError } from "../errors.js";
import { makeEvent, type Contact, type MergeRecord } from "../model/index.js";
import type { Store } from "../store/port.js";

/** Why two contacts were merged; recorded as `data.reason` of the `contact.merged` event. */
export type MergeReason = "identity_match" | "verified_code" | "agent";

/** How far `resolveLiveContact` follows `mergedInto` before giving up (merges into merged contacts are refused, so chains stay short). */
const MAX_HOPS = 16;

/**
 * The live contact behind an id: the contact itself, or the one it was merged
 * into (following `mergedInto`). Use it wherever an id may be stale — held
 * in a conversation object read before a merge, an old event, a link.
 * Throws NotFoundError for an unknown id.
 */
export async function resolveLiveContact(store: Store, id: string): Promise<Contact> {
  let contact = await store.getContact(id);
  for (let hop = 0; contact?.mergedInto && hop < MAX_HOPS; hop++) contact = await store.getContact(contact.mergedInto);
  if (!contact) throw new NotFoundError("contact", id);
  return contact;
}

export interface MergeResult {
  record: MergeRecord;
  /** The contact that now holds both (the older of the two). */
  contactId: string;
  /** Id of the `contact.merged` event (the handle `undoMerge` takes); null when this merge had already happened. */
  mergeEventId: string | null;
}

/**
 * Merges two live contacts the way every automatic merge does: the newer
 * contact is merged into the older one (the older one is what agents and
 * history already know; the newer is typically the one-message contact the
 * customer just created on another channel), writing one `contact.merged`
 * event whose `data.record` is the MergeRecord `undoMerge` reverses.
 */
export async function mergeContactsInto(
  store: Store,
  input: {
    a: Contact;
    b: Contact;
    actor: string;
    reason: MergeReason;
    at: Date;
    conversationId?: string | null;
    data?: Record<string, unknown>;
  },
): Promise<MergeResult> {
  const [target, source] = olderFirst(input.a, input.b);
  let mergeEventId: string | null = null;
  const { record, created } = await store.mergeContacts(
    source.id,
    target.id,
    (record) => {
      const event = makeEvent(
        "contact.merged",
        input.actor,
        input.at,
        { contactId: target.id, conversationId: input.conversationId ?? null },
        {
          ...input.data,
          reason: input.reason,
          sourceId: source.id,
          targetId: target.id,
          record: { ...record },
        },
      );
      mergeEventId = event.id;
      return [event];
    },
    input.at,
  );
  return { record, contactId: target.id, mergeEventId: created ? mergeEventId : null };
}

/** [older, newer] by creation time; ties keep the order given. */
function olderFirst(a: Contact, b: Contact): [Contact, Contact] {
  return b.createdAt.getTime() < a.createdAt.getTime() ? [b, a] : [a, b];
}
