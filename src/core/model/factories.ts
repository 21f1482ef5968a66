import type { ChannelId, Identity } from "./channel.js";
import type { Contact } from "./contact.js";
import type { Conversation } from "./conversation.js";
import type { DomainEvent } from "./event.js";
import { newId } from "./ids.js";
import type { Attachment, Message, QuickReply } from "./message.js";

/**
 * Constructors for new domain objects with every field set to its documented
 * initial value, so the pipeline, the simulator and tests never disagree on
 * what a fresh conversation looks like.
 */
export function makeEvent(
  type: string,
  actor: string,
  at: Date,
  scope: { conversationId?: string | null; contactId?: string | null },
  data: Record<string, unknown> = {},
): DomainEvent {
  return { id: newId("ev"), type, actor, at, conversationId: scope.conversationId ?? null, contactId: scope.contactId ?? null, data };
}

export function makeContact(input: { name?: string | null; identities: Identity[]; at: Date; profile?: Record<string, string> }): Contact {
  return {
    id: newId("ct"),
    name: input.name ?? null,
    identities: input.identities,
    profile: input.profile ?? {},
    createdAt: input.at,
    updatedAt: input.at,
    mergedInto: null,
  };
}

export function makeConversation(input: { contactId: string; channel: ChannelId; at: Date; queue?: string | null }): Conversation {
  return {
    id: newId("cv"),
    contactId: input.contactId,
    status: "open",
    owner: "ai",
    queue: input.queue ?? null,
    priority: "normal",
    tags: [],
    fields: {},
    escalation: null,
    handoff: null,
    assignee: null,
    lastChannel: input.channel,
    addresses: {},
    version: 1,
    createdAt: input.at,
    updatedAt: input.at,
    lastMessageAt: input.at,
    snoozedUntil: null,
  };
}

export function makeInboundMessage(input: {
  conversationId: string;
  contactId: string;
  channel: ChannelId;
  externalId: string | null;
  text: string;
  attachments?: Attachment[];
  at: Date;
}): Message {
  return {
    id: newId("msg"),
    conversationId: input.conversationId,
    contactId: input.contactId,
    direction: "inbound",
    authorKind: "customer",
    authorId: null,
    channel: input.channel,
    externalId: input.externalId,
    text: input.text,
    attachments: input.attachments ?? [],
    deliveryState: "received",
    error: null,
    createdAt: input.at,
    decidedAt: null,
  };
}

export function makeOutboundMessage(input: {
  conversationId: string;
  contactId: string;
  channel: ChannelId;
  text: string;
  authorKind: Message["authorKind"];
  authorId: string | null;
  at: Date;
  direction?: "outbound" | "internal";
  buttons?: QuickReply[];
}): Message {
  const direction = input.direction ?? "outbound";
  return {
    id: newId("msg"),
    conversationId: input.conversationId,
    contactId: input.contactId,
    direction,
    authorKind: input.authorKind,
    authorId: input.authorId,
    channel: input.channel,
    externalId: null,
    text: input.text,
    attachments: [],
    deliveryState: direction === "outbound" ? "queued" : "received",
    error: null,
    createdAt: input.at,
    decidedAt: input.at,
    ...(input.buttons?.length ? { buttons: input.buttons } : {}),
  };
}
