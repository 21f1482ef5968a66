import type { Clock } from "../clock.js";
import { IdentityConflictError } from "../errors.js";
import { makeEvent, type Contact, type Identity, type MergeRecord } from "../model/index.js";
import { normaliseIdentity } from "../pipeline/identity.js";
import type { Store } from "../store/port.js";
import { equivalentIdentities } from "./equivalence.js";
import { mergeContactsInto, resolveLiveContact } from "./merge.js";

/**
 * How we know an identity belongs to the customer:
 *
 * - `"channel"`: the channel itself vouches for it. The platform authenticated
 *   the sender: the `From` address of an e-mail we received, the number a
 *   WhatsApp message came from, a Telegram contact share of the user's own
 *   number (`contact.user_id === from.id`). The customer could not have
 *   written it in for someone else.
 * - `"typed"`: the customer wrote it into the chat ("my e-mail is …", a phone
 *   number given as a field). Anyone can type anyone's address. It is a
 *   claim, not proof.
 */
export type IdentityEvidence = "channel" | "typed";

export interface LinkInput {
  /** The contact the identity was seen with (a stale, merged id is followed to the live contact). */
  contactId: string;
  /** Normalised here (lower-cased e-mail, E.164 phone), so raw values are fine. */
  identity: Identity;
  evidence: IdentityEvidence;
  /** The conversation it happened in, recorded on the events. */
  conversationId?: string | null;
  /** Why the channel vouches, recorded on `identity.linked` (default `channel_vouched`; a signed web-chat identity says `signed_identity`). */
  reason?: string;
}

export type LinkOutcome =
  /** The contact already has this identity: nothing to do. */
  | { status: "already_linked"; contactId: string }
  /** Vouched and nobody else had it: added to the contact (`identity.linked`). */
  | { status: "added"; contactId: string }
  /** Vouched and another contact had it (or its phone/WhatsApp twin): merged automatically (`contact.merged`, actor system, reason identity_match). */
  | { status: "merged"; contactId: string; records: MergeRecord[]; mergeEventIds: string[] }
  /** Typed, and it belongs to another contact: do not merge; offer a one-time code (`createCodeVerification().offerCode`). */
  | { status: "verification_needed"; claimed: Identity }
  /** Typed, and nobody has it: nothing is linked (a claim never becomes an identity). */
  | { status: "unverified"; claimed: Identity };

export interface LinkDeps {
  store: Store;
  clock: Clock;
}

/**
 * Links an identity to a contact when it matches, following one rule:
 *
 * **Only what a channel vouches for links automatically. What the customer
 * merely types is a claim and never merges anything by itself.**
 *
 * Why: merging gives the merged customer everything on both sides — the
 * conversation history (web chat shows it on reload), the profile (order ids,
 * addresses), and replies on the other channel. If a typed e-mail address
 * merged contacts, anyone could type a victim's address into the web chat
 * and read the victim's history: account takeover by typing. So:
 *
 * - `evidence: "channel"` + identity owned by another contact (the same
 *   e-mail, or the same E.164 number as `phone` or `whatsapp`) → the two
 *   contacts are merged now, the newer into the older, with a `contact.merged`
 *   event (actor `system`, reason `identity_match`) that `undoMerge` reverses.
 * - `evidence: "channel"` + nobody has it → the identity is added to the
 *   contact (`identity.linked`), so later messages from it find this contact.
 * - `evidence: "typed"` + another contact has it → `verification_needed`:
 *   the AI may offer a one-time code to that identity's channel; only
 *   `verifyCode` merges.
 * - `evidence: "typed"` + nobody has it → `unverified`: nothing is stored as
 *   an identity (keep it as a profile field if useful). Storing it would let
 *   a later, genuine message from that address land in the claimant's
 *   contact — the same takeover the other way round.
 */
export async function linkOnMatch(deps: LinkDeps, input: LinkInput): Promise<LinkOutcome> {
  return link(deps, input, 2);
}

async function link(deps: LinkDeps, input: LinkInput, attemptsLeft: number): Promise<LinkOutcome> {
  const { store, clock } = deps;
  const identity = normaliseIdentity(input.identity.kind, input.identity.value);
  const current = await resolveLiveContact(store, input.contactId);
  const exactOwner = await store.findContactByIdentity(identity);

  const others = new Map<string, Contact>();
  for (const candidate of equivalentIdentities(identity)) {
    const owner = await store.findContactByIdentity(candidate);
    if (!owner) continue;
    const live = await resolveLiveContact(store, owner.id);
    if (live.id !== current.id) others.set(live.id, live);
  }
  // Owning the exact identity is not the end: a brand-new WhatsApp contact must still meet its phone twin.
  if (exactOwner?.id === current.id && others.size === 0) return { status: "already_linked", contactId: current.id };

  if (input.evidence === "typed") {
    return others.size > 0 ? { status: "verification_needed", claimed: identity } : { status: "unverified", claimed: identity };
  }

  const scope = { conversationId: input.conversationId ?? null };
  const records: MergeRecord[] = [];
  const mergeEventIds: string[] = [];
  let survivor = current;
  for (const other of others.values()) {
    const result = await mergeContactsInto(store, {
      a: survivor,
      b: await resolveLiveContact(store, other.id),
      actor: "system",
      reason: "identity_match",
      at: clock.now(),
      conversationId: scope.conversationId,
      data: { identityKind: identity.kind },
    });
    records.push(result.record);
    if (result.mergeEventId) mergeEventIds.push(result.mergeEventId);
    survivor = await resolveLiveContact(store, result.contactId);
  }

  if (!(await store.findContactByIdentity(identity))) {
    try {
      await store.addIdentity(survivor.id, identity, [
        makeEvent(
          "identity.linked",
          "system",
          clock.now(),
          { ...scope, contactId: survivor.id },
          { kind: identity.kind, reason: input.reason ?? "channel_vouched" },
        ),
      ]);
    } catch (e) {
      // Someone claimed it between our read and our write: decide again with the new owner.
      if (e instanceof IdentityConflictError && attemptsLeft > 1) return link(deps, { ...input, contactId: survivor.id }, attemptsLeft - 1);
      throw e;
    }
  }
  return records.length > 0 ? { status: "merged", contactId: survivor.id, records, mergeEventIds } : { status: "added", contactId: survivor.id };
}
