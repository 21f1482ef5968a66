/**
 * Dates → ISO "yyyy-mm-dd".
 *
 * Understood (English and German words; numbers in any language):
 * - ISO "2026-03-12" (also with "/");
 * - numeric "12/03/2026", "12.03.26", "12-03-2026": day/month order from the
 *   context (`dateOrder`, else the locale: en-US → month first), unless one
 *   part is > 12 and so only one reading is a date;
 * - "3 March", "3rd of March 2026", "March 3rd", "Mar 3, 2026", "3. März";
 * - "today", "yesterday", "the day before yesterday", "tomorrow", "heute",
 *   "gestern", "vorgestern", "morgen" (not in "Guten Morgen");
 * - "3 days ago", "vor 3 Tagen";
 * - "last Monday", "on Monday", "letzten Montag", "am Montag": the most
 *   recent such weekday strictly before today.
 * A date without a year is the most recent one, or up to 30 days ahead
 * (support questions are mostly about past orders and near deliveries).
 * "Today" is reckoned in `timeZone` (default UTC).
 */
import { fail, ok, type FieldCandidate, type FieldContext, type FieldResult } from "./field-types.js";

const MONTHS: Record<string, number> = {};
const addMonths = (names: string) => names.split(/\s+/).forEach((n, i) => n.split("|").forEach((alias) => (MONTHS[alias] = i + 1)));
addMonths("january|jan|januar|janner|jänner february|feb|februar march|mar|märz|maerz|marz april|apr may|mai june|jun|juni july|jul|juli august|aug september|sep|sept october|oct|oktober|okt november|nov december|dec|dezember|dez");
const WEEKDAYS: Record<string, number> = {
  sunday: 0, sonntag: 0, monday: 1, montag: 1, tuesday: 2, dienstag: 2, wednesday: 3, mittwoch: 3,
  thursday: 4, donnerstag: 4, friday: 5, freitag: 5, saturday: 6, samstag: 6, sonnabend: 6,
};
const RELATIVE: Record<string, number> = {
  today: 0, heute: 0, yesterday: -1, gestern: -1, "day before yesterday": -2, "the day before yesterday": -2, vorgestern: -2, tomorrow: 1, morgen: 1,
};

const alt = (xs: string[]) => xs.sort((a, b) => b.length - a.length).map((x) => x.replace(/\s+/g, "\\s+")).join("|");
const MONTH = `(${alt(Object.keys(MONTHS))})`;
const WEEKDAY = `(${alt(Object.keys(WEEKDAYS))})`;
const B = "(?<![\\p{L}\\p{N}])";
const E = "(?![\\p{L}\\p{N}])";

type Ymd = [number, number, number];

interface Matcher {
  re: RegExp;
  toDate(m: RegExpExecArray, today: Ymd, ctx: FieldContext): Ymd | null;
}

const MATCHERS: Matcher[] = [
  { re: new RegExp(`${B}(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})${E}`, "gu"), toDate: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  {
    re: new RegExp(`${B}(\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4}|\\d{2})${E}`, "gu"),
    toDate(m, _t, ctx) {
      const a = +m[1]!, b = +m[3]!, y = fullYear(m[4]!);
      const mdy = a <= 12 && b > 12 ? true : a > 12 ? false : orderOf(ctx) === "mdy";
      return mdy ? [y, a, b] : [y, b, a];
    },
  },
  {
    re: new RegExp(`${B}(\\d{1,2})(?:st|nd|rd|th|\\.)?\\s+(?:of\\s+)?${MONTH}\\.?(?:,?\\s+(\\d{4}))?${E}`, "giu"),
    toDate: (m, today) => withYear(today, MONTHS[m[2]!.toLowerCase()]!, +m[1]!, m[3]),
  },
  {
    re: new RegExp(`${B}${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?${E}`, "giu"),
    toDate: (m, today) => withYear(today, MONTHS[m[1]!.toLowerCase()]!, +m[2]!, m[3]),
  },
  {
    re: new RegExp(`${B}(${alt(Object.keys(RELATIVE))})${E}`, "giu"),
    toDate(m, today) {
      const word = m[1]!.toLowerCase().replace(/\s+/g, " ");
      if (word === "morgen" && /guten\s+$/i.test(m.input.slice(0, m.index))) return null;
      return addDays(today, RELATIVE[word]!);
    },
  },
  { re: new RegExp(`${B}(\\d{1,3})\\s+days?\\s+ago${E}`, "giu"), toDate: (m, today) => addDays(today, -m[1]!) },
  { re: new RegExp(`${B}vor\\s+(\\d{1,3})\\s+tag(?:en)?${E}`, "giu"), toDate: (m, today) => addDays(today, -m[1]!) },
  {
    re: new RegExp(`${B}(?:(?:last|on|letzten|letzter|letztes|vergangenen|am)\\s+)?${WEEKDAY}${E}`, "giu"),
    toDate(m, today) {
      const target = WEEKDAYS[m[1]!.toLowerCase()]!;
      const dow = new Date(Date.UTC(...toUtcArgs(today))).getUTCDay();
      const back = (dow - target + 7) % 7 || 7;
      return addDays(today, -back);
    },
  },
];

/** Dates in running text, in order of appearance, as ISO strings. */
export function findDates(text: string, ctx: FieldContext): FieldCandidate[] {
  const today = todayIn(ctx);
  const out: FieldCandidate[] = [];
  for (const matcher of MATCHERS) {
    matcher.re.lastIndex = 0;
    for (const m of text.matchAll(matcher.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (out.some((c) => c.start < end && start < c.end)) continue;
      const ymd = matcher.toDate(m as RegExpExecArray, today, ctx);
      if (ymd && valid(ymd)) out.push({ start, end, value: iso(ymd) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A whole answer that is one date (with little else: "on 3 March", "yesterday."). */
export function parseDate(raw: string, ctx: FieldContext): FieldResult {
  const text = raw.trim();
  if (!text) return fail("empty");
  const found = findDates(text, ctx);
  if (found.length === 0) return fail("not a date I can read (try 2026-03-12)");
  if (found.length > 1 && new Set(found.map((f) => f.value)).size > 1) return fail("more than one date");
  const rest = text.slice(0, found[0]!.start) + text.slice(found[0]!.end);
  if (/[\p{L}\p{N}]/u.test(rest.replace(/\b(?:on|the|it was|i think|am|ca|about|around)\b/giu, ""))) return fail("not a date I can read (try 2026-03-12)");
  return ok(found[0]!.value);
}

function orderOf(ctx: FieldContext): "dmy" | "mdy" {
  if (ctx.dateOrder) return ctx.dateOrder;
  return /^en-(us|ph)$/i.test(ctx.locale ?? "") ? "mdy" : "dmy";
}

function fullYear(y: string): number {
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

function withYear(today: Ymd, month: number, day: number, year: string | undefined): Ymd {
  if (year) return [Number(year), month, day];
  const candidate: Ymd = [today[0], month, day];
  return daysBetween(today, candidate) > 30 ? [today[0] - 1, month, day] : candidate;
}

function todayIn(ctx: FieldContext): Ymd {
  const s = new Intl.DateTimeFormat("en-CA", { timeZone: ctx.timeZone ?? "UTC", year: "numeric", month: "2-digit", day: "2-digit" }).format(ctx.now);
  const [y, m, d] = s.split("-").map(Number);
  return [y!, m!, d!];
}

const toUtcArgs = ([y, m, d]: Ymd): [number, number, number] => [y, m - 1, d];

function addDays(day: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(...toUtcArgs(day)) + n * 86_400_000);
  return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
}

function daysBetween(from: Ymd, to: Ymd): number {
  return Math.round((Date.UTC(...toUtcArgs(to)) - Date.UTC(...toUtcArgs(from))) / 86_400_000);
}

function valid([y, m, d]: Ymd): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function iso([y, m, d]: Ymd): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
