/**
 * The KnowledgeBase contract (DESIGN.md): what the AI core, the CLI and the
 * agent-assist features ask of the knowledge base.
 *
 * Invariants every implementation keeps:
 * - Only articles that are `published` and inside their validity window
 *   ([valid_from, expires_at), evaluated at the moment of the search) are
 *   returned. Drafts, archived, expired and not-yet-valid articles never
 *   answer, whatever the query.
 * - Every passage carries the article id AND the recorded version of the text
 *   it came from, so an answer that cites it can always be traced to the
 *   exact words used, even after the file changed (`threadline kb show ID@VERSION`).
 * - `internal` articles are returned only when the caller asks for the
 *   internal audience: the default is what a customer may see.
 * - Results are ordered by score, best first; scores are comparable within
 *   one result list only.
 */
export interface KnowledgeBase {
  search(query: string, options?: KnowledgeSearchOptions): Promise<KnowledgePassage[]>;
}

export interface KnowledgeSearchOptions {
  /**
   * Only passages of articles tagged with this scenario (or with any of these).
   * The AI core passes the detected intent, so a shipping question is never
   * answered from the warranty article.
   */
  scenario?: string | readonly string[];
  /** Only articles in this locale's language ("de" and "de-AT" both match articles in "de"). */
  locale?: string;
  /** How many passages at most; default `knowledge.search.limit`. */
  limit?: number;
  /** "customer" (default): customer-facing articles only. "internal": internal articles too (agent assist). */
  audience?: "customer" | "internal";
}

/** One ranked passage: a section of one version of one article. */
export interface KnowledgePassage {
  articleId: string;
  /** The recorded version (see Store.recordArticleVersion) whose text this passage is. */
  version: number;
  /** `${articleId}#${section-slug}`. */
  passageId: string;
  title: string;
  /** Headings leading to the section, outermost first. */
  headings: string[];
  /** The section as plain text (for prompts and quoting). */
  text: string;
  /** The section as written, in Markdown (for display). */
  markdown: string;
  score: number;
  locale: string;
  scenarios: string[];
  audience: "customer" | "internal";
  /** File path relative to the knowledge directory, and the section's line in it. */
  file: string;
  line: number;
  contentHash: string;
}

/** What an answer records about each passage it used (on its decision event and in the handoff card). */
export interface KnowledgeCitation {
  articleId: string;
  version: number;
  passageId: string;
}

export function citationOf(p: Pick<KnowledgePassage, "articleId" | "version" | "passageId">): KnowledgeCitation {
  return { articleId: p.articleId, version: p.version, passageId: p.passageId };
}
