import { checkAttributes, setContactAttributes, type AttributeProblem, type RawAttributeValue } from "../attributes/index.js";
import type { Clock } from "../clock.js";
import type { AttributeDeclarations } from "../config/attributes-schema.js";
import { IdentityConflictError } from "../errors.js";
import { makeContact, makeEvent, type Contact, type Identity } from "../model/index.js";
import { normaliseIdentity } from "../pipeline/identity.js";
import type { Store } from "../store/port.js";
import { linkOnMatch } from "./linking.js";
import { resolveLiveContact } from "./merge.js";

/**
 * Who a host site says its signed-in shopper is, after the channel checked
 * the site's signature (web chat: HMAC-SHA256 with `identity_secret`). The
 * site vouches for all of it, like a mail server vouches for a From address.
 */
export interface VerifiedIdentity {
  /** The site's own id of the shopper; becomes the contact's `user` identity. */
  userId: string;
  /** Becomes a (proven) `email` identity of the contact. */
  email?: string;
  name?: string;
  /** Declared attributes (config `attributes:`), e.g. { tier: "vip" }. */
  attributes?: Readonly<Record<string, RawAttributeValue>>;
}

export interface IdentifyInput {
  /** The channel identity the signed identity came with (the web visitor). */
  sender: Identity;
  verified: VerifiedIdentity;
}

export type IdentifyOutcome =
  /** The sender's contact is now the shopper's (merged with the shopper's earlier contact when there was one). */
  | { status: "identified"; contactId: string; merged: boolean; changed: string[] }
  /** The sender already belongs to another signed-in user (a shared browser): nothing written; start a new session. */
  | { status: "mismatch" }
  /** An attribute is not declared or its value is wrong: nothing written. */
  | { status: "invalid_attribute"; problem: AttributeProblem };

export interface IdentifyDeps {
  store: Store;
  clock: Clock;
  attributes: AttributeDeclarations;
}

/**
 * Applies a verified identity to the contact of the channel identity it came
 * with, by the linking rules of docs/identity.md with the evidence "channel"
 * (the site vouches for it):
 *
 * 1. attributes are checked against their declarations first (all or nothing);
 * 2. the sender's contact is found, or created (a visitor who has not written yet);
 * 3. when that contact already has another `user` identity → `mismatch`:
 *    two signed-in shoppers are never merged because they shared a browser;
 * 4. `user:<id>` is linked: when an earlier contact has it (the same shopper on
 *    another device) the two are merged, the newer into the older;
 * 5. the e-mail is linked the same way, unless its owner is another signed-in
 *    user (then it is left where it is);
 * 6. name and attributes are written (only what changed, one event).
 *
 * Repeating the same identity changes nothing and writes nothing.
 */
export async function applyVerifiedIdentity(deps: IdentifyDeps, input: IdentifyInput): Promise<IdentifyOutcome> {
  const { store, clock } = deps;
  const checked = checkAttributes(deps.attributes, input.verified.attributes ?? {});
  if (!checked.ok) return { status: "invalid_attribute", problem: checked.problem };
  const sender = normaliseIdentity(input.sender.kind, input.sender.value);
  const user = normaliseIdentity("user", input.verified.userId);

  const contact = await senderContact(deps, sender);
  if (otherUser(contact, user.value)) return { status: "mismatch" };
  let merged = false;
  const linked = await linkOnMatch({ store, clock }, { contactId: contact.id, identity: user, evidence: "channel", reason: "signed_identity" });
  merged ||= linked.status === "merged";
  let contactId = "contactId" in linked ? linked.contactId : contact.id;

  if (input.verified.email) {
    const email = normaliseIdentity("email", input.verified.email);
    const owner = await store.findContactByIdentity(email);
    const ownerLive = owner ? await resolveLiveContact(store, owner.id) : null;
    if (!ownerLive || !otherUser(ownerLive, user.value)) {
      const byEmail = await linkOnMatch({ store, clock }, { contactId, identity: email, evidence: "channel", reason: "signed_identity" });
      merged ||= byEmail.status === "merged";
      if ("contactId" in byEmail) contactId = byEmail.contactId;
    }
  }

  const live = await resolveLiveContact(store, contactId);
  const name = input.verified.name?.trim();
  const result = await setContactAttributes({ store, clock }, live, {
    contactId: live.id,
    values: checked.values,
    ...(name ? { name } : {}),
    actor: "system",
    source: "signed_identity",
  });
  return { status: "identified", contactId: live.id, merged, changed: result.changed };
}

/** True when the contact is some other signed-in user than `userId`. */
function otherUser(contact: Contact, userId: string): boolean {
  return contact.identities.some((i) => i.kind === "user" && i.value !== userId);
}

async function senderContact(deps: IdentifyDeps, sender: Identity): Promise<Contact> {
  const { store, clock } = deps;
  const known = await store.findContactByIdentity(sender);
  if (known) return resolveLiveContact(store, known.id);
  const now = clock.now();
  const contact = makeContact({ identities: [sender], at: now });
  try {
    return await store.createContact(contact, [makeEvent("contact.created", "customer", now, { contactId: contact.id }, { identityKind: sender.kind })]);
  } catch (e) {
    // The visitor's first message (or another tab) created the contact meanwhile: use it.
    if (e instanceof IdentityConflictError) {
      const winner = await store.findContactByIdentity(sender);
      if (winner) return winner;
    }
    throw e;
  }
}
