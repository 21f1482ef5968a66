import type { AiSettings } from "../../core/config/ai-schema.js";
import { BUILT_IN, OR } from "./texts-built-in.js";

/** Keys of the AI's fixed texts: the configurable ones (`ai.texts`) and the built-in ones. */
export type TextKey = keyof AiSettings["texts"] | keyof typeof BUILT_IN;

export interface Texts {
  /** The text for `key` in `locale` (config first, then built-in, then the default locale), with {placeholders} filled. */
  get(key: TextKey, locale: string, values?: Record<string, string>): string;
  /** Whether the AI has its fixed texts in this locale (else it answers in the default locale). */
  speaks(locale: string): boolean;
  /** Whether config or the built-ins have `key` in this locale itself (no fallback). */
  has(key: TextKey, locale: string): boolean;
}

export function createTexts(settings: AiSettings["texts"], defaultLocale: string): Texts {
  const builtIn = BUILT_IN as Record<TextKey, Record<string, string>>;
  const lookup = (key: TextKey, locale: string): string | undefined =>
    (key in settings ? settings[key as keyof AiSettings["texts"]]?.[locale] : undefined) ?? builtIn[key]?.[lookupLanguage(locale)] ?? builtIn[key]?.[locale];
  return {
    get(key, locale, values = {}) {
      const template = lookup(key, locale) ?? lookup(key, defaultLocale) ?? builtIn[key]?.en ?? key;
      return template.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
    },
    speaks: (locale) => lookup("escalated", locale) !== undefined,
    has: (key, locale) => lookup(key, locale) !== undefined,
  };
}

/** "2 hours", "30 minutes", "1 day" in the reply's language, for SLA texts ("innerhalb von einer Stunde" in German). */
export function formatDuration(ms: number, locale: string): string {
  const units: [number, Intl.NumberFormatOptions["unit"] & string, string, string][] = [
    [86_400_000, "day", "Tag", "Tagen"],
    [3_600_000, "hour", "Stunde", "Stunden"],
    [60_000, "minute", "Minute", "Minuten"],
  ];
  const de = lookupLanguage(locale) === "de";
  for (const [size, unit, einer, mehrere] of units) {
    if (ms < size) continue;
    const n = Math.round(ms / size);
    // German after "innerhalb von" needs the dative ("einer Stunde"), which Intl does not give.
    if (de) return `${n === 1 ? "einer" : n} ${n === 1 ? einer : mehrere}`;
    return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long" }).format(n);
  }
  return FEW_MINUTES[lookupLanguage(locale)] ?? FEW_MINUTES.en!;
}

const FEW_MINUTES: Record<string, string> = { en: "a few minutes", de: "wenigen Minuten", fr: "quelques minutes", es: "unos minutos" };

/** "a, b or c" in the reply's language (no serial comma, as the texts are written). */
export function joinOr(items: string[], locale: string): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${OR[lookupLanguage(locale)] ?? OR.en} ${items.at(-1)}`;
}

/** The customer's language named in their own language ("anglais" for a French customer), for `language_fallback`. */
export function languageName(language: string, inLanguage: string): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: "language" }).of(language) ?? language;
  } catch {
    return language;
  }
}

/** "pt-BR" → "pt": built-in texts are per language. */
function lookupLanguage(locale: string): string {
  return locale.split("-")[0]!.toLowerCase();
}
