/**
 * Names of the customer channels. A channel id is also the `channel` recorded
 * on every message and the key of its adapter in the registry.
 */
export const CHANNEL_IDS = ["web", "telegram", "email", "whatsapp", "whatsapp-cloud"] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

/**
 * Kinds of identity a contact can have. One contact may hold several (the
 * same person on web chat, e-mail and WhatsApp); the pair (kind, value) is
 * unique across contacts, which is what lets a returning customer be found.
 * `user` is the id a host site gives its signed-in shopper, known only from a
 * signed identity (web chat identity verification); no channel delivers to it.
 */
export const IDENTITY_KINDS = ["web", "telegram", "email", "phone", "whatsapp", "user"] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface Identity {
  kind: IdentityKind;
  /** Normalised value: lower-cased e-mail, E.164 phone, platform id as a string. */
  value: string;
}
