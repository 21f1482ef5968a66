/**
 * The local AI provider (no network, no key) and its parts, for the
 * composition root and the AI core. The intent classifier's own modules
 * (classifier.ts, features.ts, …) are imported directly where needed.
 */
export { createLocalProvider, MODEL_CACHE_SIZE, type LocalExtractInput, type LocalProvider, type LocalProviderOptions } from "./provider.js";
export { DEFAULT_ORDER_PATTERN, extractFields, findField, normaliseEmail, normaliseOrderId, validateField } from "./fields.js";
export type { FieldCandidate, FieldContext, FieldResult } from "./field-types.js";
export { normalisePhone } from "./field-phone.js";
export { parseDate } from "./field-date.js";
export { matchRegion } from "./field-region.js";
export { answerFromPassages, MIN_COVERAGE, splitSentences } from "./answer.js";
export { detectSignals, RISK_SIGNAL_KINDS, type RiskSignal, type RiskSignalKind, type Signals } from "./signals.js";
export { detectLanguage, MIN_CONFIDENCE, SUPPORTED_LANGUAGES, type DetectedLanguage } from "./language.js";
export { summariseConversation, type LocalSummariseInput, type SummariseOptions, type SummaryMessage } from "./summarise.js";
