import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runKb } from "./helpers/kb-cli.js";
import { published, tempDir, writeFiles } from "./helpers/kb.js";

const BROKEN = "tests/knowledge/fixtures/broken";

describe("threadline kb lint", () => {
  it("passes the shipped demo knowledge base, warning only about the soon-expiring article", async () => {
    const r = await runKb(["lint", "--at", "2026-11-24"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "config/knowledge/black-week-2026.md:9: warning: expires on 2026-12-03 (in 9 days); owner: Ana Costa (Marketing) [expiring-soon]\n" +
        "17 article files checked: 0 errors, 1 warning\n",
    );
  });

  it("fails on the broken fixture set, printing every problem as file:line", async () => {
    const r = await runKb(["lint", "--dir", BROKEN, "--at", "2026-11-24"]);
    expect(r.code).toBe(1);
    const errors = r.stderr.trim().split("\n");
    const where = (line: string) => line.replace(/: error: .*\[(.+)\]$/, " $1");
    expect(errors.map(where)).toEqual([
      `${BROKEN}/bad-yaml.md:6 front-matter`,
      `${BROKEN}/duplicate-a.md:2 duplicate-id`,
      `${BROKEN}/duplicate-b.md:2 duplicate-id`,
      `${BROKEN}/expired.md:9 expired-published`,
      `${BROKEN}/forbidden.md:14 forbidden-phrase`,
      `${BROKEN}/no-front-matter.md:1 front-matter`,
      `${BROKEN}/unknown-key.md:8 front-matter`,
      `${BROKEN}/unknown-scenario.md:8 unknown-scenario`,
    ]);
    expect(errors[4]).toMatch(/forbidden phrasing "We'll refund" .*: Promising a refund or compensation needs an agent's approval/);
    expect(errors[6]).toMatch(
      /front matter expires: unknown key \(allowed here: id, title, status, locale, scenarios, owner, valid_from, expires_at, review_by, audience\)/,
    );
    expect(r.stdout).toMatch(new RegExp(`^${BROKEN}/expiring\\.md:8: warning: expires on 2026-12-01 .*\\[expiring-soon\\]$`, "m"));
    expect(r.stdout).toMatch(/9 article files checked: 8 errors, 1 warning\n$/);
  });

  it("prints JSON with --json and refuses a bad --at", async () => {
    const r = await runKb(["lint", "--dir", BROKEN, "--at", "2026-11-24", "--json"]);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { errors: number; warnings: number; problems: { rule: string }[] };
    expect(body).toMatchObject({ errors: 8, warnings: 1 });
    expect(new Set(body.problems.map((p) => p.rule))).toEqual(
      new Set(["front-matter", "duplicate-id", "expired-published", "forbidden-phrase", "unknown-scenario", "expiring-soon"]),
    );
    const bad = await runKb(["lint", "--at", "soon"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--at: expected a date/);
  });
});

describe("threadline kb search / sync / history / show / expiring", () => {
  function setup() {
    const root = tempDir("tl-kb-cli-");
    writeFiles(root, {
      "threadline.yaml": [
        "hub:",
        "  data_dir: data",
        "knowledge:",
        "  dir: kb",
        "  locales: [en]",
        "  scenarios: [shipping, returns]",
        "  forbidden:",
        "    - phrase: guarantee",
        "      reason: no guarantees",
      ].join("\n"),
      "kb/norway.md": published("norway", { scenarios: ["shipping"] }, "## Norway\n\nParcels to Norway take 4 days."),
      "kb/returns.md": published("returns", { scenarios: ["returns"], expires_at: "2026-12-01" }, "## Window\n\nReturn within 30 days, also from Norway."),
    });
    const kb = (...args: string[]) => runKb([...args, "-c", join(root, "threadline.yaml")], { cwd: root });
    return { root, kb };
  }

  it("records versions, lists history, shows a version and its diff", async () => {
    const { root, kb } = setup();
    const sync = await kb("sync");
    expect(sync.stdout).toBe("norway@1  Test Owner  kb/norway.md\nreturns@1  Test Owner  kb/returns.md\n2 new versions recorded\n");
    expect((await kb("sync")).stdout).toBe("0 new versions recorded\n");
    writeFileSync(join(root, "kb/norway.md"), published("norway", { scenarios: ["shipping"] }, "## Norway\n\nParcels to Norway take 5 days."));
    expect((await kb("sync")).stdout).toMatch(/^norway@2 /);

    const history = await kb("history", "norway");
    expect(history.code).toBe(0);
    expect(
      history.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.replace(/ {2}\S+Z {2}/, "  <time>  ").replace(/[0-9a-f]{12}/, "<hash>")),
    ).toEqual(["norway@2  <time>  Test Owner (owner)  published  <hash>  2 lines changed", "norway@1  <time>  Test Owner (owner)  published  <hash>  created"]);
    const show = await kb("show", "norway@1");
    expect(show.stdout).toMatch(/^# norway@1 — Title of norway\n# .* by Test Owner \(owner\), norway\.md, sha256 [0-9a-f]{64}\n---\nid: norway\n/);
    expect(show.stdout).toContain("Parcels to Norway take 4 days.");
    expect((await kb("show", "norway")).stdout).toContain("Parcels to Norway take 5 days.");
    expect((await kb("show", "norway@2", "--diff")).stdout).toContain("-Parcels to Norway take 4 days.\n+Parcels to Norway take 5 days.\n");
    const missing = await kb("show", "norway@9");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("norway@9: no such version recorded\n");
    expect((await kb("history", "nope")).code).toBe(1);
  });

  it("searches with article id, version and score, narrowed by scenario, as of a date", async () => {
    const { kb } = setup();
    const all = await kb("search", "norway", "--json", "--at", "2026-11-24");
    expect((JSON.parse(all.stdout) as { articleId: string; version: number }[]).map((h) => [h.articleId, h.version])).toEqual([
      ["norway", 1],
      ["returns", 1],
    ]);
    const text = await kb("search", "norway", "--scenario", "returns", "--at", "2026-11-24");
    expect(text.stdout).toMatch(
      /^1\. returns@1 {2}score \d+\.\d{3} {2}Title of returns › Window\n {3}kb\/returns\.md:12 {2}\[returns\]\n {3}Return within 30 days/,
    );
    // After returns expired it no longer answers.
    const later = await kb("search", "norway", "--json", "--at", "2026-12-01");
    expect((JSON.parse(later.stdout) as { articleId: string }[]).map((h) => h.articleId)).toEqual(["norway"]);
    expect((await kb("search", "zzzz", "--at", "2026-11-24")).stdout).toMatch(/^no passage matches/);
  });

  it("lists expiring articles", async () => {
    const { kb } = setup();
    expect((await kb("expiring", "--at", "2026-11-24")).stdout).toBe("kb/returns.md: returns expires on 2026-12-01 (in 7 days) — owner: Test Owner\n");
    expect((await kb("expiring", "--at", "2026-01-01")).stdout).toBe("nothing expires or needs review soon\n");
  });
});
