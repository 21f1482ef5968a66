import type Database from "better-sqlite3";
import type { ArticleVersion, NewArticleVersion } from "../../model/index.js";

/**
 * Knowledge-base article versions in SQLite (table `article_versions`,
 * migration 2). Recording runs in one IMMEDIATE transaction: reading the
 * latest version, comparing hashes and inserting latest + 1 cannot interleave
 * with another writer, so numbers never collide or skip and an unchanged
 * article is never recorded twice, even across processes sharing the file.
 */
interface ArticleVersionRow {
  article_id: string;
  version: number;
  content_hash: string;
  title: string;
  status: string;
  locale: string;
  file: string;
  author: string;
  author_source: string;
  content: string;
  diff: string;
  created_at: number;
}

function toArticleVersion(r: ArticleVersionRow): ArticleVersion {
  return {
    articleId: r.article_id,
    version: r.version,
    contentHash: r.content_hash,
    title: r.title,
    status: r.status as ArticleVersion["status"],
    locale: r.locale,
    file: r.file,
    author: r.author,
    authorSource: r.author_source as ArticleVersion["authorSource"],
    content: r.content,
    diff: r.diff,
    createdAt: new Date(r.created_at),
  };
}

export interface SqliteArticleVersions {
  record(version: NewArticleVersion, diff: (previous: ArticleVersion | null) => string): { version: ArticleVersion; created: boolean };
  list(articleId: string): ArticleVersion[];
  get(articleId: string, version: number): ArticleVersion | null;
  latest(): ArticleVersion[];
}

export function createSqliteArticleVersions(db: Database.Database): SqliteArticleVersions {
  const q = {
    latestOf: db.prepare<[string], ArticleVersionRow>("SELECT * FROM article_versions WHERE article_id = ? ORDER BY version DESC LIMIT 1"),
    insert: db.prepare(`INSERT INTO article_versions (article_id, version, content_hash, title, status, locale, file, author,
      author_source, content, diff, created_at) VALUES (@articleId, @version, @contentHash, @title, @status, @locale, @file, @author,
      @authorSource, @content, @diff, @createdAt)`),
    list: db.prepare<[string], ArticleVersionRow>("SELECT * FROM article_versions WHERE article_id = ? ORDER BY version"),
    get: db.prepare<[string, number], ArticleVersionRow>("SELECT * FROM article_versions WHERE article_id = ? AND version = ?"),
    latest: db.prepare<[], ArticleVersionRow>(`SELECT v.* FROM article_versions v
      JOIN (SELECT article_id, MAX(version) AS version FROM article_versions GROUP BY article_id) m
        ON m.article_id = v.article_id AND m.version = v.version
      ORDER BY v.article_id`),
  };

  const record = db.transaction((input: NewArticleVersion, diff: (previous: ArticleVersion | null) => string) => {
    const row = q.latestOf.get(input.articleId);
    const previous = row ? toArticleVersion(row) : null;
    if (previous && previous.contentHash === input.contentHash) return { version: previous, created: false };
    const version: ArticleVersion = { ...input, version: (previous?.version ?? 0) + 1, diff: diff(previous) };
    q.insert.run({ ...version, createdAt: version.createdAt.getTime() });
    return { version: { ...version, createdAt: new Date(version.createdAt.getTime()) }, created: true };
  });

  return {
    record: (input, diff) => record.immediate(input, diff),
    list: (articleId) => q.list.all(articleId).map(toArticleVersion),
    get: (articleId, version) => {
      const row = q.get.get(articleId, version);
      return row ? toArticleVersion(row) : null;
    },
    latest: () => q.latest.all().map(toArticleVersion),
  };
}
