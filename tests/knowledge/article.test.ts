import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/knowledge/article.js";
import { parseSimpleFrontMatter, parseWithYamlLibrary } from "../../src/knowledge/front-matter-fast.js";
import { splitPassages } from "../../src/knowledge/passages.js";
import { articleText, published } from "./helpers/kb.js";

const problemsOf = (text: string) => {
  const r = parseArticle(text, "a.md");
  if (r.ok) throw new Error("expected problems");
  return r.problems;
};

describe("article files", () => {
  it("parses front matter and body with lines, dates and defaults", () => {
    const r = parseArticle(
      articleText(
        {
          id: "returns",
          title: "Returns",
          status: "published",
          locale: "en",
          scenarios: ["returns", "refunds"],
          owner: "Jo",
          valid_from: "2026-01-01",
          expires_at: "2026-12-31T18:00:00+01:00",
        },
        "Intro.\n\n## Window\n\n30 days.",
      ),
      "returns.md",
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.article;
    expect(a).toMatchObject({ id: "returns", status: "published", scenarios: ["returns", "refunds"], audience: "customer", reviewBy: null, bodyLine: 11 });
    expect(a.validFrom?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(a.expiresAt?.toISOString()).toBe("2026-12-31T17:00:00.000Z");
    expect(a.lines.keys).toMatchObject({ id: 2, scenarios: 6, expires_at: 9 });
    expect(a.lines.scenarios).toEqual([6, 6]);
  });

  it("reports broken front matter with file and line", () => {
    expect(problemsOf("# no front matter\n")).toEqual([{ file: "a.md", line: 1, message: expect.stringMatching(/front matter missing/) }]);
    expect(problemsOf("---\nid: x\n")[0]?.message).toMatch(/not closed/);
    expect(problemsOf("---\nid: x\ntitle: [unclosed\n---\n")[0]).toMatchObject({ line: expect.any(Number), message: expect.stringMatching(/YAML syntax/) });
    const unknown = problemsOf(articleText({ id: "x", title: "T", status: "published", locale: "en", owner: "o", expires: "2027-01-01" }));
    expect(unknown).toEqual([{ file: "a.md", line: 7, message: expect.stringMatching(/front matter expires: unknown key/) }]);
    const missing = problemsOf(articleText({ id: "x", title: "T", locale: "en", owner: "o" }));
    expect(missing[0]?.message).toMatch(/front matter status: expected one of "draft", "published", "archived"/);
    const badDate = problemsOf(articleText({ id: "x", title: "T", status: "published", locale: "en", owner: "o", review_by: "next week" }));
    expect(badDate).toEqual([{ file: "a.md", line: 7, message: expect.stringMatching(/review_by: expected a date/) }]);
    const order = problemsOf(
      articleText({ id: "x", title: "T", status: "published", locale: "en", owner: "o", valid_from: "2027-01-01", expires_at: "2026-01-01" }),
    );
    expect(order[0]?.message).toMatch(/expires_at: must be later than valid_from/);
    expect(problemsOf(articleText({ id: "Bad Id", title: "T", status: "live", locale: "english", owner: "o" })).length).toBe(3);
  });

  it("hashes content, not formatting: key order and comments do not change the hash, values and body do", () => {
    const hash = (text: string) => {
      const r = parseArticle(text, "a.md");
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      return r.article.contentHash;
    };
    const base = published("a");
    const reordered = articleText({
      title: "Title of a",
      id: "a",
      status: "published",
      locale: "en",
      scenarios: ["shipping"],
      owner: "Test Owner",
      review_by: "2027-06-01",
    });
    expect(hash(reordered)).toBe(hash(base));
    expect(hash(base.replace("---\n\n", "---\n\n\n").replace("owner:", "# who\nowner:"))).toBe(hash(base));
    expect(hash(base.replace(/\n/g, "\r\n"))).toBe(hash(base));
    expect(hash(published("a", { status: "archived" }))).not.toBe(hash(base));
    expect(hash(published("a", {}, "## Section\n\nOther text."))).not.toBe(hash(base));
  });

  it("splits the body into passages by heading, with heading paths, lines and unique ids", () => {
    const r = parseArticle(
      articleText(
        { id: "ship", title: "Shipping", status: "published", locale: "en", owner: "o" },
        "# Shipping\n\nIntro **text** with a [link](https://x.example).\n\n## UK\n\nUK text.\n\n### Costs\n\n- £8.95\n- free over £130\n\n## UK\n\nAgain.\n\n```\n# not a heading\n```",
      ),
      "ship.md",
    );
    if (!r.ok) throw new Error("parse failed");
    const passages = splitPassages(r.article);
    expect(passages.map((p) => [p.id, p.headings, p.line])).toEqual([
      ["ship#intro", [], 9],
      ["ship#uk", ["UK"], 13],
      ["ship#costs", ["UK", "Costs"], 17],
      ["ship#uk-2", ["UK"], 22],
    ]);
    expect(passages[0]?.text).toBe("Intro text with a link.");
    expect(passages[2]?.text).toBe("£8.95\nfree over £130");
    expect(passages[3]?.text).toContain("# not a heading");
  });
});

describe("front-matter fast path", () => {
  const samples = [
    "id: a\ntitle: Returns and refunds\nstatus: published\nscenarios: [returns, refunds]",
    "id: a\nscenarios:\n  - returns\n  - refunds\nowner: 'O''Brien'\ntitle: \"Quoted: yes\"",
    "title: Black Week 2026 extended returns\nvalid_from: 2026-11-20\nexpires_at: 2026-12-03T00:00:00+01:00",
    "# comment\nid: a\n\nscenarios: []\n",
    "id: 2026\ntitle: x",
    "id: true",
    "title: a: b",
    "title: x # comment",
    "title: |\n  multi\n  line",
    "id: a\nid: b",
    "nested:\n  key: value",
    'scenarios: ["a", b]',
    'title: "esc\\"aped"',
    "title: &anchor x",
    "title:",
    "title: ~",
    "title: 1e3",
    "title: .inf",
    "title: 0x1F",
    "title: - item",
  ];
  it.each(samples)("matches the YAML library or declines: %j", (text) => {
    const fast = parseSimpleFrontMatter(text);
    if (fast === null) return;
    expect(fast.data).toEqual(parseWithYamlLibrary(text));
  });

  it("takes the fast path for every shipped article shape", () => {
    expect(parseSimpleFrontMatter(samples[0]!)).not.toBeNull();
    expect(parseSimpleFrontMatter(samples[1]!)).not.toBeNull();
    expect(parseSimpleFrontMatter(samples[2]!)).not.toBeNull();
    for (const declined of ["id: 2026", "title: a: b", "id: a\nid: b", "title: |\n  multi"]) expect(parseSimpleFrontMatter(declined)).toBeNull();
  });
});
