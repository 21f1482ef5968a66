/**
 * Typed contact attributes declared in config (`attributes:`): validation,
 * writing them onto the contact's profile, and their display. Rules and
 * routing read them from `contact.profile` (e.g. `tier`). See docs/attributes.md.
 */
export { canonicalAttributeValue, checkAttributes, contactAttributes, type AttributeCheck, type AttributeProblem, type RawAttributeValue } from "./values.js";
export { setContactAttributes, type AttributeSource, type SetAttributesInput, type SetAttributesResult } from "./service.js";
