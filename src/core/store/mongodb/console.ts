import { Schema, type Connection, type Model } from "mongoose";
import type { ConsoleStore, InboxQuery } from "../console-port.js";
import { decodeInboxCursor, encodeInboxCursor } from "../inbox-cursor.js";
import type { MongoContext } from "./context.js";
import { toConversation } from "./mappers.js";
import type { ConversationDoc } from "./schemas.js";

/**
 * The console's collections in MongoDB: `console_invites`, `console_credentials`,
 * `console_sessions`, and the inbox query on `conversations`. No
 * multi-document transactions (as in the rest of this engine): an invite is
 * redeemed by one `findOneAndUpdate` whose filter says "unused and not
 * expired", so only one caller gets it; the password is written after that
 * and the agent's sessions are ended last. A crash in between leaves a used
 * invite and the old password, never a second use of the invite.
 */
interface InviteDoc {
  _id: string;
  agentId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}
interface CredentialDoc {
  _id: string;
  passwordHash: string;
  updatedAt: Date;
}
interface SessionDoc {
  _id: string;
  agentId: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

const inviteSchema = new Schema<InviteDoc>(
  {
    _id: String,
    agentId: String,
    createdAt: Date,
    expiresAt: Date,
    usedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
inviteSchema.index({ agentId: 1 });
const credentialSchema = new Schema<CredentialDoc>({ _id: String, passwordHash: String, updatedAt: Date }, { versionKey: false });
const sessionSchema = new Schema<SessionDoc>({ _id: String, agentId: String, csrfToken: String, createdAt: Date, expiresAt: Date }, { versionKey: false });
sessionSchema.index({ agentId: 1 });
// Expired sessions are removed by the server (the read also filters on expiresAt: the TTL monitor runs once a minute).
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

/** The models on the store's own connection, with their indexes (and the inbox indexes on conversations) created before first use. */
export async function createMongoConsole(conn: Connection, ctx: MongoContext): Promise<ConsoleStore> {
  const invites: Model<InviteDoc> = conn.model<InviteDoc>("ConsoleInvite", inviteSchema, "console_invites");
  const credentials: Model<CredentialDoc> = conn.model<CredentialDoc>("ConsoleCredential", credentialSchema, "console_credentials");
  const sessions: Model<SessionDoc> = conn.model<SessionDoc>("ConsoleSession", sessionSchema, "console_sessions");
  await Promise.all([invites.createIndexes(), credentials.createIndexes(), sessions.createIndexes()]);
  const conversations = ctx.models.conversations;
  await conversations.collection.createIndex({ owner: 1, status: 1, "handoff.createdAt": 1, _id: 1 }, { name: "conversations_waiting" });
  await conversations.collection.createIndex({ assignee: 1, lastMessageAt: -1 }, { name: "conversations_assignee" });

  return {
    async createConsoleInvite(invite) {
      await invites.deleteMany({ agentId: invite.agentId, usedAt: null }).exec();
      await invites.create({ _id: invite.tokenHash, agentId: invite.agentId, createdAt: invite.createdAt, expiresAt: invite.expiresAt, usedAt: null });
    },
    async redeemConsoleInvite(tokenHash, passwordHash, now) {
      const used = await invites
        .findOneAndUpdate({ _id: tokenHash, usedAt: null, expiresAt: { $gt: now } }, { $set: { usedAt: now } })
        .lean<InviteDoc>()
        .exec();
      if (!used) return null;
      await credentials.updateOne({ _id: used.agentId }, { $set: { passwordHash, updatedAt: now } }, { upsert: true }).exec();
      await sessions.deleteMany({ agentId: used.agentId }).exec();
      return used.agentId;
    },
    async getConsolePassword(agentId) {
      return (await credentials.findById(agentId).lean<CredentialDoc>().exec())?.passwordHash ?? null;
    },
    async createConsoleSession(s) {
      await sessions.create({ _id: s.idHash, agentId: s.agentId, csrfToken: s.csrfToken, createdAt: s.createdAt, expiresAt: s.expiresAt });
    },
    async getConsoleSession(idHash, now) {
      const d = await sessions
        .findOne({ _id: idHash, expiresAt: { $gt: now } })
        .lean<SessionDoc>()
        .exec();
      return d ? { idHash: d._id, agentId: d.agentId, csrfToken: d.csrfToken, createdAt: new Date(d.createdAt), expiresAt: new Date(d.expiresAt) } : null;
    },
    async deleteConsoleSession(idHash) {
      await sessions.deleteOne({ _id: idHash }).exec();
    },
    async deleteConsoleSessionsOf(agentId) {
      return (await sessions.deleteMany({ agentId }).exec()).deletedCount;
    },
    async listInbox(query) {
      const waiting = query.order === "waiting";
      const docs = await conversations
        .find(inboxFilter(query))
        .sort(waiting ? { "handoff.createdAt": 1, _id: 1 } : { lastMessageAt: -1, _id: -1 })
        .limit(query.limit + 1)
        .lean<ConversationDoc[]>()
        .exec();
      const page = docs.slice(0, query.limit);
      const last = page.at(-1);
      const key = (d: ConversationDoc): string | number =>
        waiting ? String((d.handoff as { createdAt?: unknown } | null)?.createdAt ?? "") : new Date(d.lastMessageAt).getTime();
      return { conversations: page.map(toConversation), next: docs.length > query.limit && last ? encodeInboxCursor({ key: key(last), id: last._id }) : null };
    },
  };
}

function inboxFilter(query: InboxQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = { status: { $in: [...query.statuses] } };
  if (query.owner) filter.owner = query.owner;
  if (query.assignee !== undefined) filter.assignee = query.assignee;
  if (query.queues) filter.queue = { $in: [...query.queues] };
  if (!query.after) return filter;
  const c = decodeInboxCursor(query.after);
  if (query.order === "recent") {
    const at = new Date(Number(c.key));
    return { ...filter, $or: [{ lastMessageAt: { $lt: at } }, { lastMessageAt: at, _id: { $lt: c.id } }] };
  }
  // Conversations without a hand-off time sort first (null), then by the ISO time.
  return c.key === ""
    ? { ...filter, $or: [{ "handoff.createdAt": null, _id: { $gt: c.id } }, { "handoff.createdAt": { $type: "string" } }] }
    : { ...filter, $or: [{ "handoff.createdAt": { $gt: c.key } }, { "handoff.createdAt": c.key, _id: { $gt: c.id } }] };
}
