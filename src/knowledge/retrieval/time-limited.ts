import type { Article } from "../article.js";
import { analyzerFor } from "../text/analyzer.js";

/**
 * Evergreen policy before time-limited exceptions. A promotion article
 * (one with an `expires_at`, or tagged with the `promotions` scenario) states
 * an exception to a policy ("Black Week orders can be returned until…") and
 * repeats the policy's words, so BM25 happily ranks it first for the general
 * question ("can I return shoes after 5 weeks?") and the customer gets the
 * exception instead of the rule. Such articles are scored at
 * {@link TIME_LIMITED_WEIGHT} unless the question is about them: it uses a
 * word of their title or headings that no evergreen article uses anywhere
 * ("black", "2026", "discount"), or two that no evergreen title or heading
 * uses ("black week": "week" alone also means "5 weeks ago").
 */
export const TIME_LIMITED_WEIGHT = 0.6;

export interface TimeLimitedPolicy {
  /** Score factor for a passage of this article given the query (1 for evergreen articles). */
  factor(article: Article, queryTerms: (locale: string) => ReadonlySet<string>): number;
}

export function isTimeLimited(article: Pick<Article, "expiresAt" | "scenarios">): boolean {
  return article.expiresAt !== null || article.scenarios.includes("promotions");
}

/** Built once per snapshot: which title/heading words single out each time-limited article. */
export function timeLimitedPolicy(passages: readonly { article: Article; headings: readonly string[]; text: string }[]): TimeLimitedPolicy {
  const evergreenTitles = new Set<string>();
  const evergreenText = new Set<string>();
  const limited = new Map<Article, Set<string>>();
  for (const { article, headings, text } of passages) {
    const analyzer = analyzerFor(article.locale);
    const titleTerms = analyzer.terms([article.title, ...headings].join("\n"));
    if (isTimeLimited(article)) {
      const own = limited.get(article) ?? new Set<string>();
      for (const t of titleTerms) own.add(t);
      limited.set(article, own);
    } else {
      for (const t of titleTerms) evergreenTitles.add(t);
      for (const t of analyzer.terms(text)) evergreenText.add(t);
    }
  }
  const words = new Map<Article, { strong: Set<string>; weak: Set<string> }>();
  for (const [article, own] of limited) {
    const distinct = [...own].filter((t) => !evergreenTitles.has(t));
    words.set(article, { strong: new Set(distinct.filter((t) => !evergreenText.has(t))), weak: new Set(distinct.filter((t) => evergreenText.has(t))) });
  }
  return {
    factor(article, queryTerms) {
      const own = words.get(article);
      if (!own) return 1;
      const query = queryTerms(article.locale);
      let weak = 0;
      for (const t of query) {
        if (own.strong.has(t)) return 1;
        if (own.weak.has(t)) weak++;
      }
      return weak >= 2 ? 1 : TIME_LIMITED_WEIGHT;
    },
  };
}
