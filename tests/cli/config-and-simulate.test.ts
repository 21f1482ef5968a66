import { MODULES } from "../../src/app/modules.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../src/core/config/json-schema.js";
import { renderConfigReference } from "../../src/core/config/reference-doc.js";
import { runThreadline } from "../helpers/cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "tl-cli-"));
/** Each CLI run is a fresh tsx process (~10 s measured on a loaded 2-core machine; a test may run two). */
const CLI_TIMEOUT = { timeout: 120_000 };

describe("threadline config check", CLI_TIMEOUT, () => {
  it("exits 0 on the shipped config and says which channels run", async () => {
    const r = await runThreadline(["config", "check"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/config\/threadline\.yaml: ok/);
    expect(r.stdout).toMatch(/channel web: on/);
    expect(r.stdout).toMatch(/bot slack: disabled \(SLACK_BOT_TOKEN is not set\)/);
    expect(r.stdout).toMatch(/ai: 11 intents, 10 mandatory rules, provider auto/);
  });

  it("exits 1 and prints each problem as file:line key: message", async () => {
    const dir = tmp();
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "server:\n  port: 3000\n  colour: blue\nstore:\n  engine: oracle\n");
    const r = await runThreadline(["config", "check", "--config", file]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/bad\.yaml:3 server\.colour: unknown key/);
    expect(lines[1]).toMatch(/bad\.yaml:5 store\.engine: expected one of "auto", "sqlite", "mongodb"/);
  });

  it("reports a missing file clearly", async () => {
    const r = await runThreadline(["config", "check", "--config", "/nonexistent/threadline.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/nonexistent\/threadline\.yaml:0 \(root\): cannot read the file/);
  });

  it("the committed JSON Schema and config reference match the zod schema (run `npm run schema` after changing it)", () => {
    const schema = configJsonSchema(MODULES);
    expect(JSON.parse(readFileSync("config/threadline.schema.json", "utf8"))).toEqual(schema);
    expect(readFileSync("docs/config-reference.md", "utf8")).toBe(renderConfigReference(schema as never));
  });
});

describe("threadline simulate", CLI_TIMEOUT, () => {
  it("runs the shipped scenarios and exits 0 with a readable report", async () => {
    const r = await runThreadline(["simulate", "config/scenarios"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASS returning customer keeps one conversation across channels/);
    expect(r.stdout).toMatch(/← \[web\] Hi, thanks for contacting Northwind Outfitters/);
    expect(r.stdout).toMatch(/\d+ scenario\(s\) passed, 0 failed/);
    expect(r.stdout).toMatch(/PASS Use case B: post-sale refund question/);
  });

  it("exits 1 when an expectation does not hold, saying which and why; --json gives one object", async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "wrong.yaml"),
      [
        "name: wrong expectation",
        "contact: { name: Dee }",
        "at: 2026-11-24T10:00:00+01:00",
        "steps:",
        "  - customer: hello",
        '    expect: { reply_contains: "we are closed", conversation: existing }',
      ].join("\n"),
    );
    const text = await runThreadline(["simulate", join(dir, "wrong.yaml")]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAIL wrong expectation/);
    expect(text.stdout).toMatch(/reply_contains: expected a reply containing "we are closed", got "Hi, thanks/);
    expect(text.stdout).toMatch(/conversation: expected a existing conversation, got a new one/);
    const json = await runThreadline(["simulate", "--json", join(dir, "wrong.yaml")]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ passed: 0, failed: 1, scenarios: [{ name: "wrong expectation", passed: false }] });
    expect(report.scenarios[0].steps[0].failures).toHaveLength(2);
  });

  it("rejects unknown keys in a scenario with file:line key", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "typo.yaml"), "name: typo\nsteps:\n  - customer: hi\n    expect: { reply_contain: x }\n");
    const r = await runThreadline(["simulate", join(dir, "typo.yaml")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/typo\.yaml:4 steps\[0\]/);
  });

  it("says so when the contact lacks an identity for a step's channel", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "noid.yaml"), "name: no telegram id\ncontact: { name: Eve }\nsteps:\n  - channel: telegram\n    customer: hi\n");
    const r = await runThreadline(["simulate", resolve(dir, "noid.yaml")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/no identity for channel telegram/);
  });
});
