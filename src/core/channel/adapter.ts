import type { IdentifyInput, IdentifyOutcome } from "../identity/verified.js";
import type { Attachment, ChannelId } from "../model/index.js";

/** What a channel can carry; the decision step and outbox shape replies to fit. */
export interface ChannelCapabilities {
  maxTextLength: number;
  buttons: boolean;
  attachments: boolean;
  typing: boolean;
  /** Hours after the customer's last message in which free text may be sent (WhatsApp: 24); null when unlimited. */
  replyWindowHours: number | null;
}

/** One message as decoded from a platform, before the hub knows the contact or conversation. */
export interface InboundMessage {
  channel: ChannelId;
  /** The platform's id for the message; duplicates (platform retries) are dropped by it. */
  externalId: string;
  /** Who sent it, as the channel knows them; becomes a contact identity. */
  sender: { kind: import("../model/index.js").IdentityKind; value: string; name?: string | null };
  /** Where replies go, typed by the channel (validated by the adapter when sending). */
  address: Record<string, unknown>;
  text: string;
  attachments: Attachment[];
  receivedAt: Date;
  /**
   * The platform id (`externalId`) of an earlier message this one edits
   * (Telegram, WhatsApp Cloud edits). The hub records an edit of that message
   * instead of a new message, shows it to agents ("edited: old → new" in the
   * threads, a step on the handoff card) and decides nothing again; unknown
   * originals are ingested as new messages.
   */
  editOf?: string;
  /** Explicit threading (e-mail); when a hint matches, it wins over the continuity window. See `ThreadHint`. */
  thread?: ThreadHint;
  /**
   * Written by a machine (an auto-reply, a bounce, a mailing list, a no-reply
   * sender). The hub stores it like any message (agents see it) but never
   * answers it: no AI decision, no greeting or after-hours text, and the
   * conversation's reply address is not taken from it.
   */
  automated?: { kind: string; reason: string };
}

/**
 * Threading hints from channels whose messages name their thread (e-mail's
 * In-Reply-To/References, a reply token of ours). Ingest tries them in this
 * order and takes the first that names an existing conversation of the SAME
 * contact (a hint can never move a message into someone else's conversation:
 * tokens and Message-IDs are visible to anyone the mail was forwarded to). A
 * matched conversation that is resolved or closed is reopened, a snoozed one
 * woken; one that is merely idle is joined whatever the continuity window
 * says, because the customer replied to that thread. No match → the normal
 * continuity rules.
 */
export interface ThreadHint {
  /** Platform ids this message answers, most relevant first (e-mail: In-Reply-To, then References newest first); matched against stored messages' external ids on the same channel, inbound and outbound. */
  references?: string[];
  /** A conversation the message names itself (e-mail: our token in the plus-address or subject). */
  conversationId?: string;
  /** A conversation found by a weaker rule (e-mail: same sender and normalised subject within a window); tried last. */
  fallbackConversationId?: string;
}

/**
 * A message a human sent to the customer outside the hub (an agent answering
 * from Outlook), seen by the channel afterwards. It is recorded in the thread
 * it belongs to as an outbound agent message already sent, never as a new
 * customer conversation and never re-sent.
 */
export interface ExternalReply {
  channel: ChannelId;
  externalId: string;
  /** The customer it went to. */
  recipient: { kind: import("../model/index.js").IdentityKind; value: string };
  /** Who sent it, as the channel knows them (the agent's e-mail address); becomes the message's authorId. */
  author: string;
  text: string;
  attachments: Attachment[];
  sentAt: Date;
  thread?: ThreadHint;
}

/** One outbound message as the outbox hands it to an adapter. */
export interface OutboundMessage {
  messageId: string;
  conversationId: string;
  text: string;
  attachments: Attachment[];
  /** Who wrote it (channels may label automatic messages differently from an agent's). */
  authorKind: import("../model/index.js").AuthorKind;
  /** When the hub created it (not when this attempt happens). */
  createdAt: Date;
  /** Quick-reply buttons, for channels that support them. */
  buttons?: { id: string; label: string }[];
}

/**
 * Why a send failed. The outbox retries `transient` and `rate_limited` (after
 * `retryAfterMs` when given) with exponential backoff, and gives up at once on
 * the others because repeating the call cannot help.
 */
export type SendErrorKind = "auth" | "rate_limited" | "invalid_recipient" | "unsupported" | "transient";

export class SendError extends Error {
  constructor(
    readonly kind: SendErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "SendError";
  }
}

export type SendResult = { externalId: string | null; delivered?: boolean };

/** Everything an adapter may call back into the hub with. */
export interface ChannelHost {
  /**
   * Ingests decoded messages. Resolves only after each is persisted, so an
   * adapter acknowledges the platform after this promise, never before.
   */
  ingest(messages: InboundMessage[]): Promise<IngestOutcome[]>;
  /** Reports a platform-side delivery update (delivered / read) for a message we sent. */
  deliveryUpdate(update: {
    channel: ChannelId;
    externalId?: string;
    messageId?: string;
    state: "delivered" | "read" | "failed";
    error?: string;
  }): Promise<void>;
  /**
   * Records a reply an agent sent outside the hub in the conversation it
   * belongs to (thread hints first, then the recipient's active conversation).
   * Resolves with null when no conversation matches: nothing is written, a
   * conversation is never opened for it. Idempotent by (channel, externalId).
   */
  recordExternalReply?(reply: ExternalReply): Promise<{ messageId: string; conversationId: string; duplicate: boolean } | null>;
  /**
   * Applies an identity the channel has verified (web chat: a host site's
   * signed identity) to the sender's contact: links the site's user id and
   * e-mail as proven identities (merging by the identity rules), sets name
   * and declared attributes. The channel must have checked the signature;
   * the hub validates the attributes. See `applyVerifiedIdentity`.
   */
  identify?(input: IdentifyInput): Promise<IdentifyOutcome>;
}

export interface IngestOutcome {
  messageId: string;
  conversationId: string;
  contactId: string;
  duplicate: boolean;
  newConversation: boolean;
}

/**
 * A customer channel. One folder under src/adapters per channel implements it
 * and keeps the vendor SDK's types inside that folder. Push transports (web,
 * webhooks) mount HTTP routes via `routes`; pull transports (IMAP, long
 * polling) run between `start` and `stop`.
 */
export interface ChannelAdapter {
  readonly id: ChannelId;
  readonly capabilities: ChannelCapabilities;
  /** Delivers one message. Resolves with the platform's id, or throws `SendError`. */
  send(address: Record<string, unknown>, message: OutboundMessage): Promise<SendResult>;
  /** Shows or hides a typing indicator to the customer, on channels whose capabilities say `typing`. */
  typing?(address: Record<string, unknown>, on: boolean): Promise<void>;
  start(host: ChannelHost): Promise<void>;
  stop(): Promise<void>;
  /** Readiness for /readyz: ok, or the reason it is not. */
  status(): { ok: boolean; detail: string };
}
