/**
 * Dates → ISO "yyyy-mm-dd", read by chrono-node (a maintained natural-language
 * date parser) in the customer's language plus English, with the support
 * policy applied on top:
 *
 * - numeric "12/03/2026", "12.03.26": day/month order from the context
 *   (`dateOrder`, else the locale: en-US → month first), unless one part is
 *   > 12 and so only one reading is a date;
 * - a date without a year is the most recent one, or up to 30 days ahead
 *   (support questions are mostly about past orders and near deliveries);
 * - a bare or "last"/"on" weekday ("last Monday", "am Montag") is the most
 *   recent such weekday strictly before today;
 * - "today" and relative dates are reckoned in `timeZone` (default UTC);
 * - "Guten Morgen" / "Bonjour" are greetings, not dates; times alone
 *   ("at 3pm") are not dates.
 *
 * Languages: chrono's English, German, French, Spanish, Dutch and Portuguese
 * parsers (the replaced hand-written matcher knew English and German only).
 */
import * as chrono from "chrono-node";
import { fail, ok, type FieldCandidate, type FieldContext, type FieldResult } from "./field-types.js";

type Ymd = [number, number, number];

const WEEKDAY_ONLY = /^(?:(?:last|on|this past|letzten|letzter|letztes|vergangenen|am|dernier|el|el pasado|pasado)\s+)?\p{L}+\.?$/iu;

/** chrono's Spanish has no "hace N días" (N days ago); added as one small parser. */
const spanish = chrono.es.casual.clone();
spanish.parsers.push({
  pattern: () => /\bhace\s+(\d{1,3})\s+d[ií]as?\b/i,
  extract(context, match) {
    const d = new Date(context.reference.instant.getTime() - Number(match[1]) * 86_400_000);
    return { day: d.getUTCDate(), month: d.getUTCMonth() + 1, year: d.getUTCFullYear() };
  },
});

function parsersFor(ctx: FieldContext): chrono.Chrono[] {
  const mdy = orderOf(ctx) === "mdy";
  const english = mdy ? chrono.en.casual : chrono.en.GB;
  const language = (ctx.locale ?? "en").split("-")[0]!.toLowerCase();
  const own: Record<string, chrono.Chrono> = { de: chrono.de.casual, fr: chrono.fr.casual, es: spanish, nl: chrono.nl.casual, pt: chrono.pt.casual };
  // German always: the demo shop's customers mix it in, and it was understood before.
  return [english, own[language], chrono.de.casual].filter((p, i, all): p is chrono.Chrono => p !== undefined && all.indexOf(p) === i);
}

/** Dates in running text, in order of appearance, as ISO strings. */
export function findDates(text: string, ctx: FieldContext): FieldCandidate[] {
  const today = todayIn(ctx);
  // The reference instant is today's noon in UTC: chrono then counts days from the customer's calendar date.
  const reference = { instant: new Date(Date.UTC(today[0], today[1] - 1, today[2], 12)), timezone: 0 };
  const out: FieldCandidate[] = [];
  for (const parser of parsersFor(ctx)) {
    for (const r of parser.parse(text, reference)) {
      const start = r.index;
      const end = start + r.text.length;
      if (out.some((c) => c.start < end && start < c.end)) continue;
      const ymd = toYmd(r, today, text, ctx);
      if (ymd && valid(ymd)) out.push({ start, end, value: iso(ymd) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function toYmd(r: chrono.ParsedResult, today: Ymd, text: string, ctx: FieldContext): Ymd | null {
  const c = r.start;
  const dated = c.isCertain("day") || c.isCertain("month") || c.isCertain("weekday") || (r.tags().size > 0 && !c.isCertain("hour"));
  if (!dated) return null; // "at 3pm"
  if (/^\s*morgen\s*$/i.test(r.text) && /guten\s+$/i.test(text.slice(0, r.index))) return null;
  // ISO order is year-month-day, always (en-GB would read "2026-13-01" as the 13th of January).
  const isoShaped = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(r.text.trim());
  if (isoShaped) return [+isoShaped[1]!, +isoShaped[2]!, +isoShaped[3]!];
  const numeric = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})$/.exec(r.text.trim());
  if (numeric) return numericDate(numeric, ctx);
  if (c.isCertain("weekday") && !c.isCertain("day") && WEEKDAY_ONLY.test(r.text.trim())) {
    const dow = new Date(Date.UTC(today[0], today[1] - 1, today[2])).getUTCDay();
    return addDays(today, -((dow - c.get("weekday")! + 7) % 7 || 7));
  }
  const ymd: Ymd = [c.get("year")!, c.get("month")!, c.get("day")!];
  if (c.isCertain("day") && c.isCertain("month") && !c.isCertain("year")) return withYear(today, ymd[1], ymd[2]);
  return ymd;
}

function numericDate(m: RegExpExecArray, ctx: FieldContext): Ymd {
  const a = +m[1]!,
    b = +m[3]!,
    y = m[4]!.length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
  const mdy = a <= 12 && b > 12 ? true : a > 12 ? false : orderOf(ctx) === "mdy";
  return mdy ? [y, a, b] : [y, b, a];
}

/** A whole answer that is one date (with little else: "on 3 March", "yesterday."). */
export function parseDate(raw: string, ctx: FieldContext): FieldResult {
  const text = raw.trim();
  if (!text) return fail("empty");
  const found = findDates(text, ctx);
  if (found.length === 0) return fail("not a date I can read (try 2026-03-12)");
  if (found.length > 1 && new Set(found.map((f) => f.value)).size > 1) return fail("more than one date");
  const rest = text.slice(0, found[0]!.start) + text.slice(found[0]!.end);
  if (/[\p{L}\p{N}]/u.test(rest.replace(/\b(?:on|the|it was|i think|am|ca|about|around|le|el|pasado|pasada)\b/giu, "")))
    return fail("not a date I can read (try 2026-03-12)");
  return ok(found[0]!.value);
}

function orderOf(ctx: FieldContext): "dmy" | "mdy" {
  if (ctx.dateOrder) return ctx.dateOrder;
  return /^en-(us|ph)$/i.test(ctx.locale ?? "") ? "mdy" : "dmy";
}

function withYear(today: Ymd, month: number, day: number): Ymd {
  const candidate: Ymd = [today[0], month, day];
  return daysBetween(today, candidate) > 30 ? [today[0] - 1, month, day] : candidate;
}

function todayIn(ctx: FieldContext): Ymd {
  const s = new Intl.DateTimeFormat("en-CA", { timeZone: ctx.timeZone ?? "UTC", year: "numeric", month: "2-digit", day: "2-digit" }).format(ctx.now);
  const [y, m, d] = s.split("-").map(Number);
  return [y!, m!, d!];
}

function addDays([y, m, d]: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(y, m - 1, d) + n * 86_400_000);
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

function daysBetween(from: Ymd, to: Ymd): number {
  return Math.round((Date.UTC(to[0], to[1] - 1, to[2]) - Date.UTC(from[0], from[1] - 1, from[2])) / 86_400_000);
}

function valid([y, m, d]: Ymd): boolean {
  if (!Number.isInteger(y) || y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function iso([y, m, d]: Ymd): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
