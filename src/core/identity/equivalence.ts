import type { ChannelId, Identity, IdentityKind } from "../model/index.js";

/**
 * A phone number is one identity whichever way it reached us: `phone` (the
 * WhatsApp Cloud API sender, a Telegram contact share) and `whatsapp`
 * (whatsapp-web.js) with the same E.164 value are the same number. Every
 * other kind matches only itself.
 */
export function equivalentIdentities(identity: Identity): Identity[] {
  if (identity.kind === "phone" || identity.kind === "whatsapp") {
    return [
      { kind: "phone", value: identity.value },
      { kind: "whatsapp", value: identity.value },
    ];
  }
  return [identity];
}

/**
 * Channels a message can reach an identity of this kind on, in order of
 * preference. A `phone` identity comes from a WhatsApp Cloud sender or from a
 * Telegram contact share (Telegram vouches the number is the user's own), so
 * its owner's Telegram chat is the last resort when there is no WhatsApp address.
 */
export const CHANNELS_FOR_KIND: Record<IdentityKind, readonly ChannelId[]> = {
  web: ["web"],
  telegram: ["telegram"],
  email: ["email"],
  phone: ["whatsapp-cloud", "whatsapp", "telegram"],
  whatsapp: ["whatsapp", "whatsapp-cloud"],
  user: [],
};
