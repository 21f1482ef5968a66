/** The AI's language detection is the hub's one language guesser (src/core/text/language.ts). */
export { detectLanguage, MIN_CONFIDENCE, SUPPORTED_LANGUAGES, type DetectedLanguage } from "../../core/text/language.js";
