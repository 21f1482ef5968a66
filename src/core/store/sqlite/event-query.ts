import type { EventQuery } from "../port.js";

/**
 * The SQL for an EventQuery on the `events` table: every given condition
 * joined with AND, in log order (`seq`), newest first on request. Null when
 * the query can match nothing (an empty `types` list), so no SQL runs.
 */
export function eventQuerySql(query: EventQuery): { sql: string; params: unknown[] } | null {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.conversationId) {
    where.push("conversation_id = ?");
    params.push(query.conversationId);
  }
  if (query.contactId) {
    where.push("contact_id = ?");
    params.push(query.contactId);
  }
  if (query.type) {
    where.push("type = ?");
    params.push(query.type);
  }
  if (query.types) {
    if (query.types.length === 0) return null;
    where.push(`type IN (${query.types.map(() => "?").join(", ")})`);
    params.push(...query.types);
  }
  if (query.since) {
    where.push("at >= ?");
    params.push(query.since.getTime());
  }
  params.push(query.limit ?? 10_000);
  const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
  return { sql: `SELECT * FROM events ${filter} ORDER BY seq ${query.newestFirst ? "DESC" : "ASC"} LIMIT ?`, params };
}
