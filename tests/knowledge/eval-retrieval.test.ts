import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { registerEvalRetrievalCommand } from "../../src/cli/commands/eval-retrieval.js";
import type { KnowledgeBase, KnowledgePassage } from "../../src/knowledge/contract.js";
import { evaluateRetrieval, parseRetrievalQueries, QueriesFileError } from "../../src/knowledge/retrieval/evaluate.js";
import { tempDir } from "./helpers/kb.js";
import { runCommand } from "./helpers/kb-cli.js";

const runEval = (args: string[]) => runCommand(registerEvalRetrievalCommand, ["eval", "retrieval", ...args]);

/** A knowledge base answering each query with a fixed ranking of article ids (one passage each). */
function fakeKb(rankings: Record<string, string[]>): KnowledgeBase {
  return {
    search: async (query) => (rankings[query] ?? []).map((articleId, i) => ({ articleId, passageId: `${articleId}#p`, score: 10 - i }) as KnowledgePassage),
  };
}

describe("retrieval evaluation", () => {
  it("computes P@1, MRR@10 and recall@5 per article, counting an article's passages once", async () => {
    const queries = parseRetrievalQueries(
      [
        '{"query": "a", "article": "x"}',
        '{"query": "b", "article": "x"}',
        "# a comment",
        '{"query": "c", "article": ["y", "x"]}',
        '{"query": "d", "article": "x"}',
      ].join("\n"),
      "q.jsonl",
    );
    const kb = fakeKb({ a: ["x", "y"], b: ["y", "y", "x"], c: ["z", "z", "z", "w", "v", "u", "x"], d: ["y"] });
    const r = await evaluateRetrieval(kb, queries);
    expect(r.queries).toBe(4);
    expect(r.precisionAt1).toBe(0.25);
    // Ranks: a 1, b 2 (y's two passages count once), c 5 (z's three passages count once: z w v u x), d not found.
    expect(r.mrrAt10).toBeCloseTo((1 + 1 / 2 + 1 / 5 + 0) / 4, 10);
    expect(r.recallAt5).toBe(0.75);
    expect(r.misses.map((m) => [m.line, m.rank])).toEqual([
      [2, 2],
      [4, 5],
      [5, null],
    ]);
  });

  it("a malformed line is reported with its file and line number", () => {
    expect(() => parseRetrievalQueries('{"query": "a", "article": "x"}\n{"query": "b"}', "q.jsonl")).toThrow(/^q\.jsonl:2: article: /);
    expect(() => parseRetrievalQueries('{"query": "a", "article": "x"}\nnot json', "q.jsonl")).toThrow(QueriesFileError);
    expect(() => parseRetrievalQueries("\n# only comments\n", "q.jsonl")).toThrow(/no queries/);
  });

  it("threadline eval retrieval measures the shipped demo set (P@1, MRR@10, recall@5 above their floors)", async () => {
    const r = await runEval(["--kb", "config/knowledge", "--queries", "config/knowledge-eval.jsonl", "--at", "2026-11-25", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { queries: number; precisionAt1: number; mrrAt10: number; recallAt5: number; unknownArticles: string[] };
    expect(report.queries).toBeGreaterThanOrEqual(120);
    expect(report.unknownArticles).toEqual([]);
    // Measured 0.829 / 0.890 / 0.974 when written; the floors catch a regression, not noise.
    expect(report.precisionAt1).toBeGreaterThanOrEqual(0.8);
    expect(report.mrrAt10).toBeGreaterThanOrEqual(0.86);
    expect(report.recallAt5).toBeGreaterThanOrEqual(0.93);
  });

  it("prints a table and names queries whose articles cannot be served", async () => {
    const dir = tempDir();
    const file = join(dir, "q.jsonl");
    writeFileSync(file, '{"query": "how do I return boots", "article": "returns-policy"}\n{"query": "gift card", "article": "gift-cards"}\n');
    const r = await runEval(["--kb", "config/knowledge", "--queries", file, "--at", "2026-11-25"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^queries\s+2\nP@1\s+\d+\.\d %\nMRR@10\s+\d+\.\d %\nrecall@5\s+\d+\.\d %\n/);
    expect(r.stdout).toContain('no servable article with id "gift-cards"');
  });

  it("a bad queries file exits 2 naming the line", async () => {
    const dir = tempDir();
    const file = join(dir, "q.jsonl");
    writeFileSync(file, '{"query": "x", "article": "returns-policy", "extra": 1}\n');
    const r = await runEval(["--kb", "config/knowledge", "--queries", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/q\.jsonl:1: /);
  });
});
