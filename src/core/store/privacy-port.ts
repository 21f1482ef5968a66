import type { ConversationStatus, DomainEvent } from "../model/index.js";
import { ThreadlineError } from "../errors.js";

/** Type of the audit event an erasure writes; its presence for a contact is what makes a second erasure a no-op. */
export const CONTACT_ERASED = "contact.erased";

/** What one erasure changed (counts only: the audit event carries these, never the data). */
export interface EraseCounts {
  /** The contact and the contacts merged into it whose name, profile and merge record were cleared. */
  contacts: number;
  identities: number;
  conversations: number;
  messages: number;
  attachments: number;
  events: number;
  outbox: number;
  timers: number;
}

export type EraseOutcome =
  | {
      status: "erased";
      /** The contact and every contact merged into it (transitively). */
      contactIds: string[];
      conversationIds: string[];
      /** Conversations that were still active (open, pending, snoozed) and are now closed. */
      closed: Array<{ conversationId: string; from: ConversationStatus }>;
      counts: EraseCounts;
      /** References (`Attachment.ref`) of the attachments whose metadata was erased: the caller deletes the bytes the hub stores for them. */
      refs: string[];
    }
  /** Erased before: nothing was written. `event` is that erasure's audit event. */
  | { status: "already_erased"; event: DomainEvent };

/** What the caller writes with an erasure, given what it changed (the `contact.erased` audit event, status changes). */
export type EraseEvents = (outcome: Omit<Extract<EraseOutcome, { status: "erased" }>, "status">) => DomainEvent[];

/** What `redactConversation` redacts (retention). All given parts apply. */
export interface RedactionCut {
  /** Texts (and with them attachments, buttons, errors, external ids) of messages created before this, and `data` of the conversation's events before it. */
  textsBefore?: Date | null;
  /** Attachment metadata of messages created before this (texts stay). */
  attachmentsBefore?: Date | null;
  /** Everything: every message, the conversation's fields, addresses, tags and card, every event's data; its outbox entries and timers removed. */
  whole?: boolean;
}

export interface RedactionResult {
  messages: number;
  attachments: number;
  events: number;
  /** 1 when the conversation's own fields were reduced (`whole`), else 0. */
  conversations: number;
  outbox: number;
  timers: number;
  refs: string[];
}

/** Which conversations retention looks at; a page of the keyset walk over all conversations. */
export interface RetentionQuery {
  messagesBefore?: Date | null;
  attachmentsBefore?: Date | null;
  /** Resolved or closed conversations last updated before this. */
  resolvedBefore?: Date | null;
  /** The `next` of the previous page (opaque), or null for the first. */
  after?: string | null;
  /** How many conversations this page walks (not how many it returns). */
  limit: number;
}

export interface RetentionPage {
  /** Conversations of the walked page that still hold content the cut-offs cover. */
  candidates: Array<{ conversationId: string; whole: boolean }>;
  /** Cursor of the next page, or null when the walk is done. */
  next: string | null;
}

/**
 * The data-protection part of the Store port (issue 16): erasing a person
 * and redacting old content. Both engines implement it and pass the
 * "privacy" cases of tests/contract/store-contract.ts. The redaction rules
 * (marker, event-data allow-list, what of a card stays) live in
 * src/core/privacy/redaction.ts, shared by both engines.
 *
 * Invariants:
 * - After `eraseContact(id)` nothing the store holds links to the person
 *   except opaque ids: the contact and every contact merged into it have no
 *   name, profile or identities (so a later message from the same address
 *   starts a fresh contact); every message of their conversations (inbound,
 *   outbound and internal) has the marker text and reduced attachments; the
 *   conversations hold only non-personal data (queue, status, owner,
 *   priority, reduced card, dates); every event of those contacts and
 *   conversations keeps only allow-listed `data`; their outbox entries and
 *   timers are gone. Other contacts' rows are untouched.
 * - Redaction only ever reduces `data` of events (the one exception to
 *   "events are append-only"); types, actors, ids and times stay, so
 *   analytics still count the erased conversations.
 * - SQLite erases in one transaction. MongoDB (no transactions) runs an
 *   idempotent sequence whose last write is the audit event: a sequence cut
 *   short by a crash is completed by running the erasure again.
 */
export interface PrivacyStore {
  /**
   * Erases contact `contactId` and every contact merged into it (see the
   * invariants above), then writes `events(outcome)` in the same transaction
   * (SQLite) or as the last step (MongoDB). One of those events must be a
   * `contact.erased` event of this contact: it is what makes the erasure
   * idempotent — erasing again writes nothing and returns `already_erased`.
   * Throws NotFoundError for an unknown contact and EraseConflictError for a
   * contact merged into another (erase the live one).
   */
  eraseContact(contactId: string, events: EraseEvents, at: Date): Promise<EraseOutcome>;
  /**
   * Redacts what `cut` names in one conversation, the same way `eraseContact`
   * does (one transaction in SQLite; idempotent updates in MongoDB).
   * Already-redacted content is skipped, so a repeated call returns zero
   * counts. Dates (created, updated, last message) are not moved. Unknown
   * conversation: zero counts.
   */
  redactConversation(conversationId: string, cut: RedactionCut): Promise<RedactionResult>;
  /** One page of the walk over all conversations (stable order), with those that still hold content older than the cut-offs. */
  listRetentionCandidates(query: RetentionQuery): Promise<RetentionPage>;
}

/** An erasure that cannot run as asked (the contact is merged into another). */
export class EraseConflictError extends ThreadlineError {
  constructor(message: string, details?: Record<string, unknown>) {
    super("erase_conflict", message, details);
  }
}

export const emptyRedaction = (): RedactionResult => ({ messages: 0, attachments: 0, events: 0, conversations: 0, outbox: 0, timers: 0, refs: [] });
