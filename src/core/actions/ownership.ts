import type { Identity } from "../model/channel.js";
import { toE164 } from "../util/phone.js";
import type { ActionConfig } from "./schema.js";

export type OwnershipCheck =
  /** A verified identity of the contact, or the second factor the customer gave, equals the record's. */
  | { kind: "proven"; via: string }
  /** The customer gave the second factor and it does not match: nothing is disclosed. */
  | { kind: "mismatch" }
  /** Nothing to compare yet: the second factor is to be asked. */
  | { kind: "unproven" };

/**
 * Ownership before disclosure: a looked-up record's details reach only a
 * contact who proves it is theirs. Proof is an identity the channel verified
 * (the e-mail address they wrote from, the WhatsApp number, a signed widget
 * identity) equal to the record's e-mail or phone, or the second factor the
 * customer typed (the record's e-mail, phone or postcode). Comparison is on
 * normalised values (case, spaces, phone notation), never partial.
 */
export function checkOwnership(
  rule: NonNullable<ActionConfig["ownership"]>,
  record: Record<string, unknown>,
  identities: readonly Identity[],
  secondFactor: string | undefined,
): OwnershipCheck {
  const email = normaliseEmail(valueOf(record, rule.email));
  const phone = normalisePhone(valueOf(record, rule.phone));
  const postcode = normalisePostcode(valueOf(record, rule.postcode));
  for (const id of identities) {
    if (id.kind === "email" && email && normaliseEmail(id.value) === email) return { kind: "proven", via: "verified e-mail" };
    if ((id.kind === "phone" || id.kind === "whatsapp") && phone && normalisePhone(id.value) === phone) return { kind: "proven", via: "verified phone" };
  }
  if (secondFactor === undefined || secondFactor.trim() === "") return { kind: "unproven" };
  if (email && normaliseEmail(secondFactor) === email) return { kind: "proven", via: "order e-mail given" };
  if (phone && normalisePhone(secondFactor) === phone) return { kind: "proven", via: "order phone given" };
  if (postcode && normalisePostcode(secondFactor) === postcode) return { kind: "proven", via: "order postcode given" };
  return { kind: "mismatch" };
}

function valueOf(record: Record<string, unknown>, key: string | undefined): string | null {
  if (!key) return null;
  const v = record[key];
  return typeof v === "string" || typeof v === "number" ? String(v) : null;
}

function normaliseEmail(v: string | null): string | null {
  const s = v?.trim().toLowerCase();
  return s && s.includes("@") ? s : null;
}

function normalisePhone(v: string | null): string | null {
  if (!v) return null;
  const r = toE164(v);
  return r.ok ? r.e164 : null;
}

function normalisePostcode(v: string | null): string | null {
  const s = v?.replace(/[\s-]/g, "").toUpperCase();
  return s && s.length >= 3 ? s : null;
}
