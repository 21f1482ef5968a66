import type { ThreadlineConfig } from "../core/config/schema.js";
import { parseArticle, type Article } from "./article.js";
import { compileForbiddenRules } from "./guard.js";
import { lintKnowledge, type LintProblem, type LintSettings } from "./lint.js";
import { readArticleTexts, scanArticleFiles } from "./load.js";
import { splitPassages } from "./passages.js";

/**
 * Lints a knowledge directory without touching the store or building an
 * index: what `threadline kb lint` and CI run. Same rules as the running hub.
 */
export interface DirectoryLint {
  files: number;
  articles: Article[];
  problems: LintProblem[];
  /** The directory does not exist. */
  missingDir: boolean;
}

export async function lintDirectory(dir: string, settings: LintSettings): Promise<DirectoryLint> {
  const files = await scanArticleFiles(dir);
  const texts = await readArticleTexts(dir, files ?? []);
  const parsed = [...texts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, text]) => {
      const result = parseArticle(text, file);
      return { file, result, passages: result.ok ? splitPassages(result.article).length : 0 };
    });
  const { problems } = lintKnowledge(parsed, settings);
  return {
    files: parsed.length,
    articles: parsed.flatMap((p) => (p.result.ok ? [p.result.article] : [])),
    problems,
    missingDir: files === null,
  };
}

/** Lint settings from the config at a given instant. */
export function lintSettingsFrom(knowledge: ThreadlineConfig["knowledge"], now: Date, extraScenarios: readonly string[] = []): LintSettings {
  return {
    scenarios: [...knowledge.scenarios, ...extraScenarios],
    locales: knowledge.locales,
    forbidden: compileForbiddenRules(knowledge.forbidden),
    expiryWarningMs: knowledge.expiry_warning,
    now,
  };
}
