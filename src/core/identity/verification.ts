import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import { CHANNEL_IDS, IDENTITY_KINDS, makeEvent, type ChannelId, type Contact, type Conversation, type Identity, type MergeRecord } from "../model/index.js";
import { normaliseIdentity } from "../pipeline/identity.js";
import { enqueueReply } from "../pipeline/replies.js";
import type { Store } from "../store/port.js";
import { keyedMutex } from "../util/keyed-mutex.js";
import { codeMatches, generateCode, hashCode, normaliseCode } from "./code.js";
import { CHANNELS_FOR_KIND, equivalentIdentities } from "./equivalence.js";
import { mergeContactsInto, resolveLiveContact } from "./merge.js";

/** A code is valid this long after it was offered. */
export const CODE_TTL_MS = 10 * 60_000;
/** Wrong codes allowed per offer; the last one voids the offer. */
export const MAX_CODE_ATTEMPTS = 5;
/** Offers per conversation, and per contact the codes go to, within an hour (stops code spam to someone else's phone). */
export const MAX_OFFERS_PER_HOUR = 3;

/** Event types of the code flow. None carries the code; `identity.code_offered` carries its salted scrypt hash. */
export const CODE_EVENTS = {
  offered: "identity.code_offered",
  unavailable: "identity.code_unavailable",
  failed: "identity.code_failed",
  void: "identity.code_void",
  verified: "identity.code_verified",
} as const;

export interface CodeVerificationDeps {
  store: Store;
  clock: Clock;
  logger?: Logger;
  /** Wakes the outbox after the code message was queued (the hub passes its outbox's kick). */
  onQueued?(): void;
  /** Text of the code message; default English. Must contain the code; never log its result. */
  codeMessage?(code: string, ttlMinutes: number): string;
}

export type OfferOutcome =
  /** The code was queued to the other contact's address on `channel`. */
  | { status: "sent"; offerId: string; channel: ChannelId; expiresAt: Date; messageId: string }
  /** The current contact already has the claimed identity. */
  | { status: "already_linked" }
  /** No contact has the claimed identity. */
  | { status: "no_match" }
  /** The owner has no reply address on a channel of that identity (e.g. an e-mail identity they never wrote from). */
  | { status: "unreachable" }
  /** Too many offers in the last hour for this conversation or to that contact. */
  | { status: "rate_limited" };

export type VerifyOutcome =
  /** Right code: the two contacts are now one (`contact.merged`, actor customer, reason verified_code). */
  | { status: "merged"; contactId: string; record: MergeRecord; mergeEventId: string | null }
  /** Right code, but the two are already one contact. */
  | { status: "already_linked"; contactId: string }
  | { status: "mismatch"; attemptsLeft: number }
  /** Not six digits: not counted as an attempt. */
  | { status: "invalid_format" }
  | { status: "expired" }
  /** Too many wrong codes: the offer is void; a new one must be offered. */
  | { status: "void" }
  /** No open offer in this conversation (never offered, or already used). */
  | { status: "no_offer" };

export interface CodeVerification {
  /**
   * Offers a one-time code to prove the customer in `conversation` owns
   * `claimed` (an identity they say is theirs, e.g. "I wrote before on
   * Telegram" or an e-mail address they typed), which belongs to another
   * contact. A 6-digit code (node:crypto `randomInt`) is queued through the
   * outbox to that OTHER contact's reply address on the identity's channel —
   * never to the conversation asking — so only whoever controls that channel
   * can read it. The code message is stored in the other contact's
   * conversation, not this one (this conversation's history is what the
   * claimant sees). Only a salted hash, the expiry (10 min) and the attempt
   * count are kept, as events on this conversation.
   *
   * A new offer replaces the previous one of the conversation. Callers should
   * answer the customer in the same words for `sent`, `no_match` and
   * `unreachable` ("if that account is known to us, a code is on its way"),
   * so the chat cannot be used to find out whose addresses are known.
   */
  offerCode(input: { conversation: Conversation; claimed: Identity; actor?: string }): Promise<OfferOutcome>;
  /**
   * Checks a code the customer typed against the conversation's latest offer
   * (constant-time comparison). On a match the current contact and the owner
   * of the claimed identity are merged, the newer into the older, with a
   * `contact.merged` event (actor `customer`, reason `verified_code`); the
   * conversation continues as it is. A wrong code counts an attempt; the
   * fifth voids the offer. Calls for one conversation run one at a time.
   */
  verifyCode(input: { conversation: Conversation; code: string }): Promise<VerifyOutcome>;
}

const offerData = z.object({
  offerId: z.string(),
  claimedKind: z.enum(IDENTITY_KINDS),
  otherContactId: z.string(),
  channel: z.enum(CHANNEL_IDS),
  salt: z.string(),
  hash: z.string(),
  expiresAt: z.string(),
  messageId: z.string(),
});

const defaultMessage = (code: string, ttlMinutes: number) =>
  `Your verification code is ${code}. It expires in ${ttlMinutes} minutes. Someone asked to link this account to another chat with us; ` +
  "if that was not you, ignore this message and do not share the code.";

export function createCodeVerification(deps: CodeVerificationDeps): CodeVerification {
  const { store, clock } = deps;
  const perConversation = keyedMutex();
  const message = deps.codeMessage ?? defaultMessage;

  async function ownerOf(identity: Identity, current: Contact): Promise<Contact | "self" | null> {
    let other: Contact | null = null;
    for (const candidate of equivalentIdentities(identity)) {
      const owner = await store.findContactByIdentity(candidate);
      if (!owner) continue;
      const live = await resolveLiveContact(store, owner.id);
      if (live.id === current.id) return "self";
      other ??= live;
    }
    return other;
  }

  async function recentOffers(conversationId: string, otherContactId: string, now: Date): Promise<boolean> {
    const since = new Date(now.getTime() - 3_600_000);
    const recent = await store.listEvents({ type: CODE_EVENTS.offered, since });
    const here = recent.filter((e) => e.conversationId === conversationId).length;
    const toThem = recent.filter((e) => e.data.otherContactId === otherContactId).length;
    return here >= MAX_OFFERS_PER_HOUR || toThem >= MAX_OFFERS_PER_HOUR;
  }

  async function offerCode(input: { conversation: Conversation; claimed: Identity; actor?: string }): Promise<OfferOutcome> {
    const now = clock.now();
    const actor = input.actor ?? "ai";
    const identity = normaliseIdentity(input.claimed.kind, input.claimed.value);
    const current = await resolveLiveContact(store, input.conversation.contactId);
    const scope = { conversationId: input.conversation.id, contactId: current.id };
    const unavailable = async (reason: "no_match" | "unreachable" | "rate_limited") => {
      await store.appendEvents([makeEvent(CODE_EVENTS.unavailable, actor, now, scope, { claimedKind: identity.kind, reason })]);
      return { status: reason } as const;
    };

    const other = await ownerOf(identity, current);
    if (other === "self") return { status: "already_linked" };
    if (!other) return unavailable("no_match");
    if (await recentOffers(input.conversation.id, other.id, now)) return unavailable("rate_limited");

    // The identity's preferred channel first; on it, the owner's most recent conversation with an address there.
    const conversations = await store.listConversations({ contactId: other.id, limit: 50 });
    let route: { conversation: Conversation; channel: ChannelId } | null = null;
    for (const channel of CHANNELS_FOR_KIND[identity.kind]) {
      const conversation = conversations.find((c) => c.addresses[channel] !== undefined);
      if (conversation) {
        route = { conversation, channel };
        break;
      }
    }
    if (!route) return unavailable("unreachable");

    const offerId = `otp_${randomBytes(10).toString("hex")}`;
    const code = generateCode();
    const { salt, hash } = await hashCode(code, offerId);
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    // Stored in the OTHER contact's conversation: its owner sees it there; the claimant's history never shows it.
    const queued = await enqueueReply(store, clock, route.conversation, {
      text: message(code, CODE_TTL_MS / 60_000),
      authorKind: "system",
      authorId: "system",
      channel: route.channel,
    });
    if (!queued) return unavailable("unreachable");
    await store.appendEvents([
      makeEvent(CODE_EVENTS.offered, actor, now, scope, {
        offerId,
        claimedKind: identity.kind,
        otherContactId: other.id,
        channel: route.channel,
        salt,
        hash,
        expiresAt: expiresAt.toISOString(),
        messageId: queued.id,
      }),
    ]);
    deps.onQueued?.();
    deps.logger?.info({ conversationId: input.conversation.id, offerId, channel: route.channel }, "verification code offered");
    return { status: "sent", offerId, channel: route.channel, expiresAt, messageId: queued.id };
  }

  async function verify(conversationRef: Conversation, code: string): Promise<VerifyOutcome> {
    const now = clock.now();
    const conversationId = conversationRef.id;
    const offers = await store.listEvents({ conversationId, type: CODE_EVENTS.offered });
    const latest = offers.at(-1);
    const parsed = latest ? offerData.safeParse(latest.data) : null;
    if (!parsed?.success) return { status: "no_offer" };
    const offer = parsed.data;
    const mine = async (type: string) => (await store.listEvents({ conversationId, type })).filter((e) => e.data.offerId === offer.offerId);
    if ((await mine(CODE_EVENTS.verified)).length > 0) return { status: "no_offer" };
    const failures = (await mine(CODE_EVENTS.failed)).length;
    if (failures >= MAX_CODE_ATTEMPTS) return { status: "void" };
    if (now.getTime() > Date.parse(offer.expiresAt)) return { status: "expired" };
    const candidate = normaliseCode(code);
    if (candidate === null) return { status: "invalid_format" };

    const conversation = (await store.getConversation(conversationId)) ?? conversationRef;
    const current = await resolveLiveContact(store, conversation.contactId);
    const scope = { conversationId, contactId: current.id };
    if (!(await codeMatches(candidate, offer.offerId, { salt: offer.salt, hash: offer.hash }))) {
      const attempt = failures + 1;
      const events = [makeEvent(CODE_EVENTS.failed, "customer", now, scope, { offerId: offer.offerId, attempt })];
      if (attempt >= MAX_CODE_ATTEMPTS) events.push(makeEvent(CODE_EVENTS.void, "system", now, scope, { offerId: offer.offerId, reason: "too_many_attempts" }));
      await store.appendEvents(events);
      deps.logger?.info({ conversationId, offerId: offer.offerId, attempt }, "verification code mismatch");
      return attempt >= MAX_CODE_ATTEMPTS ? { status: "void" } : { status: "mismatch", attemptsLeft: MAX_CODE_ATTEMPTS - attempt };
    }

    const other = await resolveLiveContact(store, offer.otherContactId);
    if (other.id === current.id) {
      await store.appendEvents([makeEvent(CODE_EVENTS.verified, "customer", now, scope, { offerId: offer.offerId, alreadyLinked: true })]);
      return { status: "already_linked", contactId: current.id };
    }
    const result = await mergeContactsInto(store, {
      a: current,
      b: other,
      actor: "customer",
      reason: "verified_code",
      at: now,
      conversationId,
      data: { offerId: offer.offerId, claimedKind: offer.claimedKind },
    });
    await store.appendEvents([
      makeEvent(CODE_EVENTS.verified, "customer", now, { conversationId, contactId: result.contactId }, { offerId: offer.offerId, mergeId: result.record.id }),
    ]);
    deps.logger?.info(
      { conversationId, offerId: offer.offerId, contactId: result.contactId, mergeId: result.record.id },
      "contacts merged after code verification",
    );
    return { status: "merged", contactId: result.contactId, record: result.record, mergeEventId: result.mergeEventId };
  }

  return {
    offerCode,
    verifyCode: ({ conversation, code }) => perConversation(conversation.id, () => verify(conversation, code)),
  };
}
