import { IdentityConflictError, NotFoundError } from "../../errors.js";
import type { Contact, DomainEvent, Identity } from "../../model/index.js";
import { isDuplicateKeyError, type MongoContext } from "./context.js";
import { identityKey, plain, toContact, toContactDoc, toIdentityDoc } from "./mappers.js";
import type { ContactDoc, IdentityDoc } from "./schemas.js";

/**
 * Contacts and their identities. Uniqueness of (kind, value) is the unique
 * `_id` (`${kind}:${value}`) of the `identities` collection: whoever inserts
 * the identity document first owns it. Without transactions, createContact
 * claims the identities first and only then writes the contact, undoing its
 * own claims when anything before the contact insert fails.
 */

/**
 * An identity whose contact does not exist is either being created right now
 * (identities are written before their contact) or was left by a process that
 * crashed in between. Past this age it is the latter and is released.
 */
const ORPHAN_AFTER_MS = 5 * 60_000;
/** Bounded retries when a conflicting identity disappears between the failed insert and the owner lookup. */
const LINK_ATTEMPTS = 3;

type LinkResult = "linked" | "already-own";

/** Inserts the identity for `contactId`; "already-own" when it already was; throws IdentityConflictError naming the owner otherwise. */
async function linkIdentity(ctx: MongoContext, contactId: string, identity: Identity, seq: number): Promise<LinkResult> {
  const { identities, contacts } = ctx.models;
  const key = identityKey(identity);
  for (let attempt = 1; ; attempt++) {
    try {
      await identities.create(toIdentityDoc(contactId, identity, seq, new Date()));
      return "linked";
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const owner = await identities.findById(key).lean<IdentityDoc>().exec();
      if (owner?.contactId === contactId) return "already-own";
      if (owner && !(await isStaleOrphan(contacts, owner))) throw new IdentityConflictError(identity.kind, owner.contactId);
      if (owner) await identities.deleteOne({ _id: key, contactId: owner.contactId, seq: owner.seq }).exec();
      // Released (rolled back by its creator, or the stale orphan removed just above): claim it again.
      if (attempt >= LINK_ATTEMPTS) throw err;
    }
  }
}

async function isStaleOrphan(contacts: MongoContext["models"]["contacts"], owner: IdentityDoc): Promise<boolean> {
  if (Date.now() - owner.linkedAt.getTime() < ORPHAN_AFTER_MS) return false;
  return (await contacts.exists({ _id: owner.contactId }).exec()) === null;
}

/** Best-effort undo of identity claims; a leftover is released later as a stale orphan. */
async function releaseIdentities(ctx: MongoContext, contactId: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await ctx.models.identities
    .deleteMany({ _id: { $in: keys }, contactId })
    .exec()
    .catch(() => undefined);
}

export async function loadContact(ctx: MongoContext, id: string): Promise<Contact | null> {
  const [doc, identities] = await Promise.all([
    ctx.models.contacts.findById(id).lean<ContactDoc>().exec(),
    ctx.models.identities.find({ contactId: id }).sort({ seq: 1 }).lean<IdentityDoc[]>().exec(),
  ]);
  return doc ? toContact(doc, identities) : null;
}

async function mustLoadContact(ctx: MongoContext, id: string): Promise<Contact> {
  const contact = await loadContact(ctx, id);
  if (!contact) throw new NotFoundError("contact", id);
  return contact;
}

export async function createContact(ctx: MongoContext, contact: Contact, events: DomainEvent[]): Promise<Contact> {
  const linked: string[] = [];
  try {
    const first = contact.identities.length > 0 ? await ctx.nextSeq("identities", contact.identities.length) : 0;
    for (const [i, identity] of contact.identities.entries()) {
      if ((await linkIdentity(ctx, contact.id, identity, first + i)) === "linked") linked.push(identityKey(identity));
    }
    await ctx.models.contacts.create(toContactDoc(contact));
  } catch (err) {
    await releaseIdentities(ctx, contact.id, linked);
    throw err;
  }
  await ctx.writeEvents(events);
  return mustLoadContact(ctx, contact.id);
}

export async function findContactByIdentity(ctx: MongoContext, identity: Identity): Promise<Contact | null> {
  const owner = await ctx.models.identities.findById(identityKey(identity)).lean<IdentityDoc>().exec();
  return owner ? loadContact(ctx, owner.contactId) : null;
}

export async function addIdentity(ctx: MongoContext, contactId: string, identity: Identity, events: DomainEvent[]): Promise<Contact> {
  if ((await ctx.models.contacts.exists({ _id: contactId }).exec()) === null) throw new NotFoundError("contact", contactId);
  const seq = await ctx.nextSeq("identities");
  if ((await linkIdentity(ctx, contactId, identity, seq)) === "linked") await ctx.writeEvents(events);
  return mustLoadContact(ctx, contactId);
}

/** Merges keys atomically on the server (`$mergeObjects`), so concurrent merges of different keys both survive. */
export async function updateContactProfile(
  ctx: MongoContext,
  contactId: string,
  profile: Readonly<Record<string, string | null>>,
  events: DomainEvent[],
  options?: { name?: string },
): Promise<Contact> {
  const updatedAt = events[0]?.at ?? new Date();
  // One pipeline update: merge the given keys (any key text is safe inside $literal), then drop those set to null.
  const merged = { $mergeObjects: [{ $ifNull: ["$profile", {}] }, { $literal: plain({ ...profile }) }] };
  const result = await ctx.models.contacts
    .updateOne({ _id: contactId }, [
      {
        $set: {
          profile: { $arrayToObject: { $filter: { input: { $objectToArray: merged }, cond: { $ne: ["$$this.v", null] } } } },
          ...(options?.name !== undefined ? { name: { $literal: options.name } } : {}),
          updatedAt: { $literal: updatedAt },
        },
      },
    ])
    .exec();
  if (result.matchedCount === 0) throw new NotFoundError("contact", contactId);
  await ctx.writeEvents(events);
  return mustLoadContact(ctx, contactId);
}
