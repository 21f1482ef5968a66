import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { createKnowledgeBase } from "../../src/knowledge/index.js";
import { silentLogger } from "../../src/core/logger.js";
import { knowledgeSettings, published, tempDir, testClock, testKb, writeFiles } from "./helpers/kb.js";

const hasGit = (() => {
  try {
    execFileSync("git", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("article versions", () => {
  it("records version 1 of every article on first load, and nothing on an unchanged reload", async () => {
    const dir = tempDir();
    writeFiles(dir, { "a.md": published("a"), "sub/b.md": published("b", { status: "draft" }) });
    const { kb, store } = testKb(dir);
    const first = await kb.reload();
    expect(first.ok && first.created.map((v) => [v.articleId, v.version, v.file, v.author, v.authorSource])).toEqual([
      ["a", 1, "a.md", "Test Owner", "owner"],
      ["b", 1, "sub/b.md", "Test Owner", "owner"],
    ]);
    const again = await kb.reload();
    expect(again.ok && again.created).toEqual([]);
    expect(again.ok && again.changed).toBe(false);
    // A fresh process on the same store does not re-record either.
    const other = testKb(dir, { store });
    const third = await other.kb.reload();
    expect(third.ok && third.created).toEqual([]);
    expect((await store.listEvents({ type: "knowledge.article_versioned" })).map((e) => e.data.articleId)).toEqual(["a", "b"]);
  });

  it("creates a new version, with a diff, when content or metadata change — not when only formatting does", async () => {
    const dir = tempDir();
    writeFiles(dir, { "a.md": published("a") });
    const { kb, store, clock } = testKb(dir);
    await kb.reload();
    clock.advance(60_000);
    writeFiles(dir, { "a.md": published("a", {}, "## Section\n\nShipping takes 3 days.") });
    const body = await kb.reload();
    expect(body.ok && body.created.map((v) => v.version)).toEqual([2]);
    writeFiles(dir, { "a.md": published("a", { status: "archived" }, "## Section\n\nShipping takes 3 days.") });
    expect((await kb.reload()).ok).toBe(true);
    writeFiles(dir, {
      "a.md": `${published("a", { status: "archived" }, "## Section\n\nShipping takes 3 days.").replace("owner:", "# a comment\nowner:")}\n\n`,
    });
    const formatting = await kb.reload();
    expect(formatting.ok && formatting.changed && formatting.created).toEqual([]);

    const versions = await store.listArticleVersions("a");
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, "published"],
      [2, "published"],
      [3, "archived"],
    ]);
    expect(versions[1]?.createdAt.getTime()).toBe(clock.now().getTime());
    expect(versions[1]?.diff).toContain("--- a@1\n+++ a@2\n");
    expect(versions[1]?.diff).toContain("-Some text about shipping.\n+Shipping takes 3 days.");
    expect(versions[2]?.diff).toContain("-status: published\n+status: archived");
    expect((await store.getArticleVersion("a", 1))?.content).toBe(published("a"));
  });

  it("search results carry the version of the text they come from", async () => {
    const dir = tempDir();
    writeFiles(dir, { "a.md": published("a", {}, "## Rates\n\nParcels to Norway cost 12 euros.") });
    const { kb } = testKb(dir);
    await kb.reload();
    expect((await kb.search("norway"))[0]).toMatchObject({ articleId: "a", version: 1, passageId: "a#rates" });
    writeFiles(dir, { "a.md": published("a", {}, "## Rates\n\nParcels to Norway cost 14 euros.") });
    await kb.reload();
    expect((await kb.search("norway"))[0]).toMatchObject({ version: 2, text: "Parcels to Norway cost 14 euros." });
  });

  it.skipIf(!hasGit)("takes the author from git for committed files, the owner for uncommitted changes, and works outside git", async () => {
    const repo = tempDir("tl-kb-git-");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "ignore" });
    git("init", "-q");
    git("config", "user.email", "jane@example.com");
    git("config", "user.name", "Jane Doe");
    git("config", "commit.gpgsign", "false");
    writeFiles(repo, { "kb/a.md": published("a"), "kb/b.md": published("b") });
    git("add", ".");
    git("commit", "-q", "-m", "articles");
    writeFileSync(join(repo, "kb/b.md"), published("b", {}, "## Section\n\nChanged but not committed."));
    const store = openSqliteStore({ path: ":memory:" });
    const kb = createKnowledgeBase({ settings: knowledgeSettings(), dir: join(repo, "kb"), store, clock: testClock(), logger: silentLogger() });
    const r = await kb.reload();
    expect(r.ok && r.created.map((v) => [v.articleId, v.author, v.authorSource])).toEqual([
      ["a", "Jane Doe", "git"],
      ["b", "Test Owner", "owner"],
    ]);
  });
});
