import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/knowledge/article.js";
import { compileForbiddenRules } from "../../src/knowledge/guard.js";
import { parseCsv, readQaCsv } from "../../src/knowledge/import/csv.js";
import { htmlToMarkdown } from "../../src/knowledge/import/html.js";
import { importContent, type ImportOptions } from "../../src/knowledge/import/import.js";
import { runKb } from "./helpers/kb-cli.js";
import { published, tempDir, writeFiles } from "./helpers/kb.js";

const options = (outDir: string, over: Partial<ImportOptions> = {}): ImportOptions => ({
  outDir,
  owner: "Import Bot",
  locale: "en",
  scenarios: ["shipping", "returns", "payment"],
  forbidden: compileForbiddenRules([{ pattern: "\\bguarantee[sd]?\\b", reason: "no guarantees", action: "block", applies_to: ["articles", "answers"] }]),
  ...over,
});

describe("CSV reading", () => {
  it("handles quotes, doubled quotes, line breaks in fields, CRLF and semicolons", () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\r\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"\nthere'],
    ]);
    expect(parseCsv("frage;antwort\nWie?;So.\n")).toEqual([
      ["frage", "antwort"],
      ["Wie?", "So."],
    ]);
    const rows = readQaCsv('Question,Answer,Category\n"Two\nlines",A1,Shipping\nQ2,A2,\n');
    expect(rows).toEqual([
      { question: "Two\nlines", answer: "A1", category: "Shipping", line: 2 },
      { question: "Q2", answer: "A2", category: null, line: 4 },
    ]);
    expect(() => readQaCsv("title,text\nx,y\n")).toThrow(/"question" and "answer" columns/);
  });

  it("counts blank lines and mixed line endings into a row's line number, and names file and line of a broken row", () => {
    const rows = readQaCsv('question,answer\r\n\r\nQ1,"A\r\nB"\n\nQ2,A2\rQ3,A3\n', "faq.csv");
    expect(rows.map((r) => [r.question, r.line])).toEqual([
      ["Q1", 3],
      ["Q2", 6],
      ["Q3", 7],
    ]);
    expect(() => readQaCsv('question,answer\nQ1,"never closed\n', "faq.csv")).toThrow(/^faq\.csv:\d+: unterminated quoted field/);
  });
});

describe("HTML to Markdown", () => {
  it("keeps the article's content and structure and drops page chrome", () => {
    const { title, markdown } = htmlToMarkdown(`<html><head><title>Help – Returns</title><script>track()</script></head><body>
      <nav><a href="/">Home</a></nav><article><h1>Returns &amp; exchanges</h1>
      <p>You have <strong>30 days</strong> to return items. See <a href="https://help.example.com/x">our page</a>.</p>
      <h2>Steps</h2><ul><li>Open the portal</li><li>Print the label</li></ul>
      <table><tr><th>Region</th><th>Cost</th></tr><tr><td>EU</td><td>free</td></tr></table></article>
      <footer>© Shop</footer></body></html>`);
    expect(title).toBe("Returns & exchanges");
    expect(markdown).toBe(
      [
        "You have **30 days** to return items. See [our page](https://help.example.com/x).",
        "## Steps",
        "- Open the portal\n- Print the label",
        "| Region | Cost |\n| --- | --- |\n| EU  | free |",
      ].join("\n\n"),
    );
  });
});

describe("HTML to Markdown, real-world markup", () => {
  it("decodes every named entity, keeps nested lists and numbered steps, and keeps text directly inside <div>", () => {
    const { title, markdown } = htmlToMarkdown(`<main><h1>R&uuml;ckgabe</h1><div>Sie haben 30 Tage f&uuml;r die R&uuml;ckgabe&nbsp;&ndash; ab Zustellung.</div>
      <ul><li>Schuhe<ul><li>nur drinnen getragen</li><li>mit Karton</li></ul></li><li>Jacken</li></ul>
      <ol><li>Portal &ouml;ffnen</li><li>Etikett drucken</li></ol><div><div>Fragen? <a href="/kontakt">Kontakt</a></div></div></main>`);
    expect(title).toBe("Rückgabe");
    expect(markdown).toContain("Sie haben 30 Tage für die Rückgabe\u00a0– ab Zustellung.");
    expect(markdown).toContain("- Schuhe\n  - nur drinnen getragen\n  - mit Karton\n- Jacken");
    expect(markdown).toContain("1. Portal öffnen\n2. Etikett drucken");
    expect(markdown).toContain("Fragen? [Kontakt](/kontakt)");
    expect(markdown).not.toMatch(/&\w+;/);
  });
});

describe("kb import", () => {
  it("imports Markdown, HTML and CSV as draft articles with unique ids and review notes", async () => {
    const src = tempDir();
    const out = tempDir();
    writeFiles(out, { "existing.md": published("shipping-to-norway") });
    writeFiles(src, {
      "faq.csv":
        "question;answer;category\nShipping to Norway?;We ship to Norway in 4 days, every weekday from Berlin, with tracking.;Shipping\nPayment by card?;We guarantee that every card works.;Billing\n",
      "page.html": "<html><body><main><h1>Lost parcels</h1><p>Tell us within 14 days and we open a claim with the carrier for you.</p></main></body></html>",
      "old/plain.md": "# Gift wrapping\n\nWe wrap gifts for 3 euros.\n",
      "old/fm.md": published(
        "keep-me",
        { scenarios: ["returns"] },
        "## Window\n\nThirty days to return anything unused, with tags, in its box, from anywhere.",
      ),
      "ignored.txt": "not content",
    });
    const result = await importContent([src], src, options(out));
    expect(result.skipped).toEqual([]);
    expect(result.articles.map((a) => [a.id, a.file, a.source])).toEqual([
      ["shipping-to-norway-2", "imported/shipping-to-norway-2.md", "faq.csv:2"],
      ["payment-by-card", "imported/payment-by-card.md", "faq.csv:3"],
      ["title-of-keep-me", "imported/title-of-keep-me.md", "old/fm.md"],
      ["gift-wrapping", "imported/gift-wrapping.md", "old/plain.md"],
      ["lost-parcels", "imported/lost-parcels.md", "page.html"],
    ]);
    const review = Object.fromEntries(result.articles.map((a) => [a.id, a.review]));
    expect(review["shipping-to-norway-2"]).toEqual(["draft: read it, then set status: published"]);
    expect(review["payment-by-card"]).toEqual(
      expect.arrayContaining([
        "no scenario tags: add the scenarios it answers",
        'forbidden phrasing "guarantee": no guarantees',
        "very short: check nothing was lost in the import",
      ]),
    );
    for (const a of result.articles) {
      const parsed = parseArticle(readFileSync(join(out, a.file), "utf8"), a.file);
      expect(parsed.ok && parsed.article).toMatchObject({ id: a.id, status: "draft", owner: "Import Bot", locale: "en" });
    }
    const norway = parseArticle(readFileSync(join(out, "imported/shipping-to-norway-2.md"), "utf8"), "x");
    expect(norway.ok && norway.article).toMatchObject({ title: "Shipping to Norway?", scenarios: ["shipping"] });
    // A second import never overwrites: ids move on.
    const again = await importContent([join(src, "page.html")], src, options(out));
    expect(again.articles[0]?.id).toBe("lost-parcels-2");
  });

  it("dry run writes nothing", async () => {
    const src = tempDir();
    const out = tempDir();
    writeFiles(src, { "a.md": "# A\n\nText." });
    const r = await importContent([src], src, options(out, { dryRun: true }));
    expect(r.articles).toHaveLength(1);
    expect(existsSync(join(out, "imported"))).toBe(false);
  });

  it("shows a progress bar for large imports and a summary of what needs review", async () => {
    const src = tempDir();
    const out = tempDir();
    const rows = Array.from(
      { length: 30 },
      (_, i) => `Question number ${i}?,Answer number ${i} is long enough to need no shortness warning at all here.,${i % 2 ? "Returns" : "Misc"}`,
    );
    writeFiles(src, { "faq.csv": `question,answer,category\n${rows.join("\n")}\n` });
    const r = await runKb(["import", join(src, "faq.csv"), "--dir", out, "--owner", "Ops"], { cwd: process.cwd() });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\rimporting \[#{30}\] 30\/30\n$/);
    expect(r.stdout).toMatch(/imported 30 articles as drafts into .*imported\/ \(0 sources skipped\)/);
    expect(r.stdout).toMatch(/needs review beyond publishing \(15\):/);
    expect(r.stdout).toMatch(/question-number-0\.md \(from .*faq\.csv:2\): no scenario tags/);
  });
});
