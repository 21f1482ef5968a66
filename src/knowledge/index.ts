/**
 * The governed knowledge base (src/knowledge): Markdown articles with
 * versions, expiry, forbidden phrasing and scenario tags, and a local
 * retrieval index. The hub calls `startKnowledgeBase`; the AI core calls
 * `search` and guards every answer with `guardAnswer` (or `checkOutboundAnswer`).
 */
export type { KnowledgeBase, KnowledgeCitation, KnowledgePassage, KnowledgeSearchOptions } from "./contract.js";
export { citationOf } from "./contract.js";
export { startKnowledgeBase, type RunningKnowledgeBase, type StartKnowledgeBaseDeps } from "./start.js";
export { createKnowledgeBase, type KnowledgeBaseDeps, type KnowledgeSettings, type LoadedKnowledgeBase, type ReloadReport } from "./knowledge-base.js";
export {
  checkOutboundAnswer,
  compileForbiddenRules,
  findForbidden,
  type ForbiddenRuleConfig,
  type GuardHit,
  type GuardResult,
  type GuardRules,
} from "./guard.js";
export { GUARD_EVENT, guardAnswer, withAnswerGuard, type AnswerGuardDeps, type AnswerGuardOptions, type GuardedAnswer } from "./answer-guard.js";
export { availability, describeExpiry, expiryReport, formatExpiryDigest, isServable, type Availability, type ExpiryEntry } from "./expiry.js";
export { formatKnowledgeMetrics, type KnowledgeMetrics } from "./metrics.js";
export { formatLintProblem, lintKnowledge, type LintProblem, type LintRule } from "./lint.js";
export { embeddingKey, fileEmbeddingCache, memoryEmbeddingCache, type EmbeddingCache, type EmbeddingProvider } from "./embeddings.js";
export { lintDirectory, lintSettingsFrom, type DirectoryLint } from "./lint-dir.js";
export { importContent, type ImportOptions, type ImportResult, type ImportedArticle } from "./import/import.js";
