import type { Clock } from "../core/clock.js";
import type { ArticleVersion } from "../core/model/index.js";
import { parseArticle, type Article, type ParseResult } from "./article.js";
import { lintKnowledge, type LintProblem, type LintSettings } from "./lint.js";
import { readArticleTexts, scanArticleFiles } from "./load.js";
import { splitPassages, type Passage } from "./passages.js";
import { buildIndex, type SearchIndex } from "./retrieval/bm25.js";
import { BUILT_IN_SYNONYMS } from "./retrieval/synonyms.js";
import type { VersionRecorder } from "./versions.js";

/**
 * Turns the files of the knowledge directory into an immutable snapshot:
 * parse → lint → record versions → index. The running knowledge base swaps
 * snapshots atomically, so a search never sees half a reload.
 *
 * A file whose content has an error (broken front matter, forbidden
 * phrasing, unknown tag, duplicate id…) is not served; if an earlier load of
 * the same file was good, that earlier version keeps serving (reported in
 * `keptPrevious`) until the file is fixed — an editing mistake must not make
 * an answer disappear. A deleted file stops serving at once.
 */
export interface ServedArticle {
  article: Article;
  version: number;
  passages: Passage[];
}

export interface KbSnapshot {
  served: ServedArticle[];
  /** One entry per indexed passage, in index order. */
  docs: { served: ServedArticle; passage: Passage }[];
  index: SearchIndex;
  /** Every article that parsed, served or not (expiry reports, metrics). */
  articles: Article[];
  problems: LintProblem[];
  files: number;
  /** Files with errors whose previous good version is still served. */
  keptPrevious: string[];
  /** The knowledge directory does not exist. */
  missingDir: boolean;
  builtAt: Date;
}

export interface LoadResult {
  snapshot: KbSnapshot;
  created: ArticleVersion[];
  /** False when no file changed since the previous load (the index was reused). */
  changed: boolean;
}

export interface SnapshotLoader {
  load(): Promise<LoadResult>;
}

export interface SnapshotLoaderDeps {
  /** Absolute knowledge directory. */
  dir: string;
  clock: Clock;
  recorder: VersionRecorder;
  /** Lint settings for this load (read each time, so known scenarios can grow at run time). */
  settings(now: Date): LintSettings;
  /** Synonym groups added to the built-in ones. */
  synonyms?: readonly (readonly string[])[];
}

export function createSnapshotLoader(deps: SnapshotLoaderDeps): SnapshotLoader {
  const parsed = new Map<string, { text: string; result: ParseResult; passages: Passage[] }>();
  const lastGood = new Map<string, ServedArticle>();
  let previous: KbSnapshot | null = null;
  const synonyms = [...BUILT_IN_SYNONYMS, ...(deps.synonyms ?? [])];
  // Set by any file change and cleared only once a snapshot was built from it, so a failed load is retried in full.
  let dirty = true;

  return {
    async load() {
      const now = deps.clock.now();
      const files = await scanArticleFiles(deps.dir);
      const texts = await readArticleTexts(deps.dir, files ?? []);
      for (const [file, text] of texts) {
        const cached = parsed.get(file);
        if (cached && cached.text === text) continue;
        dirty = true;
        const result = parseArticle(text, file);
        parsed.set(file, { text, result, passages: result.ok ? splitPassages(result.article) : [] });
      }
      for (const file of [...parsed.keys()]) {
        if (!texts.has(file)) {
          dirty = true;
          parsed.delete(file);
          lastGood.delete(file);
        }
      }

      const entries = [...parsed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const lint = lintKnowledge(
        entries.map(([file, p]) => ({ file, result: p.result, passages: p.passages.length })),
        deps.settings(now),
      );
      if (!dirty && previous) {
        previous = { ...previous, problems: lint.problems };
        return { snapshot: previous, created: [], changed: false };
      }

      const articles = entries.flatMap(([, p]) => (p.result.ok ? [p.result.article] : []));
      const idCount = new Map<string, number>();
      for (const a of articles) idCount.set(a.id, (idCount.get(a.id) ?? 0) + 1);
      // A duplicated id has no single "current content", so it is not versioned until the clash is resolved.
      const recordable = articles.filter((a) => idCount.get(a.id) === 1);
      const { versions, created } = await deps.recorder.record(recordable);

      const served: ServedArticle[] = [];
      const keptPrevious: string[] = [];
      const fromPrevious: ServedArticle[] = [];
      for (const [file, p] of entries) {
        const version = p.result.ok ? versions.get(p.result.article) : undefined;
        if (p.result.ok && version !== undefined && !lint.withheld.has(file)) {
          const entry = { article: p.result.article, version, passages: p.passages };
          served.push(entry);
          lastGood.set(file, entry);
        } else if (lastGood.has(file)) {
          fromPrevious.push(lastGood.get(file)!);
          keptPrevious.push(file);
        }
      }
      // Current content wins over a kept previous version with the same id.
      const ids = new Set(served.map((s) => s.article.id));
      for (const s of fromPrevious) if (!ids.has(s.article.id)) served.push(s), ids.add(s.article.id);

      const docs = served.flatMap((s) => s.passages.map((passage) => ({ served: s, passage })));
      const index = buildIndex(
        docs.map(({ served: s, passage }) => ({
          title: s.article.title,
          headings: passage.headings.join("\n"),
          body: passage.text,
          locale: s.article.locale,
        })),
        { synonyms },
      );
      previous = {
        served,
        docs,
        index,
        articles,
        problems: lint.problems,
        files: entries.length,
        keptPrevious,
        missingDir: files === null,
        builtAt: now,
      };
      dirty = false;
      return { snapshot: previous, created, changed: true };
    },
  };
}
