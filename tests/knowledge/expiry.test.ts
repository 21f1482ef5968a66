import { describe, expect, it } from "vitest";
import { availability, expiryReport, formatExpiryDigest, isServable } from "../../src/knowledge/expiry.js";
import { parseArticle, type Article } from "../../src/knowledge/article.js";
import { published, T0 } from "./helpers/kb.js";

const DAY = 86_400_000;
const ms = (iso: string) => new Date(iso);
function article(extra: Record<string, string>): Article {
  const r = parseArticle(published("a", extra), "a.md");
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.article;
}

describe("expiry rules (fixed clock)", () => {
  it("valid_from is inclusive, to the millisecond", () => {
    const a = article({ valid_from: "2026-12-01T09:00:00Z" });
    expect(availability(a, ms("2026-12-01T08:59:59.999Z"))).toBe("not_yet_valid");
    expect(availability(a, ms("2026-12-01T09:00:00.000Z"))).toBe("servable");
  });

  it("expires_at is exclusive: the article stops answering at that instant", () => {
    const a = article({ expires_at: "2026-12-03" });
    expect(isServable(a, ms("2026-12-02T23:59:59.999Z"))).toBe(true);
    expect(availability(a, ms("2026-12-03T00:00:00.000Z"))).toBe("expired");
    expect(availability(a, ms("2027-05-01T00:00:00.000Z"))).toBe("expired");
  });

  it("a date without a time means 00:00 UTC; offsets are honoured", () => {
    expect(article({ valid_from: "2026-12-01" }).validFrom?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(article({ expires_at: "2026-12-01T00:00:00+01:00" }).expiresAt?.toISOString()).toBe("2026-11-30T23:00:00.000Z");
  });

  it("drafts and archived articles never answer, whatever their dates", () => {
    expect(availability(article({ status: "draft" }), T0)).toBe("draft");
    expect(availability(article({ status: "archived", valid_from: "2020-01-01", expires_at: "2099-01-01" }), T0)).toBe("archived");
  });

  it("reports expired, expiring and review-due published articles inside the window, most urgent first", () => {
    const at = (days: number) => new Date(T0.getTime() + days * DAY).toISOString();
    const articles = [
      article({ id: "expired", expires_at: at(-1) }),
      article({ id: "edge", expires_at: at(14) }),
      article({ id: "outside", expires_at: at(14.5) }),
      article({ id: "review", review_by: at(2) }),
      article({ id: "draft", status: "draft", expires_at: at(1) }),
    ].map((a, i) => ({ ...a, id: ["expired", "edge", "outside", "review", "draft"][i]! }));
    const report = expiryReport(articles, T0, 14 * DAY);
    expect(report.map((e) => [e.articleId, e.kind, e.days])).toEqual([
      ["expired", "expired", -1],
      ["review", "review_due", 2],
      ["edge", "expiring", 14],
    ]);
    const digest = formatExpiryDigest(report, T0);
    expect(digest?.split("\n")[0]).toBe("Knowledge base: 3 articles need attention (2026-11-24)");
    expect(digest).toMatch(/• Title of a \(edge, a\.md\) — expires 2026-12-08 — owner: Test Owner/);
    expect(formatExpiryDigest([], T0)).toBeNull();
  });
});
