import type { Article } from "./article.js";

/**
 * Time rules of the knowledge base, evaluated against an injected "now"
 * (never the wall clock directly) so every boundary is testable.
 *
 * Validity is the half-open interval [valid_from, expires_at): an article is
 * served from the `valid_from` instant on and no longer at the `expires_at`
 * instant itself. A date without a time means 00:00 UTC of that date.
 */
export type Availability = "servable" | "draft" | "archived" | "not_yet_valid" | "expired";

type Timed = Pick<Article, "status" | "validFrom" | "expiresAt">;

export function availability(a: Timed, now: Date): Availability {
  if (a.status !== "published") return a.status;
  const t = now.getTime();
  if (a.validFrom && t < a.validFrom.getTime()) return "not_yet_valid";
  if (a.expiresAt && t >= a.expiresAt.getTime()) return "expired";
  return "servable";
}

/** Only published articles inside their validity window may answer customers. */
export function isServable(a: Timed, now: Date): boolean {
  return availability(a, now) === "servable";
}

export interface ExpiryEntry {
  articleId: string;
  title: string;
  file: string;
  owner: string;
  /** expired: published but past expires_at; expiring: expires within the window; review_due: review_by within the window or past. */
  kind: "expired" | "expiring" | "review_due";
  at: Date;
  /** Whole days from now until `at` (negative when past). */
  days: number;
}

const DAY = 86_400_000;

/**
 * Published articles needing attention: expired (still published), expiring
 * within `windowMs`, or due for review within `windowMs` (or overdue).
 * Sorted by date, most urgent first. Drafts and archived articles are not
 * reported: they never answer, so their dates carry no risk.
 */
export function expiryReport(articles: readonly Article[], now: Date, windowMs: number): ExpiryEntry[] {
  const t = now.getTime();
  const out: ExpiryEntry[] = [];
  const entry = (a: Article, kind: ExpiryEntry["kind"], at: Date): ExpiryEntry => ({
    articleId: a.id,
    title: a.title,
    file: a.file,
    owner: a.owner,
    kind,
    at,
    days: Math.floor((at.getTime() - t) / DAY),
  });
  for (const a of articles) {
    if (a.status !== "published") continue;
    if (a.expiresAt && a.expiresAt.getTime() <= t) out.push(entry(a, "expired", a.expiresAt));
    else if (a.expiresAt && a.expiresAt.getTime() - t <= windowMs) out.push(entry(a, "expiring", a.expiresAt));
    if (a.reviewBy && a.reviewBy.getTime() - t <= windowMs) out.push(entry(a, "review_due", a.reviewBy));
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || a.articleId.localeCompare(b.articleId));
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function describeExpiry(e: ExpiryEntry): string {
  if (e.kind === "expired") return `expired on ${day(e.at)} but is still published (never used for answers)`;
  if (e.kind === "expiring") return `expires on ${day(e.at)} (in ${e.days} day${e.days === 1 ? "" : "s"})`;
  return e.days < 0 ? `review was due on ${day(e.at)}` : `review due by ${day(e.at)}`;
}

/**
 * The daily digest for the escalation bots (Slack/Discord): one plain-text
 * message listing what owners must act on, or null when nothing is due (no
 * message beats a daily "all fine" that teaches people to ignore it).
 */
export function formatExpiryDigest(entries: readonly ExpiryEntry[], now: Date): string | null {
  if (entries.length === 0) return null;
  const lines = [`Knowledge base: ${entries.length} article${entries.length === 1 ? " needs" : "s need"} attention (${day(now)})`];
  for (const e of entries) {
    const what = e.kind === "expired" ? `expired ${day(e.at)}` : e.kind === "expiring" ? `expires ${day(e.at)}` : `review due ${day(e.at)}`;
    lines.push(`• ${e.title} (${e.articleId}, ${e.file}) — ${what} — owner: ${e.owner}`);
  }
  return lines.join("\n");
}
