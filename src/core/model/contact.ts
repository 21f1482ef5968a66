import type { Identity } from "./channel.js";

/** A customer, known by one or more channel identities. */
export interface Contact {
  id: string;
  name: string | null;
  identities: Identity[];
  /** Free-form profile fields (e.g. order ids the customer gave before); never secrets. */
  profile: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Set when this contact was merged into another (see `Store.mergeContacts`):
   * the id of the contact that now holds its identities, conversations and
   * messages. A merged contact is kept (never deleted) so an id held in an old
   * event, a log line or a link still resolves; follow `mergedInto` to the
   * live contact. Null (or absent, for objects built before merges existed)
   * for a live contact.
   */
  mergedInto?: string | null;
}

/**
 * What one merge of contact `sourceId` into `targetId` moved, so that exactly
 * that can be moved back (`Store.unmergeContacts`). Stored by the caller in
 * the `contact.merged` event's data (`data.record`) and by the store on the
 * merged contact. JSON-safe on purpose (dates as ISO strings): it travels
 * through event data, which both engines store as JSON.
 *
 * Profile values are not copied here: the source's own profile is left as it
 * was by a merge, so the values can always be read from the source contact,
 * and the audit log does not collect a second copy of customer data.
 */
export interface MergeRecord {
  /** Unique per merge (`mg_…`); an undo names the merge by it. */
  id: string;
  sourceId: string;
  targetId: string;
  /** ISO time of the merge. */
  at: string;
  /** The identities that moved from source to target. */
  identities: Identity[];
  /** The source's conversations that now belong to target (their messages moved with them). */
  conversationIds: string[];
  /** How many messages changed contact (all messages of `conversationIds`). */
  messageCount: number;
  /** Profile keys the target did not have and took from the source. */
  profileKeysAdded: string[];
  /** Profile keys both had with different values: the target's value was kept. */
  profileConflicts: string[];
  /** True when the target had no name and took the source's. */
  nameAdopted: boolean;
}
