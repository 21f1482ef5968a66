import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/knowledge/article.js";
import { compileForbiddenRules } from "../../src/knowledge/guard.js";
import { formatLintProblem, lintKnowledge, type LintSettings } from "../../src/knowledge/lint.js";
import { splitPassages } from "../../src/knowledge/passages.js";
import { articleText, published, T0 } from "./helpers/kb.js";

const DAY = 86_400_000;
const settings = (over: Partial<LintSettings> = {}): LintSettings => ({
  scenarios: ["shipping", "returns"],
  locales: ["en", "de"],
  expiryWarningMs: 14 * DAY,
  now: T0,
  forbidden: compileForbiddenRules([
    { pattern: "\\bguarantee[sd]?\\b", reason: "no guarantees", action: "block", applies_to: ["articles", "answers"] },
    { phrase: "Summit Supply Co", reason: "competitor", action: "rewrite", replacement: "others", applies_to: ["answers"] },
  ]),
  ...over,
});

function lint(files: Record<string, string>, over: Partial<LintSettings> = {}) {
  return lintKnowledge(
    Object.entries(files).map(([file, text]) => {
      const result = parseArticle(text, file);
      return { file, result, passages: result.ok ? splitPassages(result.article).length : 0 };
    }),
    settings(over),
  );
}
const rules = (r: ReturnType<typeof lint>) => r.problems.map((p) => `${p.severity} ${p.rule} ${p.file}:${p.line}`);

describe("knowledge lint", () => {
  it("passes a clean article", () => {
    expect(lint({ "a.md": published("a") }).problems).toEqual([]);
  });

  it("front-matter: broken front matter is an error at its line and withholds the file", () => {
    const r = lint({ "a.md": "---\nid: a\ntitle: [x\n---\n" });
    expect(rules(r)).toEqual(["error front-matter a.md:3"]);
    expect(r.withheld).toEqual(new Set(["a.md"]));
  });

  it("duplicate-id: every file with the id is reported, naming the others", () => {
    const r = lint({ "a.md": published("same"), "b.md": published("same"), "c.md": published("other") });
    expect(rules(r)).toEqual(["error duplicate-id a.md:2", "error duplicate-id b.md:2"]);
    expect(r.problems[0]?.message).toMatch(/duplicate id "same" \(also in b\.md:2\)/);
    expect(r.withheld).toEqual(new Set(["a.md", "b.md"]));
  });

  it("unknown-scenario: points at the tag's own line", () => {
    const text = "---\nid: a\ntitle: T\nstatus: draft\nlocale: en\nscenarios:\n  - shipping\n  - teleport\nowner: o\n---\n\nText.\n";
    const r = lint({ "a.md": text });
    expect(rules(r)).toEqual(["error unknown-scenario a.md:8"]);
    expect(r.problems[0]?.message).toMatch(/unknown scenario tag "teleport" \(known: shipping, returns\)/);
    expect(rules(lint({ "a.md": text }, { scenarios: ["shipping", "teleport"] }))).toEqual([]);
  });

  it("unknown-locale: a locale outside knowledge.locales (regional variants of a configured language pass)", () => {
    expect(rules(lint({ "a.md": published("a", { locale: "fr" }) }))).toEqual(["error unknown-locale a.md:5"]);
    expect(lint({ "a.md": published("a", { locale: "de-AT" }) }).problems).toEqual([]);
  });

  it("forbidden-phrase: reports the line of each hit in body or front matter, only for rules applying to articles", () => {
    const r = lint({ "a.md": published("a", { title: "Guaranteed delivery" }, "## Late\n\nFine text.\nWe guarantee it.\nSummit Supply Co is a competitor.") });
    expect(rules(r)).toEqual(["error forbidden-phrase a.md:3", "error forbidden-phrase a.md:14"]);
    expect(formatLintProblem(r.problems[1]!)).toBe('a.md:14: error: forbidden phrasing "guarantee" (/\\bguarantee[sd]?\\b/): no guarantees [forbidden-phrase]');
    expect(r.withheld.has("a.md")).toBe(true);
  });

  it("expired-published: an error that does not withhold (expiry is enforced at search time anyway)", () => {
    const r = lint({ "a.md": published("a", { expires_at: "2026-11-24" }) });
    expect(rules(r)).toEqual(["error expired-published a.md:9"]);
    expect(r.withheld.size).toBe(0);
    // Archived or draft articles may carry past dates.
    expect(lint({ "a.md": published("a", { status: "archived", expires_at: "2026-01-01" }) }).problems).toEqual([]);
  });

  it("expiring-soon and review-due are warnings, inside the window only", () => {
    const at = (days: number) => new Date(T0.getTime() + days * DAY).toISOString();
    expect(rules(lint({ "a.md": published("a", { expires_at: at(14) }) }))).toEqual(["warning expiring-soon a.md:9"]);
    expect(lint({ "a.md": published("a", { expires_at: at(14.01) }) }).problems).toEqual([]);
    expect(rules(lint({ "a.md": published("a", { review_by: at(3) }) }))).toEqual(["warning review-due a.md:8"]);
    expect(lint({ "a.md": published("a", { review_by: at(-3) }) }).problems[0]?.message).toMatch(/review overdue since/);
  });

  it("no-review-date and empty-article are warnings for published articles", () => {
    const bare = articleText({ id: "a", title: "T", status: "published", locale: "en", scenarios: ["shipping"], owner: "o" }, "");
    expect(rules(lint({ "a.md": bare }))).toEqual(["warning no-review-date a.md:1", "warning empty-article a.md:9"]);
    expect(lint({ "a.md": bare.replace("published", "draft") }).problems).toEqual([]);
  });
});
