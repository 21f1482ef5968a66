import { reviveHandoffCard, type Contact, type Conversation, type DomainEvent, type Identity, type Message, type OutboxEntry } from "../../model/index.js";

/** Row shapes as stored in SQLite, and their mapping to domain objects. Dates are epoch milliseconds. */
export interface ContactRow {
  id: string;
  name: string | null;
  profile: string;
  created_at: number;
  updated_at: number;
  /** Migration 4: set while the contact is merged into another; `merge_record` is that merge's MergeRecord (JSON). */
  merged_into: string | null;
  merge_record: string | null;
}
export interface ConversationRow {
  id: string;
  contact_id: string;
  status: string;
  owner: string;
  queue: string | null;
  priority: string;
  tags: string;
  fields: string;
  escalation: string | null;
  last_channel: string;
  addresses: string;
  version: number;
  created_at: number;
  updated_at: number;
  last_message_at: number;
  snoozed_until: number | null;
  handoff: string | null;
  assignee: string | null;
}
export interface MessageRow {
  id: string;
  conversation_id: string;
  contact_id: string;
  direction: string;
  author_kind: string;
  author_id: string | null;
  channel: string;
  external_id: string | null;
  text: string;
  attachments: string;
  delivery_state: string;
  error: string | null;
  created_at: number;
  decided_at: number | null;
  buttons: string | null;
}
export interface EventRow {
  id: string;
  type: string;
  conversation_id: string | null;
  contact_id: string | null;
  actor: string;
  data: string;
  at: number;
}
export interface OutboxRow {
  id: string;
  message_id: string;
  conversation_id: string;
  channel: string;
  address: string;
  attempts: number;
  status: string;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
}

const date = (ms: number): Date => new Date(ms);
const maybeDate = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export function toContact(row: ContactRow, identities: Identity[]): Contact {
  return {
    id: row.id,
    name: row.name,
    identities,
    profile: JSON.parse(row.profile),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    mergedInto: row.merged_into ?? null,
  };
}

export function toConversation(r: ConversationRow): Conversation {
  return {
    id: r.id,
    contactId: r.contact_id,
    status: r.status as Conversation["status"],
    owner: r.owner as Conversation["owner"],
    queue: r.queue,
    priority: r.priority as Conversation["priority"],
    tags: JSON.parse(r.tags),
    fields: JSON.parse(r.fields),
    escalation: r.escalation === null ? null : JSON.parse(r.escalation),
    lastChannel: r.last_channel as Conversation["lastChannel"],
    addresses: JSON.parse(r.addresses),
    version: r.version,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    lastMessageAt: date(r.last_message_at),
    snoozedUntil: maybeDate(r.snoozed_until),
    handoff: reviveHandoffCard(r.handoff === null ? null : JSON.parse(r.handoff)),
    assignee: r.assignee,
  };
}

export function toMessage(r: MessageRow): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    contactId: r.contact_id,
    direction: r.direction as Message["direction"],
    authorKind: r.author_kind as Message["authorKind"],
    authorId: r.author_id,
    channel: r.channel as Message["channel"],
    externalId: r.external_id,
    text: r.text,
    attachments: JSON.parse(r.attachments),
    deliveryState: r.delivery_state as Message["deliveryState"],
    error: r.error,
    createdAt: date(r.created_at),
    decidedAt: maybeDate(r.decided_at),
    ...(r.buttons ? { buttons: JSON.parse(r.buttons) } : {}),
  };
}

export function toEvent(r: EventRow): DomainEvent {
  return { id: r.id, type: r.type, conversationId: r.conversation_id, contactId: r.contact_id, actor: r.actor, data: JSON.parse(r.data), at: date(r.at) };
}

export function toOutbox(r: OutboxRow): OutboxEntry {
  return {
    id: r.id,
    messageId: r.message_id,
    conversationId: r.conversation_id,
    channel: r.channel as OutboxEntry["channel"],
    address: JSON.parse(r.address),
    attempts: r.attempts,
    status: r.status as OutboxEntry["status"],
    nextAttemptAt: date(r.next_attempt_at),
    leaseUntil: maybeDate(r.lease_until),
    lastError: r.last_error,
    createdAt: date(r.created_at),
  };
}

const epochOrNull = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

/** Named parameters of a conversation row (INSERT / UPDATE). */
export function conversationParams(c: Conversation) {
  return {
    id: c.id,
    contactId: c.contactId,
    status: c.status,
    owner: c.owner,
    queue: c.queue,
    priority: c.priority,
    tags: JSON.stringify(c.tags),
    fields: JSON.stringify(c.fields),
    escalation: c.escalation ? JSON.stringify(c.escalation) : null,
    lastChannel: c.lastChannel,
    addresses: JSON.stringify(c.addresses),
    version: c.version,
    createdAt: c.createdAt.getTime(),
    updatedAt: c.updatedAt.getTime(),
    lastMessageAt: c.lastMessageAt.getTime(),
    snoozedUntil: epochOrNull(c.snoozedUntil),
    handoff: c.handoff ? JSON.stringify(c.handoff) : null,
    assignee: c.assignee,
  };
}

/** Named parameters of a message row (INSERT). */
export function messageParams(m: Message) {
  return {
    id: m.id,
    conversationId: m.conversationId,
    contactId: m.contactId,
    direction: m.direction,
    authorKind: m.authorKind,
    authorId: m.authorId,
    channel: m.channel,
    externalId: m.externalId,
    text: m.text,
    attachments: JSON.stringify(m.attachments),
    deliveryState: m.deliveryState,
    error: m.error,
    createdAt: m.createdAt.getTime(),
    decidedAt: epochOrNull(m.decidedAt),
    buttons: m.buttons?.length ? JSON.stringify(m.buttons) : null,
  };
}
