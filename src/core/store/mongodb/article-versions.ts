import type { ArticleVersion, NewArticleVersion } from "../../model/index.js";
import { isDuplicateKeyError, type MongoContext } from "./context.js";
import type { ArticleVersionDoc } from "./schemas.js";

/**
 * Knowledge-base article versions in MongoDB (collection `article_versions`).
 *
 * No transaction is needed: a version is one document whose `_id` is
 * `${articleId}@${version}` (and the unique index `article_versions_article`
 * covers the same pair). A writer reads the latest version, returns it when
 * the hash is unchanged, and otherwise inserts latest + 1. When two writers
 * race, exactly one insert wins; the loser re-reads and either finds its own
 * content already recorded (nothing to do) or retries on top of the winner.
 */

const MAX_ATTEMPTS = 8;

function toArticleVersion(d: ArticleVersionDoc): ArticleVersion {
  return {
    articleId: d.articleId,
    version: d.version,
    contentHash: d.contentHash,
    title: d.title ?? "",
    status: d.status,
    locale: d.locale ?? "",
    file: d.file ?? "",
    author: d.author ?? "unknown",
    authorSource: d.authorSource ?? "unknown",
    content: d.content ?? "",
    diff: d.diff ?? "",
    createdAt: new Date(d.createdAt.getTime()),
  };
}

async function latestOf(ctx: MongoContext, articleId: string): Promise<ArticleVersion | null> {
  const doc = await ctx.models.articleVersions.findOne({ articleId }).sort({ version: -1 }).lean<ArticleVersionDoc>().exec();
  return doc ? toArticleVersion(doc) : null;
}

export async function recordArticleVersion(
  ctx: MongoContext,
  input: NewArticleVersion,
  diff: (previous: ArticleVersion | null) => string,
): Promise<{ version: ArticleVersion; created: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const previous = await latestOf(ctx, input.articleId);
    if (previous && previous.contentHash === input.contentHash) return { version: previous, created: false };
    const version: ArticleVersion = { ...input, version: (previous?.version ?? 0) + 1, diff: diff(previous) };
    try {
      await ctx.models.articleVersions.create({ _id: `${version.articleId}@${version.version}`, ...version });
      return { version: { ...version, createdAt: new Date(version.createdAt.getTime()) }, created: true };
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

export async function listArticleVersions(ctx: MongoContext, articleId: string): Promise<ArticleVersion[]> {
  const docs = await ctx.models.articleVersions.find({ articleId }).sort({ version: 1 }).lean<ArticleVersionDoc[]>().exec();
  return docs.map(toArticleVersion);
}

export async function getArticleVersion(ctx: MongoContext, articleId: string, version: number): Promise<ArticleVersion | null> {
  const doc = await ctx.models.articleVersions.findOne({ articleId, version }).lean<ArticleVersionDoc>().exec();
  return doc ? toArticleVersion(doc) : null;
}

export async function latestArticleVersions(ctx: MongoContext): Promise<ArticleVersion[]> {
  const docs = await ctx.models.articleVersions
    .aggregate<ArticleVersionDoc>([
      { $sort: { articleId: 1, version: -1 } },
      { $group: { _id: "$articleId", doc: { $first: "$$ROOT" } } },
      { $replaceRoot: { newRoot: "$doc" } },
      { $sort: { articleId: 1 } },
    ])
    .exec();
  return docs.map(toArticleVersion);
}
