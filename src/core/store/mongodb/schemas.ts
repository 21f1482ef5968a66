import { Schema, type Connection, type Model } from "mongoose";
import type {
  ArticleAuthorSource,
  ArticleStatus,
  Attachment,
  AuthorKind,
  ChannelId,
  ConversationStatus,
  DeliveryState,
  Direction,
  EscalationRef,
  IdentityKind,
  OutboxStatus,
  MergeRecord,
  Owner,
  Priority,
} from "../../model/index.js";

/**
 * Document shapes and mongoose schemas of the MongoDB engine. Field names are
 * the domain's (camelCase) with the domain id stored as `_id`. `seq` fields
 * come from the `counters` collection and give insertion order, which the
 * port's "oldest first" listings need even when timestamps are equal.
 *
 * Every schema has `minimize: false` (so `{}` profiles, fields and event data
 * are stored, not dropped), no `__v` version key, and no automatic index or
 * collection creation: `ensureMongoIndexes` creates the indexes at open.
 */

export interface ContactDoc {
  _id: string;
  name: string | null;
  profile: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
  /** Set while merged into another contact; `mergeRecord` is that merge's record (see contact-merge.ts). Absent on older documents. */
  mergedInto?: string | null;
  mergeRecord?: MergeRecord | null;
}
/** `_id` is `${kind}:${value}`, so the unique `_id` index is what makes an identity belong to one contact. */
export interface IdentityDoc {
  _id: string;
  kind: IdentityKind;
  value: string;
  contactId: string;
  seq: number;
  linkedAt: Date;
}
export interface ConversationDoc {
  _id: string;
  seq: number;
  contactId: string;
  status: ConversationStatus;
  owner: Owner;
  queue: string | null;
  priority: Priority;
  tags: string[];
  fields: Record<string, string>;
  escalation: EscalationRef | null;
  lastChannel: ChannelId;
  addresses: Partial<Record<ChannelId, Record<string, unknown>>>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  lastMessageAt: Date;
  snoozedUntil: Date | null;
  handoff?: unknown;
  assignee?: string | null;
}
export interface MessageDoc {
  _id: string;
  seq: number;
  conversationId: string;
  contactId: string;
  direction: Direction;
  authorKind: AuthorKind;
  authorId: string | null;
  channel: ChannelId;
  externalId: string | null;
  text: string;
  attachments: Attachment[];
  buttons?: { id: string; label: string }[];
  deliveryState: DeliveryState;
  error: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}
export interface EventDoc {
  _id: string;
  seq: number;
  type: string;
  conversationId: string | null;
  contactId: string | null;
  actor: string;
  data: Record<string, unknown>;
  at: Date;
}
export interface OutboxDoc {
  _id: string;
  seq: number;
  messageId: string;
  conversationId: string;
  channel: ChannelId;
  address: Record<string, unknown>;
  attempts: number;
  status: OutboxStatus;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
}
/** `_id` is `${articleId}@${version}`: its uniqueness is what stops two writers from recording the same version number. */
export interface ArticleVersionDoc {
  _id: string;
  articleId: string;
  version: number;
  contentHash: string;
  title: string;
  status: ArticleStatus;
  locale: string;
  file: string;
  author: string;
  authorSource: ArticleAuthorSource;
  content: string;
  diff: string;
  createdAt: Date;
}
/** One named, monotonically increasing counter (`$inc`), the source of every `seq`. */
export interface CounterDoc {
  _id: string;
  seq: number;
}

const common = { minimize: false, versionKey: false, id: false, autoIndex: false, autoCreate: false, strict: true } as const;
const Mixed = Schema.Types.Mixed;
// Nullable strings must not be `required` (mongoose also rejects "" for required strings, e.g. an empty message text).
const str = { type: String };
const reqDate = { type: Date, required: true };
const optDate = { type: Date, default: null };
const reqNum = { type: Number, required: true };
const id = { type: String, required: true };

const contactSchema = new Schema<ContactDoc>(
  {
    _id: id,
    name: { type: String, default: null },
    profile: { type: Mixed, default: {} },
    createdAt: reqDate,
    updatedAt: reqDate,
    mergedInto: { type: String, default: null },
    mergeRecord: { type: Mixed, default: null },
  },
  { ...common, collection: "contacts" },
);

const identitySchema = new Schema<IdentityDoc>(
  { _id: id, kind: str, value: str, contactId: id, seq: reqNum, linkedAt: reqDate },
  { ...common, collection: "identities" },
);
identitySchema.index({ contactId: 1, seq: 1 }, { name: "identities_contact" });

const conversationSchema = new Schema<ConversationDoc>(
  {
    _id: id,
    seq: reqNum,
    contactId: id,
    status: str,
    owner: str,
    queue: { type: String, default: null },
    priority: str,
    tags: { type: [String], default: [] },
    fields: { type: Mixed, default: {} },
    escalation: { type: Mixed, default: null },
    handoff: { type: Mixed, default: null },
    assignee: { type: String, default: null },
    lastChannel: str,
    addresses: { type: Mixed, default: {} },
    version: reqNum,
    createdAt: reqDate,
    updatedAt: reqDate,
    lastMessageAt: reqDate,
    snoozedUntil: optDate,
  },
  { ...common, collection: "conversations" },
);
conversationSchema.index({ contactId: 1, lastMessageAt: -1, seq: -1 }, { name: "conversations_contact" });
conversationSchema.index({ status: 1, lastMessageAt: -1, seq: -1 }, { name: "conversations_status" });
conversationSchema.index({ lastMessageAt: -1, seq: -1 }, { name: "conversations_recent" });

const messageSchema = new Schema<MessageDoc>(
  {
    _id: id,
    seq: reqNum,
    conversationId: id,
    contactId: str,
    direction: str,
    authorKind: str,
    authorId: { type: String, default: null },
    channel: str,
    externalId: { type: String, default: null },
    text: str,
    attachments: { type: Mixed, default: [] },
    buttons: { type: Mixed, default: undefined },
    deliveryState: str,
    error: { type: String, default: null },
    createdAt: reqDate,
    decidedAt: optDate,
  },
  { ...common, collection: "messages" },
);
// Idempotency key: only documents whose externalId is a string take part, so any number of null externalIds coexist.
messageSchema.index({ channel: 1, externalId: 1 }, { name: "messages_external", unique: true, partialFilterExpression: { externalId: { $type: "string" } } });
messageSchema.index({ conversationId: 1, seq: 1 }, { name: "messages_conversation" });
messageSchema.index({ direction: 1, decidedAt: 1, seq: 1 }, { name: "messages_undecided" });

const eventSchema = new Schema<EventDoc>(
  {
    _id: id,
    seq: reqNum,
    type: str,
    conversationId: { type: String, default: null },
    contactId: { type: String, default: null },
    actor: str,
    data: { type: Mixed, default: {} },
    at: reqDate,
  },
  { ...common, collection: "events" },
);
eventSchema.index({ seq: 1 }, { name: "events_seq" });
eventSchema.index({ conversationId: 1, seq: 1 }, { name: "events_conversation" });
eventSchema.index({ contactId: 1, seq: 1 }, { name: "events_contact" });
eventSchema.index({ type: 1, at: 1 }, { name: "events_type" });

const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: id,
    seq: reqNum,
    messageId: id,
    conversationId: str,
    channel: str,
    address: { type: Mixed, default: {} },
    attempts: reqNum,
    status: str,
    nextAttemptAt: reqDate,
    leaseUntil: optDate,
    lastError: { type: String, default: null },
    createdAt: reqDate,
  },
  { ...common, collection: "outbox" },
);
outboxSchema.index({ status: 1, nextAttemptAt: 1, seq: 1 }, { name: "outbox_due" });
outboxSchema.index({ conversationId: 1, seq: 1 }, { name: "outbox_conversation" });
outboxSchema.index({ status: 1, leaseUntil: 1 }, { name: "outbox_lease" });

const articleVersionSchema = new Schema<ArticleVersionDoc>(
  {
    _id: id,
    articleId: id,
    version: reqNum,
    contentHash: id,
    title: str,
    status: str,
    locale: str,
    file: str,
    author: str,
    authorSource: str,
    content: str,
    diff: str,
    createdAt: reqDate,
  },
  { ...common, collection: "article_versions" },
);
articleVersionSchema.index({ articleId: 1, version: -1 }, { name: "article_versions_article", unique: true });

const counterSchema = new Schema<CounterDoc>({ _id: id, seq: reqNum }, { ...common, collection: "counters" });

export interface MongoModels {
  contacts: Model<ContactDoc>;
  identities: Model<IdentityDoc>;
  conversations: Model<ConversationDoc>;
  messages: Model<MessageDoc>;
  events: Model<EventDoc>;
  outbox: Model<OutboxDoc>;
  counters: Model<CounterDoc>;
  articleVersions: Model<ArticleVersionDoc>;
}

/** Compiles the models on one connection (each store has its own connection, so no global model registry is touched). */
export function defineMongoModels(conn: Connection): MongoModels {
  return {
    contacts: conn.model<ContactDoc>("Contact", contactSchema, "contacts"),
    identities: conn.model<IdentityDoc>("Identity", identitySchema, "identities"),
    conversations: conn.model<ConversationDoc>("Conversation", conversationSchema, "conversations"),
    messages: conn.model<MessageDoc>("Message", messageSchema, "messages"),
    events: conn.model<EventDoc>("Event", eventSchema, "events"),
    outbox: conn.model<OutboxDoc>("Outbox", outboxSchema, "outbox"),
    counters: conn.model<CounterDoc>("Counter", counterSchema, "counters"),
    articleVersions: conn.model<ArticleVersionDoc>("ArticleVersion", articleVersionSchema, "article_versions"),
  };
}

/**
 * Creates every declared index (additive, like `createIndexes`; unlike
 * `syncIndexes` it never drops an index, so an older process still running
 * during a rolling upgrade cannot remove a newer one's indexes). Runs at open,
 * before the first write, so the unique indexes the invariants rely on exist.
 */
export async function ensureMongoIndexes(models: MongoModels): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) {
    await model.createIndexes();
  }
}
