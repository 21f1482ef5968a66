import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { captureLogs, flushLogs } from "../helpers/log-capture.js";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import { startKnowledgeBase, type RunningKnowledgeBase } from "../../src/knowledge/index.js";
import { configWith, published, tempDir, testClock, writeFiles } from "./helpers/kb.js";

async function waitFor<T>(probe: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const running: RunningKnowledgeBase[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((kb) => kb.stop()));
});

async function start(files: Record<string, string>) {
  const root = tempDir();
  writeFiles(join(root, "kb"), files);
  const { logger, records } = captureLogs();
  const store = openSqliteStore({ path: ":memory:" });
  const config = configWith({
    dir: "kb",
    reload_debounce: "50ms",
    scenarios: ["shipping"],
    locales: ["en"],
    forbidden: [{ phrase: "guarantee", reason: "no guarantees" }],
  });
  const kb = await startKnowledgeBase({ config, store, logger, rootDir: root, clock: testClock() });
  running.push(kb);
  const messages = () => records() as { level: string; msg: string }[];
  return { kb, store, dir: join(root, "kb"), messages };
}
const norway = (text: string) => published("a", {}, `## Norway\n\n${text}`);
const firstText = async (kb: RunningKnowledgeBase) => (await kb.search("norway"))[0]?.text ?? null;

describe("hot reload", () => {
  it("logs a start-up summary and re-indexes an edited file within seconds, recording a new version", async () => {
    const { kb, store, dir, messages } = await start({ "a.md": norway("Norway takes 4 days.") });
    expect(messages().find((m) => m.msg.startsWith("knowledge base:"))?.msg).toBe(
      "knowledge base: 1 article (1 answering), 1 passages from kb; 1 new version; 0 errors, 0 warnings",
    );
    expect(kb.summary()).toMatch(/^knowledge base: 1 article/);
    const t0 = Date.now();
    writeFileSync(join(dir, "a.md"), norway("Norway now takes 3 days."));
    await waitFor(
      () => firstText(kb),
      (t) => t === "Norway now takes 3 days.",
    );
    expect(Date.now() - t0).toBeLessThan(3000);
    expect((await kb.search("norway"))[0]?.version).toBe(2);
    expect((await store.listArticleVersions("a")).map((v) => v.version)).toEqual([1, 2]);
    await waitFor(
      () => messages(),
      (ms) => ms.some((m) => m.msg.startsWith("re-indexed: knowledge base")),
    );
  });

  it("reports a broken file and keeps serving its previous version until it is fixed", async () => {
    const { kb, dir, messages } = await start({ "a.md": norway("Norway takes 4 days."), "b.md": published("b", {}, "## Sweden\n\nSweden takes 3 days.") });
    writeFileSync(join(dir, "a.md"), "---\nid: a\ntitle: [oops\n---\n\n## Norway\n\nHalf-edited Norway text.\n");
    await waitFor(
      () => kb.problems(),
      (ps) => ps.some((p) => p.file === "a.md" && p.rule === "front-matter"),
    );
    expect(await firstText(kb)).toBe("Norway takes 4 days.");
    expect(kb.metrics().lint).toMatchObject({ errors: 1, keptPrevious: 1 });
    expect(messages().some((m) => m.level === "warn" && /^kb\/a\.md:3: error: front matter/.test(m.msg))).toBe(true);
    expect(messages().some((m) => m.msg === "kb/a.md: has errors; its previous version keeps serving")).toBe(true);
    // A content error (forbidden phrasing) is held back the same way.
    writeFileSync(join(dir, "a.md"), norway("We guarantee Norway in 2 days."));
    await waitFor(
      () => kb.problems(),
      (ps) => ps.some((p) => p.rule === "forbidden-phrase"),
    );
    expect(await firstText(kb)).toBe("Norway takes 4 days.");
    writeFileSync(join(dir, "a.md"), norway("Norway takes 5 days."));
    await waitFor(
      () => firstText(kb),
      (t) => t === "Norway takes 5 days.",
    );
    expect(kb.problems()).toEqual([]);
  });

  it("follows editors that save by renaming a temporary file over the article, and picks up new and deleted files", async () => {
    const { kb, dir } = await start({ "a.md": norway("Norway takes 4 days.") });
    writeFileSync(join(dir, ".a.md.swp"), norway("swap file content about Norway"));
    writeFileSync(join(dir, "a.md~tmp"), norway("Norway via rename."));
    renameSync(join(dir, "a.md~tmp"), join(dir, "a.md"));
    await waitFor(
      () => firstText(kb),
      (t) => t === "Norway via rename.",
    );
    writeFileSync(join(dir, "c.md"), published("c", {}, "## Denmark\n\nDenmark takes 2 days."));
    await waitFor(
      () => kb.search("denmark"),
      (hits) => hits.length === 1,
    );
    rmSync(join(dir, "a.md"));
    await waitFor(
      () => kb.search("norway"),
      (hits) => hits.length === 0,
    );
    // A new subdirectory is watched too.
    writeFiles(dir, { "nordics/f.md": published("f", {}, "## Finland\n\nFinland takes 5 days.") });
    await waitFor(
      () => kb.search("finland"),
      (hits) => hits.length === 1,
    );
    writeFileSync(join(dir, "nordics/f.md"), published("f", {}, "## Finland\n\nFinland takes 6 days."));
    await waitFor(
      () => kb.search("finland"),
      (hits) => hits[0]?.text === "Finland takes 6 days.",
    );
  });

  it("does not create a version when a file is saved unchanged", async () => {
    const { kb, store, dir } = await start({ "a.md": norway("Norway takes 4 days.") });
    const reloads = kb.metrics().reloads.ok;
    writeFileSync(join(dir, "a.md"), norway("Norway takes 4 days."));
    await waitFor(
      () => kb.metrics().reloads.ok,
      (n) => n > reloads,
    );
    await kb.idle();
    expect((await store.listArticleVersions("a")).map((v) => v.version)).toEqual([1]);
    expect(kb.metrics().versionsCreated).toBe(1);
  });

  it("keeps running when the directory does not exist yet", async () => {
    const root = tempDir();
    const { logger, lines } = captureLogs("info");
    const kb = await startKnowledgeBase({
      config: configWith({ dir: "missing" }),
      store: openSqliteStore({ path: ":memory:" }),
      logger,
      rootDir: root,
      clock: testClock(),
    });
    running.push(kb);
    expect(await kb.search("anything")).toEqual([]);
    await flushLogs();
    expect(lines().some((l) => l.includes("knowledge base: missing does not exist"))).toBe(true);
  });
});
