import { reviveHandoffCard, type Contact, type Conversation, type DomainEvent, type Identity, type Message, type OutboxEntry } from "../../model/index.js";
import type { ConversationPatch } from "../port.js";
import type { ContactDoc, ConversationDoc, EventDoc, IdentityDoc, MessageDoc, OutboxDoc } from "./schemas.js";

/**
 * Mapping between MongoDB documents and domain objects.
 *
 * Free-form values (profile, fields, escalation, attachments, event data,
 * outbox address) go through `plain()` on the way in: a JSON round-trip, which
 * is exactly what the SQLite engine stores. So both engines return the same
 * thing for the same input — `undefined` keys dropped (BSON would store them as
 * null), `Date`s inside event data become ISO strings, class instances become
 * plain objects. Top-level dates stay BSON dates (millisecond precision).
 */
export function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

const copyDate = (d: Date): Date => new Date(d.getTime());
const maybeDate = (d: Date | null | undefined): Date | null => (d ? copyDate(d) : null);

export const identityKey = (identity: Identity): string => `${identity.kind}:${identity.value}`;

export function toContactDoc(c: Contact): ContactDoc {
  return { _id: c.id, name: c.name, profile: plain(c.profile), createdAt: c.createdAt, updatedAt: c.updatedAt };
}

export function toIdentityDoc(contactId: string, identity: Identity, seq: number, linkedAt: Date): IdentityDoc {
  return { _id: identityKey(identity), kind: identity.kind, value: identity.value, contactId, seq, linkedAt };
}

export function toContact(doc: ContactDoc, identities: IdentityDoc[]): Contact {
  return {
    id: doc._id,
    name: doc.name ?? null,
    identities: identities.map((i) => ({ kind: i.kind, value: i.value })),
    profile: doc.profile ?? {},
    createdAt: copyDate(doc.createdAt),
    updatedAt: copyDate(doc.updatedAt),
    mergedInto: doc.mergedInto ?? null,
  };
}

export function toConversationDoc(c: Conversation, seq: number): ConversationDoc {
  return {
    _id: c.id,
    seq,
    contactId: c.contactId,
    status: c.status,
    owner: c.owner,
    queue: c.queue,
    priority: c.priority,
    tags: [...c.tags],
    fields: plain(c.fields),
    escalation: c.escalation === null ? null : plain(c.escalation),
    lastChannel: c.lastChannel,
    addresses: plain(c.addresses),
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    lastMessageAt: c.lastMessageAt,
    snoozedUntil: c.snoozedUntil,
    handoff: c.handoff === null ? null : plain(c.handoff),
    assignee: c.assignee,
  };
}

export function toConversation(d: ConversationDoc): Conversation {
  return {
    id: d._id,
    contactId: d.contactId,
    status: d.status,
    owner: d.owner,
    queue: d.queue ?? null,
    priority: d.priority,
    tags: d.tags ?? [],
    fields: d.fields ?? {},
    escalation: d.escalation ?? null,
    lastChannel: d.lastChannel,
    addresses: d.addresses ?? {},
    version: d.version,
    createdAt: copyDate(d.createdAt),
    updatedAt: copyDate(d.updatedAt),
    lastMessageAt: copyDate(d.lastMessageAt),
    snoozedUntil: maybeDate(d.snoozedUntil),
    handoff: reviveHandoffCard(d.handoff ?? null),
    assignee: d.assignee ?? null,
  };
}

/** The patchable fields a compare-and-set update may `$set`; anything else in `patch` is ignored, as in SQLite. */
const PATCHABLE = [
  "status",
  "owner",
  "queue",
  "priority",
  "tags",
  "fields",
  "escalation",
  "handoff",
  "assignee",
  "snoozedUntil",
  "lastChannel",
  "addresses",
] as const;

/** `$set` document of an update: the given patch fields (undefined ones skipped) plus `updatedAt`. */
export function conversationPatchSet(patch: ConversationPatch, updatedAt: Date): Partial<ConversationDoc> {
  const set: Record<string, unknown> = { updatedAt };
  for (const key of PATCHABLE) {
    const value = patch[key];
    if (value === undefined) continue;
    if (key === "tags") set.tags = [...(value as string[])];
    else if (key === "fields" || key === "escalation" || key === "handoff" || key === "addresses") set[key] = value === null ? null : plain(value);
    else set[key] = value;
  }
  return set;
}

export function toMessageDoc(m: Message, seq: number): MessageDoc {
  return {
    _id: m.id,
    seq,
    conversationId: m.conversationId,
    contactId: m.contactId,
    direction: m.direction,
    authorKind: m.authorKind,
    authorId: m.authorId,
    channel: m.channel,
    externalId: m.externalId,
    text: m.text,
    attachments: plain(m.attachments),
    deliveryState: m.deliveryState,
    error: m.error,
    createdAt: m.createdAt,
    decidedAt: m.decidedAt,
    ...(m.buttons?.length ? { buttons: plain(m.buttons) } : {}),
  };
}

export function toMessage(d: MessageDoc): Message {
  return {
    id: d._id,
    conversationId: d.conversationId,
    contactId: d.contactId,
    direction: d.direction,
    authorKind: d.authorKind,
    authorId: d.authorId ?? null,
    channel: d.channel,
    externalId: d.externalId ?? null,
    text: d.text ?? "",
    attachments: d.attachments ?? [],
    deliveryState: d.deliveryState,
    error: d.error ?? null,
    createdAt: copyDate(d.createdAt),
    decidedAt: maybeDate(d.decidedAt),
    ...(d.buttons?.length ? { buttons: d.buttons } : {}),
  };
}

export function toEventDoc(e: DomainEvent, seq: number): EventDoc {
  return {
    _id: e.id,
    seq,
    type: e.type,
    conversationId: e.conversationId,
    contactId: e.contactId,
    actor: e.actor,
    data: plain(e.data),
    at: e.at,
  };
}

export function toEvent(d: EventDoc): DomainEvent {
  return {
    id: d._id,
    type: d.type,
    conversationId: d.conversationId ?? null,
    contactId: d.contactId ?? null,
    actor: d.actor,
    data: d.data ?? {},
    at: copyDate(d.at),
  };
}

export function toOutboxDoc(o: OutboxEntry, seq: number): OutboxDoc {
  return {
    _id: o.id,
    seq,
    messageId: o.messageId,
    conversationId: o.conversationId,
    channel: o.channel,
    address: plain(o.address),
    attempts: o.attempts,
    status: o.status,
    nextAttemptAt: o.nextAttemptAt,
    leaseUntil: o.leaseUntil,
    lastError: o.lastError,
    createdAt: o.createdAt,
  };
}

export function toOutbox(d: OutboxDoc): OutboxEntry {
  return {
    id: d._id,
    messageId: d.messageId,
    conversationId: d.conversationId,
    channel: d.channel,
    address: d.address ?? {},
    attempts: d.attempts,
    status: d.status,
    nextAttemptAt: copyDate(d.nextAttemptAt),
    leaseUntil: maybeDate(d.leaseUntil),
    lastError: d.lastError ?? null,
    createdAt: copyDate(d.createdAt),
  };
}
