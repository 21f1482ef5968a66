import type Database from "better-sqlite3";
import type { ConsoleSession, ConsoleStore, InboxQuery } from "../console-port.js";
import { decodeInboxCursor, encodeInboxCursor } from "../inbox-cursor.js";
import { toConversation, type ConversationRow } from "./rows.js";

interface SessionRow {
  id_hash: string;
  agent_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

const WAITING_KEY = "COALESCE(json_extract(handoff, '$.createdAt'), '')";

/**
 * The console's tables in SQLite (migration 30): credentials, invites and
 * sessions, and the inbox query (keyset paging on indexed sort keys).
 * `write` is the store's write path (group commit); `tx` makes one
 * IMMEDIATE transaction, so an invite is redeemed by one caller only.
 */
export function createSqliteConsole(
  db: Database.Database,
  tx: <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A) => R,
  write: <T>(op: () => T) => Promise<T>,
): ConsoleStore {
  const q = {
    dropUnusedInvites: db.prepare("DELETE FROM console_invites WHERE agent_id = ? AND used_at IS NULL"),
    insertInvite: db.prepare("INSERT INTO console_invites (token_hash, agent_id, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, NULL)"),
    useInvite: db.prepare<[number, string, number], { agent_id: string }>(
      "UPDATE console_invites SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING agent_id",
    ),
    setPassword: db.prepare(`INSERT INTO console_credentials (agent_id, password_hash, updated_at) VALUES (?, ?, ?)
      ON CONFLICT(agent_id) DO UPDATE SET password_hash = excluded.password_hash, updated_at = excluded.updated_at`),
    password: db.prepare<[string], { password_hash: string }>("SELECT password_hash FROM console_credentials WHERE agent_id = ?"),
    insertSession: db.prepare("INSERT INTO console_sessions (id_hash, agent_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)"),
    session: db.prepare<[string, number], SessionRow>("SELECT * FROM console_sessions WHERE id_hash = ? AND expires_at > ?"),
    deleteSession: db.prepare("DELETE FROM console_sessions WHERE id_hash = ?"),
    deleteSessionsOf: db.prepare("DELETE FROM console_sessions WHERE agent_id = ?"),
    deleteExpired: db.prepare("DELETE FROM console_sessions WHERE expires_at <= ?"),
  };

  const createInvite = tx((tokenHash: string, agentId: string, createdAt: number, expiresAt: number) => {
    q.dropUnusedInvites.run(agentId);
    q.insertInvite.run(tokenHash, agentId, createdAt, expiresAt);
  });
  const redeem = tx((tokenHash: string, passwordHash: string, now: number): string | null => {
    const row = q.useInvite.get(now, tokenHash, now);
    if (!row) return null;
    q.setPassword.run(row.agent_id, passwordHash, now);
    q.deleteSessionsOf.run(row.agent_id);
    return row.agent_id;
  });
  const createSession = tx((s: ConsoleSession) => {
    q.deleteExpired.run(s.createdAt.getTime());
    q.insertSession.run(s.idHash, s.agentId, s.csrfToken, s.createdAt.getTime(), s.expiresAt.getTime());
  });

  return {
    async createConsoleInvite(invite) {
      await write(() => createInvite(invite.tokenHash, invite.agentId, invite.createdAt.getTime(), invite.expiresAt.getTime()));
    },
    redeemConsoleInvite: (tokenHash, passwordHash, now) => write(() => redeem(tokenHash, passwordHash, now.getTime())),
    async getConsolePassword(agentId) {
      return q.password.get(agentId)?.password_hash ?? null;
    },
    async createConsoleSession(session) {
      await write(() => createSession(session));
    },
    async getConsoleSession(idHash, now) {
      const r = q.session.get(idHash, now.getTime());
      return r
        ? { idHash: r.id_hash, agentId: r.agent_id, csrfToken: r.csrf_token, createdAt: new Date(r.created_at), expiresAt: new Date(r.expires_at) }
        : null;
    },
    async deleteConsoleSession(idHash) {
      await write(() => q.deleteSession.run(idHash));
    },
    deleteConsoleSessionsOf: (agentId) => write(() => q.deleteSessionsOf.run(agentId).changes),
    async listInbox(query) {
      const { sql, params } = inboxSql(query);
      const rows = db.prepare(sql).all(...params) as (ConversationRow & { sort_key: string | number })[];
      const more = rows.length > query.limit;
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return { conversations: page.map(toConversation), next: more && last ? encodeInboxCursor({ key: last.sort_key, id: last.id }) : null };
    },
  };
}

function inboxSql(query: InboxQuery): { sql: string; params: unknown[] } {
  const where: string[] = [`status IN (${query.statuses.map(() => "?").join(", ") || "NULL"})`];
  const params: unknown[] = [...query.statuses];
  if (query.owner) {
    where.push("owner = ?");
    params.push(query.owner);
  }
  if (query.assignee === null) where.push("assignee IS NULL");
  else if (query.assignee !== undefined) {
    where.push("assignee = ?");
    params.push(query.assignee);
  }
  if (query.queues) {
    where.push(`queue IN (${query.queues.map(() => "?").join(", ") || "NULL"})`);
    params.push(...query.queues);
  }
  const waiting = query.order === "waiting";
  const key = waiting ? WAITING_KEY : "last_message_at";
  if (query.after) {
    const c = decodeInboxCursor(query.after);
    where.push(waiting ? `(${key} > ? OR (${key} = ? AND id > ?))` : `(${key} < ? OR (${key} = ? AND id < ?))`);
    params.push(c.key, c.key, c.id);
  }
  const dir = waiting ? "ASC" : "DESC";
  params.push(query.limit + 1);
  return { sql: `SELECT *, ${key} AS sort_key FROM conversations WHERE ${where.join(" AND ")} ORDER BY ${key} ${dir}, id ${dir} LIMIT ?`, params };
}
