import type { AiSettings } from "../../core/config/ai-schema.js";

type TextKey = keyof AiSettings["texts"] | "eta_sla" | "source" | "closing"
  | "link_ask" | "link_offered" | "link_done" | "link_mismatch" | "link_expired" | "link_already" | "link_later";

/**
 * Built-in wording of the AI's fixed messages, in English and German. Config
 * (`ai.texts`) overrides any of them per locale. The local provider cannot
 * translate, so a language with neither a config text nor a built-in one
 * falls back to the default locale (and the handoff card says so).
 */
const BUILT_IN: Record<TextKey, Record<string, string>> = {
  clarify: {
    en: "I want to make sure I get this right. Is it about {options}? A few more words help me.",
    de: "Ich möchte sichergehen, dass ich dich richtig verstehe. Geht es um {options}? Ein paar Worte mehr helfen mir.",
  },
  escalated: {
    en: "Thanks, I've passed this to our {queue} team with everything you told me, so you won't have to repeat yourself.{eta}",
    de: "Danke, ich habe das mit allen Angaben an unser Team {queue} weitergegeben, du musst nichts wiederholen.{eta}",
  },
  escalated_after_hours: {
    en: "Thanks, I've passed this to our {queue} team with everything you told me. They're offline right now and will pick it up from {eta}.",
    de: "Danke, ich habe das mit allen Angaben an unser Team {queue} weitergegeben. Es ist gerade nicht da und meldet sich ab {eta}.",
  },
  eta_sla: { en: " They usually reply within {sla}.", de: " Es antwortet normalerweise innerhalb von {sla}." },
  invalid_field: { en: "Sorry, that doesn't look right ({reason}). {prompt}", de: "Das sieht leider nicht richtig aus ({reason}). {prompt}" },
  anything_else: { en: "Is there anything else I can help with?", de: "Kann ich sonst noch helfen?" },
  source: { en: "Source: {title}", de: "Quelle: {title}" },
  link_ask: {
    en: "Happy to connect this chat with your earlier one. Which email address or phone number (with country code) did you use then?",
    de: "Gern verbinde ich diesen Chat mit deinem früheren. Welche E-Mail-Adresse oder Telefonnummer (mit Ländervorwahl) hast du damals benutzt?",
  },
  link_offered: {
    en: "If we know that account, a 6-digit code is on its way to it now. Please type the code here to link your conversations.",
    de: "Wenn wir dieses Konto kennen, ist jetzt ein 6-stelliger Code dorthin unterwegs. Bitte gib den Code hier ein, um deine Unterhaltungen zu verbinden.",
  },
  link_done: { en: "Thanks, that's confirmed: your earlier conversations are now linked to this chat.", de: "Danke, bestätigt: deine früheren Unterhaltungen sind jetzt mit diesem Chat verbunden." },
  link_mismatch: { en: "That code doesn't match ({left} attempts left). Please check it and try again.", de: "Der Code stimmt nicht ({left} Versuche übrig). Bitte prüfe ihn und versuche es noch einmal." },
  link_expired: { en: "That code is no longer valid. Tell me the email address or phone number again and I'll send a new one.", de: "Der Code ist nicht mehr gültig. Nenne mir die E-Mail-Adresse oder Telefonnummer noch einmal, dann schicke ich einen neuen." },
  link_already: { en: "Good news: that account is already linked to this chat.", de: "Dieses Konto ist bereits mit diesem Chat verbunden." },
  link_later: { en: "I've sent several codes already; please try again in an hour.", de: "Ich habe schon mehrere Codes geschickt; bitte versuche es in einer Stunde noch einmal." },
  closing: { en: "You're welcome! If anything else comes up, just write here.", de: "Gern! Wenn noch etwas ist, schreib einfach hier." },
};

export interface Texts {
  /** The text for `key` in `locale` (config first, then built-in, then the default locale), with {placeholders} filled. */
  get(key: TextKey, locale: string, values?: Record<string, string>): string;
  /** Whether the AI has its fixed texts in this locale (else it answers in the default locale). */
  speaks(locale: string): boolean;
}

export function createTexts(settings: AiSettings["texts"], defaultLocale: string): Texts {
  const lookup = (key: TextKey, locale: string): string | undefined =>
    (key in settings ? settings[key as keyof AiSettings["texts"]]?.[locale] : undefined) ?? BUILT_IN[key][locale];
  return {
    get(key, locale, values = {}) {
      const template = lookup(key, locale) ?? lookup(key, defaultLocale) ?? BUILT_IN[key].en!;
      return template.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
    },
    speaks: (locale) => lookup("escalated", locale) !== undefined,
  };
}

/** "2 hours", "30 minutes", "1 day" (English) or German, for SLA texts. */
export function formatDuration(ms: number, locale: string): string {
  const de = locale.startsWith("de");
  const units: [number, string, string, string, string][] = [
    [86_400_000, "day", "days", "Tag", "Tagen"], [3_600_000, "hour", "hours", "Stunde", "Stunden"], [60_000, "minute", "minutes", "Minute", "Minuten"],
  ];
  for (const [size, one, many, einer, mehrere] of units) {
    if (ms >= size) {
      const n = Math.round(ms / size);
      return de ? `${n === 1 ? "einer" : n} ${n === 1 ? einer : mehrere}` : `${n} ${n === 1 ? one : many}`;
    }
  }
  return de ? "wenigen Minuten" : "a few minutes";
}
