import type { Clock } from "../clock.js";
import { makeEvent, type Contact, type DomainEvent } from "../model/index.js";
import type { Store } from "../store/port.js";

/** Who set attributes; recorded on the `contact.attributes_set` event. */
export type AttributeSource = "signed_identity" | "agent" | "api";

export interface SetAttributesInput {
  contactId: string;
  /** Checked canonical values (see `checkAttributes`); `null` removes the attribute. */
  values: Readonly<Record<string, string | null>>;
  /** Also set the contact's name (signed identity). */
  name?: string;
  /** Event actor: `system`, `agent:<id>`, `api`. */
  actor: string;
  source: AttributeSource;
  conversationId?: string | null;
  /** More events to write in the same store call (e.g. the desk's action marker). */
  events?: DomainEvent[];
}

export interface SetAttributesResult {
  contact: Contact;
  /** Attributes whose stored value changed (set, changed or removed). */
  changed: string[];
  nameChanged: boolean;
}

/**
 * Writes checked attribute values (and optionally the name) onto a contact's
 * profile, only what differs from what is stored, with one
 * `contact.attributes_set` event naming the keys and the source. The event
 * carries names, not values: the contact holds the values, the audit log
 * does not collect a second copy of customer data. Nothing changed → nothing
 * written except `input.events` (appended as they are).
 */
export async function setContactAttributes(deps: { store: Store; clock: Clock }, contact: Contact, input: SetAttributesInput): Promise<SetAttributesResult> {
  const { store, clock } = deps;
  const diff: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(input.values)) {
    const has = Object.prototype.hasOwnProperty.call(contact.profile, key);
    if (value === null ? has : contact.profile[key] !== value) diff[key] = value;
  }
  const changed = Object.keys(diff);
  const nameChanged = input.name !== undefined && input.name !== contact.name;
  const extra = input.events ?? [];
  if (changed.length === 0 && !nameChanged) {
    if (extra.length > 0) await store.appendEvents(extra);
    return { contact, changed, nameChanged };
  }
  const event = makeEvent(
    "contact.attributes_set",
    input.actor,
    clock.now(),
    { contactId: contact.id, conversationId: input.conversationId ?? null },
    {
      keys: changed.filter((k) => diff[k] !== null),
      removed: changed.filter((k) => diff[k] === null),
      name: nameChanged,
      source: input.source,
    },
  );
  const updated = await store.updateContactProfile(contact.id, diff, [...extra, event], nameChanged ? { name: input.name! } : undefined);
  return { contact: updated, changed, nameChanged };
}
