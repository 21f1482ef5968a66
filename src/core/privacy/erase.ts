import { existsSync, rmSync } from "node:fs";
import type { Clock } from "../clock.js";
import { makeEvent, type DomainEvent, type Identity } from "../model/index.js";
import { CONTACT_ERASED, EraseConflictError, type EraseCounts, type Store } from "../store/port.js";
import { attachmentRefs } from "./redaction.js";

/**
 * Files under `hub.data_dir` that hold a person's data, as the channels that
 * write them know them (see src/adapters/stored-files.ts). Core code never
 * knows the layout; the composition root passes this in.
 */
export interface StoredFiles {
  /** Absolute paths of the files the hub keeps for an attachment reference (`Attachment.ref`); [] when the bytes stay on the platform. */
  pathsOf(ref: string): string[];
  /** Removes per-conversation records kept in files (the e-mail subject index) for these conversations. */
  forgetConversations(conversationIds: readonly string[]): void;
  /** Files older than `before` in the directories of stored originals, for retention's sweep (orphans included). */
  filesOlderThan?(before: Date): string[];
}

export const NO_STORED_FILES: StoredFiles = { pathsOf: () => [], forgetConversations: () => undefined };

export type EraseResult =
  | { status: "erased"; contactId: string; contactIds: string[]; counts: EraseCounts & { files: number }; event: DomainEvent }
  | { status: "already_erased"; contactId: string; event: DomainEvent }
  | { status: "not_found" }
  | { status: "merged"; contactId: string; mergedInto: string };

export interface EraseDeps {
  store: Store;
  clock: Clock;
  files: StoredFiles;
}

/**
 * Erases one person (GDPR art. 17): the contact found by id or identity and
 * every contact merged into it. Order, so a crash at any point is completed by
 * running it again:
 * 1. the files the hub stores for their attachments (e-mail originals) are
 *    deleted, read from the messages before anything is redacted (a missing
 *    file is fine);
 * 2. the store erases (see `PrivacyStore.eraseContact`) and writes one
 *    `contact.erased` audit event {by, at, counts} — counts only — plus a
 *    `conversation.status_changed` (→ closed, reason `contact_erased`) for
 *    each conversation that was still active;
 * 3. files named by attachments that arrived between 1 and 2 are deleted,
 *    and the e-mail subject index forgets the conversations.
 * A second erasure writes nothing and returns `already_erased` with the
 * first one's event.
 */
export async function eraseContact(deps: EraseDeps, who: { contactId: string } | { identity: Identity }, by: string): Promise<EraseResult> {
  const { store, clock, files } = deps;
  const contact = "contactId" in who ? await store.getContact(who.contactId) : await store.findContactByIdentity(who.identity);
  if (!contact) return { status: "not_found" };
  if (contact.mergedInto) return { status: "merged", contactId: contact.id, mergedInto: contact.mergedInto };
  const [previous] = await store.listEvents({ contactId: contact.id, type: CONTACT_ERASED, limit: 1 });
  if (previous) return { status: "already_erased", contactId: contact.id, event: previous };

  let deleted = 0;
  const deleteFiles = (refs: readonly string[]) => {
    for (const ref of refs) {
      for (const path of files.pathsOf(ref)) {
        if (!existsSync(path)) continue;
        rmSync(path, { force: true });
        deleted++;
      }
    }
  };
  const conversations = await store.listConversations({ contactId: contact.id, limit: Number.MAX_SAFE_INTEGER });
  for (const c of conversations) deleteFiles(attachmentRefs(await store.listMessages(c.id, { limit: Number.MAX_SAFE_INTEGER })));

  const at = clock.now();
  const actor = `admin:${by}`;
  const written: { audit?: DomainEvent } = {};
  let outcome;
  try {
    outcome = await store.eraseContact(
      contact.id,
      (o) => {
        const audit = makeEvent(
          CONTACT_ERASED,
          actor,
          at,
          { contactId: contact.id },
          {
            by,
            at: at.toISOString(),
            contactIds: o.contactIds,
            counts: { ...o.counts, files: deleted },
          },
        );
        written.audit = audit;
        return [
          ...o.closed.map((c) =>
            makeEvent(
              "conversation.status_changed",
              actor,
              at,
              { conversationId: c.conversationId, contactId: contact.id },
              {
                from: c.from,
                to: "closed",
                reason: "contact_erased",
              },
            ),
          ),
          audit,
        ];
      },
      at,
    );
  } catch (err) {
    if (err instanceof EraseConflictError) return { status: "merged", contactId: contact.id, mergedInto: String(err.details?.mergedInto ?? "") };
    throw err;
  }
  if (outcome.status === "already_erased") return { status: "already_erased", contactId: contact.id, event: outcome.event };
  deleteFiles(outcome.refs);
  files.forgetConversations(outcome.conversationIds);
  return { status: "erased", contactId: contact.id, contactIds: outcome.contactIds, counts: { ...outcome.counts, files: deleted }, event: written.audit! };
}
