/**
 * Cross-channel identity: linking identities a channel vouches for, proving a
 * claimed one with a one-time code, merging contacts and undoing merges.
 * Rules and reasons: docs/identity.md.
 */
export { linkOnMatch, type IdentityEvidence, type LinkDeps, type LinkInput, type LinkOutcome } from "./linking.js";
export {
  createCodeVerification,
  CODE_EVENTS,
  CODE_TTL_MS,
  MAX_CODE_ATTEMPTS,
  MAX_OFFERS_PER_HOUR,
  type CodeVerification,
  type CodeVerificationDeps,
  type OfferOutcome,
  type VerifyOutcome,
} from "./verification.js";
export { undoMerge, type UndoResult } from "./undo.js";
export { mergeContactsInto, resolveLiveContact, type MergeReason, type MergeResult } from "./merge.js";
export { equivalentIdentities, CHANNELS_FOR_KIND } from "./equivalence.js";
export { applyVerifiedIdentity, type IdentifyDeps, type IdentifyInput, type IdentifyOutcome, type VerifiedIdentity } from "./verified.js";
