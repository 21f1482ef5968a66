import type { Conversation, ConversationStatus, Owner } from "../model/index.js";

/**
 * A one-time sign-in link for the console (`threadline agents invite ID`).
 * Only the SHA-256 of the token is stored; the token itself is printed once.
 */
export interface ConsoleInvite {
  tokenHash: string;
  agentId: string;
  createdAt: Date;
  expiresAt: Date;
}

/** A signed-in console session. Only the SHA-256 of the cookie value is stored. */
export interface ConsoleSession {
  idHash: string;
  agentId: string;
  /** Sent back by the console on every state-changing request (X-CSRF-Token). */
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * Which conversations an inbox view shows. All given conditions hold.
 * `order: "waiting"` is longest wait first (the hand-off time, oldest first);
 * `order: "recent"` is latest activity first. `after` is the `next` cursor of
 * the previous page (opaque; only valid with the same query).
 */
export interface InboxQuery {
  statuses: readonly ConversationStatus[];
  owner?: Owner;
  /** An agent id: assigned to them; null: unassigned. */
  assignee?: string | null;
  /** Only these queues. */
  queues?: readonly string[];
  order: "waiting" | "recent";
  after?: string | null;
  limit: number;
}

export interface InboxPage {
  conversations: Conversation[];
  /** Cursor of the next page, or null on the last one. */
  next: string | null;
}

/**
 * The console's part of the Store port: agents' credentials, invites and
 * sessions, and the inbox query. Both engines implement it and pass
 * tests/contract/console-contract.ts.
 *
 * Invariants: an invite is redeemed at most once and never after it expired;
 * creating an invite replaces the agent's earlier unused ones; redeeming it
 * sets the agent's password and ends every session of that agent in the same
 * write. A session past `expiresAt` is never returned.
 */
export interface ConsoleStore {
  createConsoleInvite(invite: ConsoleInvite): Promise<void>;
  /** Marks the invite used and stores `passwordHash` as the agent's password; returns the agent id, or null (unknown, used or expired). */
  redeemConsoleInvite(tokenHash: string, passwordHash: string, now: Date): Promise<string | null>;
  /** The stored password hash of an agent, or null (never set). */
  getConsolePassword(agentId: string): Promise<string | null>;
  createConsoleSession(session: ConsoleSession): Promise<void>;
  /** The session, or null when unknown or expired at `now`. */
  getConsoleSession(idHash: string, now: Date): Promise<ConsoleSession | null>;
  deleteConsoleSession(idHash: string): Promise<void>;
  /** Ends every session of the agent (sign-out everywhere); returns how many ended. */
  deleteConsoleSessionsOf(agentId: string): Promise<number>;
  /** One page of an inbox view; keyset paging (the cursor carries the last row's sort key and id), never OFFSET. */
  listInbox(query: InboxQuery): Promise<InboxPage>;
}
