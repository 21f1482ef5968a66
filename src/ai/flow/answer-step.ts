import type { IntentConfig } from "../../core/config/ai-schema.js";
import type { HandoffArticle } from "../../core/model/index.js";
import { citationOf, type KnowledgeBase, type KnowledgePassage } from "../../knowledge/contract.js";
import type { GuardResult } from "../../knowledge/guard.js";
import type { AiProvider, Citation } from "../port.js";

export interface AnswerStepInput {
  provider: AiProvider;
  knowledge: KnowledgeBase | undefined;
  intent: IntentConfig;
  question: string;
  /** Locale of the articles searched first. */
  locale: string;
  /** Locale the answer is written in. */
  answerLocale: string;
  fields: Record<string, string>;
  /** The question that opened this topic, when `question` is a later message about it (follow-ups lean on it). */
  earlier?: string | null;
  minScore: number;
  guard: ((text: string) => Promise<GuardResult>) | undefined;
}

export type AnswerStepResult =
  | { ok: true; text: string; articles: HandoffArticle[]; citations: Citation[] }
  | { ok: false; reason: string; step: string; blocked: boolean };

/**
 * Answers from the knowledge base only: passages are searched within the
 * intent's scenario tags (published, unexpired articles only: the KB never
 * returns others), the provider answers from them alone, and the answer
 * passes the forbidden-phrasing guard. Anything short of that is a reason to
 * escalate, never a guess.
 */
export async function answerFromKnowledge(input: AnswerStepInput): Promise<AnswerStepResult> {
  if (!input.knowledge) return { ok: false, reason: "No knowledge base is configured", step: "No knowledge base to answer from", blocked: false };
  const scenario = input.intent.scenarios.length > 0 ? input.intent.scenarios : [input.intent.name];
  const search = async (q: string) => {
    const found = await searchNarrowed(input.knowledge!, q, scenario, input.locale);
    // No article in the customer's language: any language beats no answer (the card notes the language).
    return found.length > 0 ? found : searchNarrowed(input.knowledge!, q, scenario, undefined);
  };
  let question = input.question;
  let passages = await search(question);
  const combined = withContext(input.question, input.earlier);
  if (combined !== input.question) {
    // A follow-up: the earlier question says which article the conversation is about; the new message
    // which part of it. Its own best match stands when it comes from that article, else the joint reading.
    const joint = await search(combined);
    const topic = new Set(joint.map((p) => p.articleId));
    if (!passages[0] || !topic.has(passages[0].articleId)) [question, passages] = [combined, joint];
  }
  // Passages far below the best one add noise (an extractive answer may quote them), not evidence.
  const top = passages[0]?.score ?? 0;
  passages = passages.filter((p) => p.score >= input.minScore && p.score >= top * 0.6);
  if (passages.length === 0) {
    return {
      ok: false,
      reason: "No published knowledge-base article covers this question",
      step: "AI found no knowledge-base article for the question",
      blocked: false,
    };
  }
  const answer = await input.provider.answer({
    question,
    locale: input.answerLocale,
    // The local provider quotes Markdown (list items and step numbers survive); an LLM reads plain text.
    passages: passages.map((p) => ({ citation: citationOf(p), title: p.title, text: input.provider.id === "local" ? p.markdown : p.text })),
  });
  if (!answer.grounded) {
    return {
      ok: false,
      reason: "The knowledge base did not answer the question well enough to reply",
      step: `AI looked at ${titles(passages)} but found no answer there`,
      blocked: false,
    };
  }
  let text = answer.text;
  if (input.guard) {
    const checked = await input.guard(text);
    if (checked.action === "block") {
      return {
        ok: false,
        reason: `The drafted answer used forbidden phrasing (${checked.hits.map((h) => h.reason).join("; ")})`,
        step: "AI drafted an answer that the phrasing guard blocked",
        blocked: true,
      };
    }
    text = checked.text;
  }
  const articles: HandoffArticle[] = [];
  for (const c of answer.citations) {
    const p = passages.find((x) => x.articleId === c.articleId && x.version === c.version);
    if (p && !articles.some((a) => a.articleId === p.articleId)) articles.push({ articleId: p.articleId, version: p.version, title: p.title });
  }
  return { ok: true, text, articles, citations: answer.citations };
}

/** Openings of a message that only makes sense with the question before it ("and to the UK?", "what about boots?"). */
const FOLLOW_UP = /^\s*(and|also|what about|how about|same for|and for|und|und was ist mit|was ist mit|auch|et|et pour|y|y para|¿y)\b/i;
const CONTENT_WORD = /[\p{L}\p{N}]{3,}/gu;

/**
 * A follow-up is read together with the question that opened the topic:
 * "and to the UK?" after "How long does delivery to Austria take?" is about
 * delivery times. The earlier question comes first and lower-cased, so its
 * names ("Austria") do not have to appear in the answer to the new one.
 */
export function withContext(question: string, earlier: string | null | undefined): string {
  if (!earlier || earlier.trim() === question.trim()) return question;
  const short = (question.match(CONTENT_WORD) ?? []).length <= 3;
  if (!FOLLOW_UP.test(question) && !short) return question;
  return `${earlier.toLowerCase()}\n${question}`;
}

/** A match outside the intent's scenarios wins when it scores at least this many times the best match inside. */
export const OUTSIDE_SCENARIO_MARGIN = 1.5;

/**
 * The intent's scenario tags narrow the search (a shipping question is not
 * answered from the warranty article), but the intent is a guess: when an
 * article outside them matches the question clearly better, that one is the
 * answer ("my jacket zipper broke, is that covered?" read as product info).
 */
async function searchNarrowed(kb: KnowledgeBase, question: string, scenario: readonly string[], locale: string | undefined): Promise<KnowledgePassage[]> {
  const [inside, everywhere] = await Promise.all([kb.search(question, { scenario, locale, limit: 3 }), kb.search(question, { locale, limit: 3 })]);
  const top = everywhere[0];
  if (top && !top.scenarios.some((t) => scenario.includes(t)) && top.score >= (inside[0]?.score ?? 0) * OUTSIDE_SCENARIO_MARGIN) return everywhere;
  return inside;
}

function titles(passages: KnowledgePassage[]): string {
  return [...new Set(passages.map((p) => `“${p.title}”`))].join(", ");
}
