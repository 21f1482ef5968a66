import type { ChannelHost, IngestOutcome, InboundMessage } from "../channel/adapter.js";
import type { Clock } from "../clock.js";
import { IdentityConflictError } from "../errors.js";
import type { Logger } from "../logger.js";
import { makeContact, makeEvent, makeInboundMessage, makeOutboundMessage, type Contact, type Identity, type Message } from "../model/index.js";
import type { Store } from "../store/port.js";
import { keyedMutex } from "../util/keyed-mutex.js";
import { chooseConversation, findThreadConversation, type ContinuityPolicy } from "./continuity.js";
import { normaliseIdentity } from "./identity.js";

export interface IngestDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  policy: ContinuityPolicy;
  /**
   * Called when a message created a new contact, with the identity its channel
   * vouched for; returns the contact to use (e.g. the older contact it was
   * merged into because the same phone number was already known). Optional.
   */
  onNewContact?(contact: Contact, identity: Identity): Promise<Contact>;
  /** Called after a new message is persisted; hands it to the decision step. Must not throw. */
  onPersisted(message: Message, isNewConversation: boolean): void;
  /**
   * Called after a customer edited a stored message (`InboundMessage.editOf`), with
   * the message as it now reads, the text it replaced and the id of the
   * `message.edited` event. Nothing is decided again. Optional; must not throw.
   */
  onEdited?(message: Message, edit: { previousText: string; eventId: string }): void;
  /**
   * A message that answers the contact's last satisfaction survey is recorded
   * there (stored, never decided) instead of reopening the conversation;
   * returns null for any other message. Optional (surveys.ts).
   */
  surveyAnswer?(contact: Contact, inbound: InboundMessage): Promise<IngestOutcome | null>;
}

/**
 * The ingest step: dedupe → resolve contact → find or open conversation →
 * persist message + event. The returned promise resolves only once every
 * message is stored, so adapters acknowledge the platform after it and a crash
 * can never lose an acknowledged message.
 */
export function createIngest(deps: IngestDeps): (messages: InboundMessage[]) => Promise<IngestOutcome[]> {
  const { store, clock, logger } = deps;
  const perContact = keyedMutex();

  async function resolveContact(identity: Identity, name: string | null | undefined): Promise<Contact> {
    const known = await store.findContactByIdentity(identity);
    if (known) return known;
    const now = clock.now();
    const contact = makeContact({ name: name ?? null, identities: [identity], at: now });
    try {
      const created = await store.createContact(contact, [
        makeEvent("contact.created", "customer", now, { contactId: contact.id }, { identityKind: identity.kind }),
      ]);
      return deps.onNewContact ? await deps.onNewContact(created, identity) : created;
    } catch (e) {
      // Another message (or process) created this person first: use theirs.
      if (e instanceof IdentityConflictError) {
        const winner = await store.findContactByIdentity(identity);
        if (winner) return winner;
      }
      throw e;
    }
  }

  async function ingestOne(inbound: InboundMessage): Promise<IngestOutcome> {
    if (inbound.editOf !== undefined) {
      const edited = await recordEdit(inbound, inbound.editOf);
      if (edited) return edited;
    }
    const existing = await store.findMessageByExternalId(inbound.channel, inbound.externalId);
    if (existing) {
      logger.debug({ channel: inbound.channel, messageId: existing.id }, "duplicate inbound message dropped");
      return { messageId: existing.id, conversationId: existing.conversationId, contactId: existing.contactId, duplicate: true, newConversation: false };
    }
    const identity = normaliseIdentity(inbound.sender.kind, inbound.sender.value);
    return perContact(`${identity.kind}:${identity.value}`, async () => {
      const contact = await resolveContact(identity, inbound.sender.name);
      return perContact(contact.id, async () => {
        const rating = deps.surveyAnswer ? await deps.surveyAnswer(contact, inbound) : null;
        if (rating) return rating;
        const threaded = await findThreadConversation(store, clock, contact, inbound.channel, inbound.thread);
        const { conversation, isNew } = threaded
          ? { conversation: threaded, isNew: false }
          : await chooseConversation(store, clock, deps.policy, contact, inbound.channel);
        const now = clock.now();
        const automated = inbound.automated;
        const message = makeInboundMessage({
          conversationId: conversation.id,
          contactId: contact.id,
          channel: inbound.channel,
          externalId: inbound.externalId,
          text: inbound.text,
          attachments: inbound.attachments,
          at: now,
        });
        // A machine's message (auto-reply, bounce) is stored already decided: the decision step never sees it, so
        // nothing (AI answer, greeting, after-hours text) is ever sent to it, also not after a crash.
        const { message: stored, duplicate } = await store.appendMessage(
          automated ? { ...message, decidedAt: now } : message,
          [
            makeEvent(
              "message.received",
              "customer",
              now,
              { conversationId: conversation.id, contactId: contact.id },
              {
                messageId: message.id,
                channel: inbound.channel,
                ...(automated ? { automated: automated.kind, reason: automated.reason } : {}),
              },
            ),
          ],
          automated ? undefined : inbound.address,
        );
        if (!duplicate && !automated) deps.onPersisted(stored, isNew);
        return { messageId: stored.id, conversationId: stored.conversationId, contactId: contact.id, duplicate, newConversation: isNew && !duplicate };
      });
    });
  }

  /** An edit of a stored message: its text is replaced and the previous text kept on a `message.edited` event. */
  async function recordEdit(inbound: InboundMessage, originalExternalId: string): Promise<IngestOutcome | null> {
    const original = await store.findMessageByExternalId(inbound.channel, originalExternalId);
    if (!original || original.direction !== "inbound") return null;
    const sender = await store.findContactByIdentity(normaliseIdentity(inbound.sender.kind, inbound.sender.value));
    if (sender?.id !== original.contactId) return null;
    const event = makeEvent(
      "message.edited",
      "customer",
      clock.now(),
      { conversationId: original.conversationId, contactId: original.contactId },
      {
        messageId: original.id,
        channel: inbound.channel,
        previousText: original.text,
        text: inbound.text,
      },
    );
    const changed = await store.editMessage(original.id, inbound.text, [event]);
    if (changed) deps.onEdited?.({ ...original, text: inbound.text }, { previousText: original.text, eventId: event.id });
    return { messageId: original.id, conversationId: original.conversationId, contactId: original.contactId, duplicate: !changed, newConversation: false };
  }

  return async (messages) => {
    const outcomes: IngestOutcome[] = [];
    for (const m of messages) outcomes.push(await ingestOne(m));
    return outcomes;
  };
}

/**
 * Records replies agents sent outside the hub (see `ChannelHost.recordExternalReply`):
 * an outbound agent message, state `sent`, with a `message.sent_externally`
 * event, in the thread the hints name or else the recipient's active
 * conversation. Never opens a conversation, never queues a delivery and never
 * asks the decision step (a human already answered). Ownership is left as it
 * is: taking a case over is an explicit act in the hub, not a side effect of
 * an e-mail client.
 */
export function createExternalReplyRecorder(deps: Pick<IngestDeps, "store" | "clock" | "logger">): NonNullable<ChannelHost["recordExternalReply"]> {
  const { store, clock, logger } = deps;
  return async (reply) => {
    const existing = await store.findMessageByExternalId(reply.channel, reply.externalId);
    if (existing) return { messageId: existing.id, conversationId: existing.conversationId, duplicate: true };
    const contact = await store.findContactByIdentity(normaliseIdentity(reply.recipient.kind, reply.recipient.value));
    if (!contact) return null;
    const actor = `agent:${reply.author}`;
    const conversation =
      (await findThreadConversation(store, clock, contact, reply.channel, reply.thread, actor)) ?? (await store.findActiveConversation(contact.id));
    if (!conversation) return null;
    const now = clock.now();
    const message: Message = {
      ...makeOutboundMessage({
        conversationId: conversation.id,
        contactId: contact.id,
        channel: reply.channel,
        text: reply.text,
        authorKind: "agent",
        authorId: reply.author,
        at: reply.sentAt,
      }),
      externalId: reply.externalId,
      attachments: reply.attachments,
      deliveryState: "sent",
    };
    const { message: stored, duplicate } = await store.appendMessage(message, [
      makeEvent(
        "message.sent_externally",
        actor,
        now,
        { conversationId: conversation.id, contactId: contact.id },
        { messageId: message.id, channel: reply.channel },
      ),
    ]);
    logger.debug({ channel: reply.channel, messageId: stored.id, duplicate }, "recorded a reply sent outside the hub");
    return { messageId: stored.id, conversationId: stored.conversationId, duplicate };
  };
}
