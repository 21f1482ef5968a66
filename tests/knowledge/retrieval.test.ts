import { describe, expect, it } from "vitest";
import { buildIndex, type IndexDocument } from "../../src/knowledge/retrieval/bm25.js";
import { osaDistance } from "../../src/knowledge/retrieval/fuzzy.js";
import { analyzerFor } from "../../src/knowledge/text/analyzer.js";
import { articleText, published, tempDir, testKb, writeFiles } from "./helpers/kb.js";

const doc = (body: string, extra: Partial<IndexDocument> = {}): IndexDocument => ({ title: "", headings: "", body, locale: "en", ...extra });
const top = (docs: IndexDocument[], query: string, options: Record<string, unknown> = {}) =>
  buildIndex(docs)
    .search(query, { limit: 5, ...options })
    .map((h) => h.doc);

describe("text analysis", () => {
  it("normalises case, accents and ß, drops stop words and stems per language", () => {
    expect(analyzerFor("en").terms("The parcels were SHIPPED and delivered")).toEqual(["parcel", "ship", "deliv"]);
    expect(analyzerFor("de").terms("Die Rücksendungen der Pakete")).toEqual(["rucksendung", "pak"]);
    expect(analyzerFor("de").terms("Straße")).toEqual(analyzerFor("de").terms("STRASSE"));
    expect(analyzerFor("fr").terms("les livraisons")).toEqual(["livraison"]);
    expect(analyzerFor("pt-BR").terms("Entrega rápida")).toEqual(["entrega", "rapida"]);
  });

  it("measures typos as optimal string alignment distance", () => {
    expect(osaDistance("recieve", "receive", 2)).toBe(1);
    expect(osaDistance("shiping", "shipping", 2)).toBe(1);
    expect(osaDistance("abc", "xyz", 1)).toBe(2);
  });
});

describe("BM25 index", () => {
  it("ranks a title match above the same word deep in a long body", () => {
    const filler = "lorem ipsum dolor sit amet ".repeat(20);
    expect(top([doc(`${filler} warranty ${filler}`), doc("how to claim", { title: "Warranty" })], "warranty")).toEqual([1, 0]);
  });

  it("prefers passages matching more and rarer query words", () => {
    const docs = [doc("delivery to the UK takes 3 days"), doc("delivery to Germany takes 1 day"), doc("returns from the UK cost money")];
    expect(top(docs, "delivery UK")[0]).toBe(0);
  });

  it("tolerates typos unless turned off, and never on short words", () => {
    const docs = [doc("shipping to Norway"), doc("passwords and accounts")];
    expect(top(docs, "shiping norwey")).toEqual([0]);
    expect(top(docs, "pasword")).toEqual([1]);
    expect(top(docs, "shiping", { typoTolerance: false })).toEqual([]);
    expect(top([doc("the box")], "fox")).toEqual([]);
  });

  it("expands synonyms below the customer's own words", () => {
    const docs = [doc("Refunds reach your card in 5 days"), doc("Money back is possible in some cases")];
    expect(top(docs, "when do I get my money back")).toEqual([1, 0]);
    expect(top([doc("Refunds reach your card in 5 days")], "money back")).toEqual([0]);
  });

  it("matches German compounds and keeps languages apart", () => {
    const docs = [
      doc("Rücksendungen sind kostenlos", { locale: "de" }),
      doc("Returns are free of charge"),
      doc("Versandkosten nach Österreich", { locale: "de" }),
    ];
    expect(top(docs, "sendung")).toEqual([0]);
    expect(top(docs, "versand", { language: "de" })).toEqual([2]);
    expect(top(docs, "free of charge", { language: "de" })).toEqual([]);
    // Synonym groups span languages: an English word still finds the German passage when German is asked for.
    expect(top(docs, "returns", { language: "de" })).toEqual([0]);
    expect(top(docs, "free", { language: "fr" })).toEqual([]);
  });

  it("guesses a query's language from its letters, not only its function words, to prefer that language's passages", () => {
    // The same words in both languages; the query's last word is German but no function word, and matches neither.
    const docs = [doc("Hotline service status"), doc("Hotline Service Status", { locale: "de" })];
    expect(top(docs, "Hotline Service Status Öffnungszeiten")[0]).toBe(1);
    expect(top(docs, "Hotline service status opening")[0]).toBe(0);
  });

  it("prunes common words (MaxScore) without changing the top k", () => {
    let seed = 11;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const common = ["order", "parcel", "delivery", "customer", "days"];
    const rare = Array.from({ length: 300 }, (_, i) => `word${i}x`);
    const docs = Array.from({ length: 3000 }, () =>
      doc(Array.from({ length: 12 }, () => (rand() < 0.6 ? common[Math.floor(rand() * 5)] : rare[Math.floor(rand() * rare.length)])).join(" ")),
    );
    const index = buildIndex(docs);
    for (const query of ["order parcel word7x", "delivery customer days", "word1x word2x order", "days"]) {
      for (const accept of [undefined, (d: number) => d % 3 !== 0]) {
        // First stage only: the re-ranking deliberately looks at the top candidates, not at every document.
        const exhaustive = index.search(query, { limit: docs.length, accept, rerank: false });
        expect(index.search(query, { limit: 5, accept, rerank: false })).toEqual(exhaustive.slice(0, 5));
      }
    }
  });

  it("applies the accept filter and the limit", () => {
    const docs = Array.from({ length: 20 }, (_, i) => doc(`tent number ${i}`));
    const index = buildIndex(docs);
    expect(index.search("tent", { limit: 3 })).toHaveLength(3);
    expect(index.search("tent", { limit: 50, accept: (d) => d % 2 === 0 }).every((h) => h.doc % 2 === 0)).toBe(true);
    expect(index.search("tent", { limit: 0 })).toEqual([]);
    expect(index.search("", { limit: 5 })).toEqual([]);
  });
});

describe("knowledge base search", () => {
  const files = {
    "live.md": published("live", { scenarios: ["shipping"] }, "## Norway\n\nParcels to Norway take 4 days."),
    "draft.md": published("draft", { status: "draft" }, "## Norway\n\nDraft text about Norway."),
    "archived.md": published("archived", { status: "archived" }, "## Norway\n\nOld Norway policy."),
    "expired.md": published("expired", { expires_at: "2026-11-01" }, "## Norway\n\nExpired Norway promotion."),
    "future.md": published("future", { valid_from: "2026-12-24" }, "## Norway\n\nChristmas Norway delivery."),
    "returns.md": published("returns", { scenarios: ["returns"] }, "## Norway\n\nReturning from Norway is free."),
    "internal.md": published("internal", { audience: "internal" }, "## Norway\n\nAgents: Norway carrier contract."),
    "de.md": published("versand", { locale: "de" }, "## Norwegen\n\nPakete nach Norwegen brauchen 4 Tage (Norway)."),
  };

  it("answers only from published articles inside their validity window", async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    const { kb, clock } = testKb(dir);
    await kb.reload();
    const ids = async (options = {}) => (await kb.search("norway", { limit: 10, ...options })).map((h) => h.articleId).sort();
    expect(await ids()).toEqual(["live", "returns", "versand"]);
    clock.set(new Date("2026-12-24T00:00:00Z"));
    expect(await ids()).toContain("future");
  });

  it("narrows by scenario, locale and audience", async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    const { kb } = testKb(dir);
    await kb.reload();
    const ids = async (options: Record<string, unknown>) => (await kb.search("norway", { limit: 10, ...options })).map((h) => h.articleId).sort();
    expect(await ids({ scenario: "returns" })).toEqual(["returns"]);
    expect(await ids({ scenario: ["returns", "shipping"] })).toEqual(["live", "returns", "versand"]);
    expect(await ids({ scenario: "warranty" })).toEqual([]);
    expect(await ids({ locale: "de-AT" })).toEqual(["versand"]);
    expect(await ids({ audience: "internal" })).toEqual(["internal", "live", "returns", "versand"]);
  });

  it("returns passages with article id, version, score and location", async () => {
    const dir = tempDir();
    writeFiles(dir, { "live.md": files["live.md"] });
    const { kb } = testKb(dir);
    await kb.reload();
    const [hit] = await kb.search("how long to norway");
    expect(hit).toMatchObject({
      articleId: "live",
      version: 1,
      passageId: "live#norway",
      title: "Title of live",
      headings: ["Norway"],
      file: "live.md",
      line: 11,
      text: "Parcels to Norway take 4 days.",
      scenarios: ["shipping"],
      locale: "en",
      audience: "customer",
    });
    expect(hit?.score).toBeGreaterThan(0);
    expect(await kb.search("   ")).toEqual([]);
  });

  it("keeps serving nothing broken: an article with a lint error is not indexed", async () => {
    const dir = tempDir();
    writeFiles(dir, { "bad.md": articleText({ id: "bad", title: "Bad", status: "published", locale: "en", scenarios: ["nope"], owner: "o" }, "Norway text.") });
    const { kb } = testKb(dir);
    await kb.reload();
    expect(await kb.search("norway")).toEqual([]);
    expect(kb.problems().map((p) => p.rule)).toContain("unknown-scenario");
  });
});
