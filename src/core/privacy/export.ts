import type { Attachment, Contact, Conversation, DomainEvent, Identity, Message } from "../model/index.js";
import type { Store } from "../store/port.js";

/** `T` as it reads after a JSON round trip: its Date fields (nullable or not) become ISO strings. */
export type Jsonified<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] extends Date | undefined ? string | undefined : T[K];
};

/** Format version of the export document; bumped when a field changes meaning. */
export const CONTACT_EXPORT_FORMAT = 1;

/** One message as exported: its text and, for each attachment, metadata and where the bytes are (never the bytes). */
export interface ExportedMessage {
  id: string;
  conversationId: string;
  direction: Message["direction"];
  authorKind: Message["authorKind"];
  authorId: string | null;
  channel: Message["channel"];
  externalId: string | null;
  text: string;
  createdAt: string;
  deliveryState: Message["deliveryState"];
  attachments: Array<Attachment & { bytesAt: string }>;
}

/**
 * Everything the hub's store holds about one person (issue 16, data protection).
 * Invariant: only records whose `contactId` is this contact (or a contact merged
 * into it) appear here, so handing the document to the person discloses nothing
 * about anyone else. JSON-safe: dates are ISO strings.
 */
export interface ContactExport {
  format: typeof CONTACT_EXPORT_FORMAT;
  exportedAt: string;
  contact: { id: string; name: string | null; createdAt: string; updatedAt: string; profile: Record<string, string>; mergedInto: string | null };
  identities: Identity[];
  /** Ids of contacts that were merged into this one (their records are included). */
  mergedContacts: string[];
  conversations: Array<Jsonified<Conversation>>;
  messages: ExportedMessage[];
  events: Array<Omit<DomainEvent, "at"> & { at: string }>;
}

/** Upper bound on conversations read per contact; a person with more is reported as an error, never silently truncated. */
const MAX_CONVERSATIONS = 10_000;

/**
 * Builds the export of contact `contactId`. Returns null when no such contact
 * exists. Reads only through the store port, so both engines export the same.
 */
export async function exportContact(store: Store, contactId: string, now: Date): Promise<ContactExport | null> {
  const contact = await store.getContact(contactId);
  if (!contact) return null;
  const merged = await mergedSources(store, contact);
  const ids = [contact.id, ...merged];
  const conversations: Conversation[] = [];
  const messages: ExportedMessage[] = [];
  const events: DomainEvent[] = [];
  for (const id of ids) {
    const convs = await store.listConversations({ contactId: id, limit: MAX_CONVERSATIONS + 1 });
    if (convs.length > MAX_CONVERSATIONS) throw new Error(`contact ${id} has more than ${MAX_CONVERSATIONS} conversations; export refuses to truncate`);
    for (const c of convs) if (!conversations.some((x) => x.id === c.id)) conversations.push(c);
    events.push(...(await store.listEvents({ contactId: id, limit: Number.MAX_SAFE_INTEGER })));
  }
  const seenEvents = new Set(events.map((e) => e.id));
  for (const conv of conversations) {
    for (const m of await store.listMessages(conv.id, { limit: Number.MAX_SAFE_INTEGER })) messages.push(exportMessage(m));
    for (const e of await store.listEvents({ conversationId: conv.id, limit: Number.MAX_SAFE_INTEGER })) {
      if (!seenEvents.has(e.id)) {
        seenEvents.add(e.id);
        events.push(e);
      }
    }
  }
  return {
    format: CONTACT_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    contact: {
      id: contact.id,
      name: contact.name,
      createdAt: contact.createdAt.toISOString(),
      updatedAt: contact.updatedAt.toISOString(),
      profile: { ...contact.profile },
      mergedInto: contact.mergedInto ?? null,
    },
    identities: contact.identities.map((i) => ({ ...i })),
    mergedContacts: merged,
    conversations: conversations.map((c) => JSON.parse(JSON.stringify(c)) as Jsonified<Conversation>),
    messages: messages.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })).sort((a, b) => a.at.localeCompare(b.at)),
  };
}

/** Finds the contact to export by one of its channel identities. */
export async function exportContactByIdentity(store: Store, identity: Identity, now: Date): Promise<ContactExport | null> {
  const contact = await store.findContactByIdentity(identity);
  return contact ? exportContact(store, contact.id, now) : null;
}

function exportMessage(m: Message): ExportedMessage {
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    authorKind: m.authorKind,
    authorId: m.authorId,
    channel: m.channel,
    externalId: m.externalId,
    text: m.text,
    createdAt: m.createdAt.toISOString(),
    deliveryState: m.deliveryState,
    attachments: m.attachments.map((a) => ({ ...a, bytesAt: a.ref ? `${m.channel} platform: ${a.ref}` : "not stored by the hub" })),
  };
}

/** Contacts merged into `contact`, read from its `contact.merged` events (the merge record names the source). */
async function mergedSources(store: Store, contact: Contact): Promise<string[]> {
  const merges = await store.listEvents({ contactId: contact.id, type: "contact.merged", limit: Number.MAX_SAFE_INTEGER });
  const out = new Set<string>();
  for (const e of merges) {
    const source = (e.data as { record?: { sourceId?: unknown; targetId?: unknown } }).record;
    if (source && typeof source.sourceId === "string" && source.targetId === contact.id && source.sourceId !== contact.id) out.add(source.sourceId);
  }
  return [...out];
}
