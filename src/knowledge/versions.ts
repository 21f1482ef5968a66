import { join } from "node:path";
import type { Clock } from "../core/clock.js";
import { makeEvent, type ArticleVersion, type DomainEvent } from "../core/model/index.js";
import type { Store } from "../core/store/port.js";
import type { Article } from "./article.js";
import { unifiedDiff } from "./diff.js";
import { gitAuthors } from "./git-author.js";

/**
 * Records article versions in the store. Keeps the latest known (id, hash)
 * per article in memory, so a reload where nothing changed costs no store
 * round-trip and no git call; the store itself is still the judge (it
 * compares with its latest version inside its own transaction), which keeps
 * several hub processes on one store from recording the same change twice.
 */
export interface VersionRecorder {
  /** Version number of each article's current content, recording new versions where the content changed. */
  record(articles: readonly Article[]): Promise<{ versions: Map<Article, number>; created: ArticleVersion[] }>;
}

export interface VersionRecorderDeps {
  store: Store;
  clock: Clock;
  /** Absolute knowledge directory (for git). */
  dir: string;
  /** Look up authors in git (default true). */
  git?: boolean;
}

const CONCURRENCY = 8;

export function createVersionRecorder(deps: VersionRecorderDeps): VersionRecorder {
  let known: Map<string, { hash: string; version: number }> | null = null;

  return {
    async record(articles) {
      if (!known) {
        known = new Map();
        for (const v of await deps.store.latestArticleVersions()) {
          known.set(v.articleId, { hash: v.contentHash, version: v.version });
        }
      }
      const versions = new Map<Article, number>();
      const pending: Article[] = [];
      for (const a of articles) {
        const latest = known.get(a.id);
        if (latest && latest.hash === a.contentHash) versions.set(a, latest.version);
        else pending.push(a);
      }
      const created: ArticleVersion[] = [];
      if (pending.length === 0) return { versions, created };

      const authors = deps.git === false ? () => null : await gitAuthors(deps.dir);
      const now = deps.clock.now();
      const events: DomainEvent[] = [];
      const queue = [...pending];
      const worker = async () => {
        for (let a = queue.shift(); a; a = queue.shift()) {
          const article = a;
          const fromGit = authors(join(deps.dir, article.file));
          const { version, created: isNew } = await deps.store.recordArticleVersion(
            {
              articleId: article.id,
              contentHash: article.contentHash,
              title: article.title,
              status: article.status,
              locale: article.locale,
              file: article.file,
              author: fromGit ?? article.owner ?? "unknown",
              authorSource: fromGit ? "git" : article.owner ? "owner" : "unknown",
              content: article.source,
              createdAt: now,
            },
            (previous) =>
              previous
                ? unifiedDiff(previous.content, article.source, { from: `${article.id}@${previous.version}`, to: `${article.id}@${previous.version + 1}` })
                : "",
          );
          known!.set(article.id, { hash: article.contentHash, version: version.version });
          versions.set(article, version.version);
          if (isNew) {
            created.push(version);
            events.push(
              makeEvent(
                "knowledge.article_versioned",
                "system",
                now,
                {},
                {
                  articleId: version.articleId,
                  version: version.version,
                  contentHash: version.contentHash,
                  file: version.file,
                  author: version.author,
                  status: version.status,
                },
              ),
            );
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pending.length) }, worker));
      if (events.length > 0) await deps.store.appendEvents(events);
      return { versions, created: created.sort((x, y) => x.articleId.localeCompare(y.articleId)) };
    },
  };
}
