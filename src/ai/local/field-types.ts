/**
 * Shared types of the local field validators and extractors (fields.ts and
 * the per-kind field-*.ts files).
 */

/** Settings the validators need beyond the FieldSpec itself. */
export interface FieldContext {
  /** "Now", for relative dates ("yesterday", "last Monday"). */
  now: Date;
  /** IANA time zone in which "today" is reckoned. Default "UTC". */
  timeZone?: string;
  /**
   * Order of numeric dates such as 12/03/2026 when both readings are valid.
   * Default: "mdy" for an en-US / en-PH locale, "dmy" otherwise.
   */
  dateOrder?: "dmy" | "mdy";
  /** The conversation's locale (decides `dateOrder` when that is not given). */
  locale?: string;
  /**
   * Calling code assumed for phone numbers written without one, e.g. "49" or
   * "+1". Without it such numbers are rejected (E.164 needs a country).
   */
  defaultCallingCode?: string;
  /** Longest accepted `text` value, in characters. Default 500. */
  maxTextLength?: number;
}

export type FieldResult = { ok: true; value: string } | { ok: false; reason: string };

/** A value found in running text, with its span (so two fields never claim the same characters). */
export interface FieldCandidate {
  start: number;
  end: number;
  value: string;
}

export const ok = (value: string): FieldResult => ({ ok: true, value });
export const fail = (reason: string): FieldResult => ({ ok: false, reason });

/** Lower case, accents removed, ß → ss, runs of non-alphanumerics → one space. */
export function foldText(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** `pattern` compiled to match a whole value (unicode, case-insensitive); null when the pattern is not a valid RegExp. */
export function wholePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, "iu");
  } catch {
    return null;
  }
}
