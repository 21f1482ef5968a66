import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { manualClock } from "../../../src/core/clock.js";
import { buildConfigSchema, knowledgeSchema, type ThreadlineConfig } from "../../../src/core/config/schema.js";
import { silentLogger } from "../../../src/core/logger.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { createKnowledgeBase, type KnowledgeBaseDeps, type KnowledgeSettings } from "../../../src/knowledge/index.js";

/** The `knowledge:` section of the shipped config/threadline.yaml, validated (no channel registry involved). */
export function shippedKnowledgeSettings(): KnowledgeSettings {
  const doc = parse(readFileSync(resolve("config/threadline.yaml"), "utf8")) as { knowledge: unknown };
  return knowledgeSchema.parse(doc.knowledge);
}

/** Knowledge settings for tests: the given keys over schema defaults. */
export function knowledgeSettings(input: Record<string, unknown> = {}): KnowledgeSettings {
  return knowledgeSchema.parse({
    locales: ["en", "de"],
    scenarios: ["shipping", "returns", "refunds", "contact", "promotions", "warranty"],
    forbidden: [
      { pattern: "\\b(we|i)\\s*(will|['’]ll)\\s+refund", reason: "no refund promises" },
      { phrase: "Summit Supply Co", reason: "competitor", action: "rewrite", replacement: "other retailers" },
    ],
    ...input,
  });
}

/** A whole config with only the knowledge section set (core schema, no channels). */
export function configWith(knowledge: Record<string, unknown>): ThreadlineConfig {
  return buildConfigSchema([]).parse({ knowledge });
}

export const T0 = new Date("2026-11-24T10:00:00Z");
export const testClock = (at: Date = T0) => manualClock(at);

export function tempDir(prefix = "tl-kb-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** An article file from front-matter fields (written in the given order) and a body. */
export function articleText(fields: Record<string, string | string[]>, body = "## Section\n\nSome text about shipping."): string {
  const lines = Object.entries(fields).map(([k, v]) => (Array.isArray(v) ? `${k}: [${v.join(", ")}]` : `${k}: ${v}`));
  return `---\n${lines.join("\n")}\n---\n\n${body}\n`;
}

export function published(id: string, extra: Record<string, string | string[]> = {}, body?: string): string {
  return articleText(
    { id, title: `Title of ${id}`, status: "published", locale: "en", scenarios: ["shipping"], owner: "Test Owner", review_by: "2027-06-01", ...extra },
    body,
  );
}

/** The shipped demo knowledge base (config/knowledge, shipped settings) loaded at `at` (default T0: Black Week runs). */
export async function shippedKb(at: Date = T0) {
  const kb = createKnowledgeBase({
    settings: shippedKnowledgeSettings(),
    dir: resolve("config/knowledge"),
    store: openSqliteStore({ path: ":memory:" }),
    clock: testClock(at),
    logger: silentLogger(),
    git: false,
  });
  const loaded = await kb.reload();
  if (!loaded.ok) throw loaded.error;
  return kb;
}

/** A knowledge base over `dir` with an in-memory SQLite store and a manual clock. */
export function testKb(dir: string, overrides: Partial<KnowledgeBaseDeps> = {}) {
  const store = overrides.store ?? openSqliteStore({ path: ":memory:" });
  const clock = (overrides.clock as ReturnType<typeof manualClock> | undefined) ?? testClock();
  const kb = createKnowledgeBase({ settings: knowledgeSettings(), dir, store, clock, logger: silentLogger(), git: false, ...overrides });
  return { kb, store, clock };
}
