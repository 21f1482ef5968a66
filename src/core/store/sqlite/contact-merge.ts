import type Database from "better-sqlite3";
import { NotFoundError } from "../../errors.js";
import { newMergeId, planProfileMerge, planProfileUnmerge } from "../../identity/merge-plan.js";
import type { DomainEvent, Identity, MergeRecord } from "../../model/index.js";
import { MergeAlreadyUndoneError, MergeConflictError, type MergeOutcome } from "../port.js";
import type { ContactRow } from "./rows.js";

/**
 * Contact merges in SQLite (columns `merged_into`, `merge_record` of
 * `contacts`, migration 4). Each merge and each undo is one IMMEDIATE
 * transaction (a savepoint inside a group commit): identities, conversations,
 * messages, the target's profile, the source's mark and the events are
 * written together or not at all, and two processes cannot interleave.
 *
 * The source row stores the MergeRecord while the merge is in effect: it is
 * what makes a repeated merge idempotent and what an undo reverses (a record
 * whose id is not the stored one was undone already).
 */
export interface SqliteContactMerges {
  merge(sourceId: string, targetId: string, events: (record: MergeRecord) => DomainEvent[], at: Date): MergeOutcome;
  unmerge(record: MergeRecord, events: DomainEvent[], at: Date): MergeRecord;
}

export function createSqliteContactMerges(db: Database.Database, writeEvents: (events: DomainEvent[]) => void): SqliteContactMerges {
  const q = {
    contact: db.prepare<[string], ContactRow>("SELECT * FROM contacts WHERE id = ?"),
    identitiesOf: db.prepare<[string], Identity>("SELECT kind, value FROM identities WHERE contact_id = ? ORDER BY rowid"),
    conversationsOf: db.prepare<[string], { id: string }>("SELECT id FROM conversations WHERE contact_id = ? ORDER BY rowid"),
    moveIdentity: db.prepare<[string, string, string, string]>("UPDATE identities SET contact_id = ? WHERE kind = ? AND value = ? AND contact_id = ?"),
    moveConversation: db.prepare<[string, string, string]>("UPDATE conversations SET contact_id = ? WHERE id = ? AND contact_id = ?"),
    moveMessages: db.prepare<[string, string]>("UPDATE messages SET contact_id = ? WHERE conversation_id = ?"),
    setProfile: db.prepare<[string, string | null, number, string]>("UPDATE contacts SET profile = ?, name = ?, updated_at = ? WHERE id = ?"),
    setMerged: db.prepare<[string | null, string | null, number, string]>("UPDATE contacts SET merged_into = ?, merge_record = ?, updated_at = ? WHERE id = ?"),
  };

  const mustGet = (id: string): ContactRow => {
    const row = q.contact.get(id);
    if (!row) throw new NotFoundError("contact", id);
    return row;
  };

  const merge = db.transaction((sourceId: string, targetId: string, events: (record: MergeRecord) => DomainEvent[], at: Date): MergeOutcome => {
    if (sourceId === targetId) throw new MergeConflictError(`cannot merge contact ${sourceId} into itself`, { sourceId });
    const source = mustGet(sourceId);
    const target = mustGet(targetId);
    if (source.merged_into !== null) {
      if (source.merged_into === targetId && source.merge_record !== null) {
        return { record: JSON.parse(source.merge_record) as MergeRecord, created: false };
      }
      throw new MergeConflictError(`contact ${sourceId} is already merged into ${source.merged_into}`, { sourceId, mergedInto: source.merged_into });
    }
    if (target.merged_into !== null) {
      throw new MergeConflictError(`contact ${targetId} is merged into ${target.merged_into}; merge into the live contact`, {
        targetId,
        mergedInto: target.merged_into,
      });
    }
    const identities = q.identitiesOf.all(sourceId);
    for (const i of identities) q.moveIdentity.run(targetId, i.kind, i.value, sourceId);
    const conversationIds = q.conversationsOf.all(sourceId).map((r) => r.id);
    let messageCount = 0;
    for (const id of conversationIds) {
      q.moveConversation.run(targetId, id, sourceId);
      messageCount += q.moveMessages.run(targetId, id).changes;
    }
    const targetProfile = JSON.parse(target.profile) as Record<string, string>;
    const plan = planProfileMerge(
      { profile: JSON.parse(source.profile) as Record<string, string>, name: source.name },
      { profile: targetProfile, name: target.name },
    );
    q.setProfile.run(JSON.stringify({ ...targetProfile, ...plan.added }), plan.adoptName ?? target.name, at.getTime(), targetId);
    const record: MergeRecord = {
      id: newMergeId(at.getTime()),
      sourceId,
      targetId,
      at: at.toISOString(),
      identities,
      conversationIds,
      messageCount,
      profileKeysAdded: Object.keys(plan.added).sort(),
      profileConflicts: plan.conflicts,
      nameAdopted: plan.adoptName !== null,
    };
    q.setMerged.run(targetId, JSON.stringify(record), at.getTime(), sourceId);
    writeEvents(events(record));
    return { record, created: true };
  });

  const unmerge = db.transaction((given: MergeRecord, events: DomainEvent[], at: Date): MergeRecord => {
    const source = mustGet(given.sourceId);
    const stored = source.merge_record === null ? null : (JSON.parse(source.merge_record) as MergeRecord);
    if (!stored || stored.id !== given.id) throw new MergeAlreadyUndoneError(given.id);
    const target = mustGet(stored.targetId);
    if (target.merged_into !== null) {
      throw new MergeConflictError(`contact ${target.id} was merged into ${target.merged_into} after merge ${stored.id}; undo that merge first`, {
        targetId: target.id,
        mergedInto: target.merged_into,
      });
    }
    for (const i of stored.identities) q.moveIdentity.run(source.id, i.kind, i.value, target.id);
    for (const id of stored.conversationIds) {
      if (q.moveConversation.run(source.id, id, target.id).changes > 0) q.moveMessages.run(source.id, id);
    }
    const sourceProfile = JSON.parse(source.profile) as Record<string, string>;
    const { profile } = planProfileUnmerge(
      { profile: sourceProfile },
      { profile: JSON.parse(target.profile) as Record<string, string> },
      stored.profileKeysAdded,
    );
    const name = stored.nameAdopted && target.name === source.name ? null : target.name;
    q.setProfile.run(JSON.stringify(profile), name, at.getTime(), target.id);
    q.setMerged.run(null, null, at.getTime(), source.id);
    writeEvents(events);
    return stored;
  });

  return {
    merge: (sourceId, targetId, events, at) => merge.immediate(sourceId, targetId, events, at),
    unmerge: (record, events, at) => unmerge.immediate(record, events, at),
  };
}
