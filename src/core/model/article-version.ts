/** Lifecycle of a knowledge-base article. Only `published` articles may answer customers. */
export const ARTICLE_STATUSES = ["draft", "published", "archived"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Where a version's `author` came from: the file's last git commit, the article's `owner`, or nothing known. */
export type ArticleAuthorSource = "git" | "owner" | "unknown";

/**
 * One recorded state of a knowledge-base article (its Markdown file, front
 * matter included). Versions are immutable and numbered 1, 2, 3… per article;
 * an AI answer records `(articleId, version)` so any transcript can be traced
 * back to the exact text it was based on, even after the file changed.
 */
export interface ArticleVersion {
  articleId: string;
  /** 1 for the first recorded state, +1 per recorded change; never reused. */
  version: number;
  /** sha256 (hex) of the canonical content (front matter values + body); equal hashes mean equal content. */
  contentHash: string;
  title: string;
  status: ArticleStatus;
  locale: string;
  /** File path relative to the knowledge directory, at the time of recording. */
  file: string;
  author: string;
  authorSource: ArticleAuthorSource;
  /** The whole file text (front matter and body) of this version. */
  content: string;
  /** Unified diff of `content` against the previous version's content; "" for version 1. */
  diff: string;
  createdAt: Date;
}

/** What a caller supplies to record a version: the store assigns `version` and asks for the `diff`. */
export type NewArticleVersion = Omit<ArticleVersion, "version" | "diff">;
