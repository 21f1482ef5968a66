import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MODULES } from "../../src/app/modules.js";
import { loadConfigText } from "../../src/core/config/load.js";
import { ConfigError } from "../../src/core/errors.js";
import { parseArticle } from "../../src/knowledge/article.js";
import { parseSimpleFrontMatter } from "../../src/knowledge/front-matter-fast.js";

/** YAML-looking text: keys the schema knows, values of every type, odd indentation and stray characters. */
const yamlish = fc
  .array(
    fc.tuple(
      fc.constantFrom("", "  ", "    ", "- "),
      fc.constantFrom(
        "hub",
        "server",
        "port",
        "channels",
        "web",
        "telegram",
        "token",
        "limits",
        "max",
        "window",
        "store",
        "engine",
        "ai",
        "unknown_key",
        '"q"',
        "[",
        "{",
      ),
      fc.constantFrom(":", ": ", ":\n", " "),
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.integer().map(String),
        fc.constantFrom("true", "null", "[]", "{}", "${ENV_X}", "10m", "-1", "'", '"', "&a", "*a", "!!binary x"),
      ),
    ),
    { maxLength: 12 },
  )
  .map((lines) => lines.map(([indent, key, sep, value]) => `${indent}${key}${sep}${value}`).join("\n"));

describe("property: the config loader and front-matter parsing", () => {
  it("arbitrary threadline.yaml text loads or throws a ConfigError (never anything else)", () => {
    fc.assert(
      fc.property(fc.oneof(yamlish, fc.string({ maxLength: 300 })), (text) => {
        try {
          loadConfigText(text, "threadline.yaml", {}, MODULES);
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect((err as Error).message).toContain("threadline.yaml");
        }
      }),
      { numRuns: 400 },
    );
  });

  it("front matter: any text parses to data or null, and an article either parses or lists problems (never throws)", () => {
    const article = fc
      .tuple(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc
            .array(
              fc.constantFrom(
                "title: Returns",
                "tags: [a, b]",
                "audience:",
                "  - x",
                "expires: 2026-13-40",
                "draft: maybe",
                "': x",
                "key",
                "- item",
                "lang: de",
              ),
              { maxLength: 8 },
            )
            .map((l) => l.join("\n")),
        ),
        fc.string({ maxLength: 200 }),
      )
      .map(([front, body]) => `---\n${front}\n---\n${body}`);
    fc.assert(
      fc.property(fc.oneof(article, fc.string({ maxLength: 300 })), (text) => {
        parseSimpleFrontMatter(text);
        const result = parseArticle(text, "kb/article.md");
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
