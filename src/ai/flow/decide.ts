import type { IntentConfig } from "../../core/config/ai-schema.js";
import type { Decider, Decision } from "../../core/pipeline/decision.js";
import { detectSignals } from "../local/signals.js";
import { actionStep } from "./action-step.js";
import { confirmStep } from "./confirm-step.js";
import { answerFromKnowledge } from "./answer-step.js";
import { escalate, intentOf, fallbackQueue } from "./escalate-step.js";
import { askMissingField, collectIdentifiers, gatherIntentFields, lacksFields, pendingFieldStep, type PendingOutcome } from "./field-step.js";
import { intentStep } from "./intent-step.js";
import { linkStep } from "./link-step.js";
import { noticeStep } from "./notice-step.js";
import { firstFiringRule } from "./rules.js";
import { ruleReply, watchWithConfig } from "./risk-watch.js";
import { createTexts } from "./texts.js";
import { fieldSpecOf, startTurn, type AiDeciderDeps, type FlowEnv, type Turn } from "./turn.js";

export type { AiConfig, AiDeciderDeps } from "./turn.js";

/**
 * The AI core's decision step for one customer message while the AI owns
 * the conversation:
 * 0. the greeting / after-hours notice / language note (notice-step.ts);
 * 1. mandatory escalation rules (deterministic, before any model output);
 * 2. identifiers in the message are kept; the pending field question is
 *    answered, declined ("I ordered as a guest") or re-asked (field-step.ts);
 * 3. intent classification, with one clarifying question when unclear (intent-step.ts);
 * 4. the intent's missing fields, asked one at a time and only when the next
 *    step needs them (`ask_when`), never twice;
 * 5. an answer from the knowledge base (guarded, cited) or an escalation.
 * Every escalation carries a complete handoff card. When a human owns the
 * conversation the AI says nothing.
 */
export function createAiDecider(deps: AiDeciderDeps): Decider {
  const { config } = deps;
  const env: FlowEnv = {
    ...deps,
    defaultLocale: config.hub.default_locale,
    texts: createTexts(config.ai.texts, config.hub.default_locale),
    fieldSpec: (name) => fieldSpecOf(name, config.fields[name]!),
  };

  return async (input) => {
    if (input.conversation.owner === "human") return watchWithConfig(config, input);
    const turn = await startTurn(env, input);
    await noticeStep(env, turn);
    const { state, text } = turn;

    // 1. Mandatory rules, before anything a model says.
    const signals = detectSignals(text);
    const hit = firstFiringRule(config.rules, {
      text,
      signals,
      contact: input.contact,
      conversation: input.conversation,
      state,
      queues: config.queues,
      now: input.now,
    });
    if (hit) {
      const urgent = ruleReply(config, hit.rule, turn.customerLanguage);
      if (urgent) turn.replies.push(urgent);
      state.steps.push(`Rule "${hit.rule.id}" fired: ${hit.evidence.join("; ")}`);
      return escalate(env, turn, {
        risk: hit.rule.risk,
        rule: hit.rule.id,
        reason: `${hit.rule.reason} (${hit.evidence.join("; ")})`,
        queue: hit.rule.queue,
        ...(hit.rule.priority ? { priority: hit.rule.priority } : {}),
        ...(hit.rule.next_action ? { nextAction: hit.rule.next_action } : {}),
      });
    }

    // 1a. The answer to "Shall I …?" for a writing action.
    const confirmation = confirmStep(turn);
    if (confirmation === "no") {
      turn.replies.push({ kind: "action_declined", text: env.texts.get("confirm_declined", turn.locale), authorKind: "ai" });
      return turn.finish();
    }

    // 1b. "I wrote to you before": link the earlier identity with a one-time code.
    if (deps.codes) {
      const linked = await linkStep({ codes: deps.codes, text, conversation: input.conversation, state, locale: turn.locale, texts: env.texts });
      if (linked) {
        turn.replies.push({ ...linked, authorKind: "ai" });
        Object.assign(turn.notes, { linking: linked.kind });
        return turn.finish();
      }
    }

    // 2. Identifiers in any message; then the answer to the field question asked last.
    collectIdentifiers(env, turn);
    const pending = await pendingFieldStep(env, turn);
    if (typeof pending === "object") return pending.decision;

    // 3. The intent: kept while collecting its fields, classified otherwise.
    if (pending === "none" && confirmation !== "yes") {
      const ended = await intentStep(env, turn);
      if (ended) return ended;
    }
    const intent = intentOf(env, state);
    if (!intent) return escalate(env, turn, { risk: "low", rule: null, reason: "No intent configured for this request", queue: fallbackQueue(env, state) });
    Object.assign(turn.notes, { queue: intent.queue });
    return fieldsThenAnswer(env, turn, intent, pending);
  };
}

/**
 * Steps 4 and 5: the fields the next step needs, then the hand-over or the
 * answer. A hand-over waiting for fields (`state.escalating`) goes ahead once
 * they are in or the customer has said they do not have them.
 */
async function fieldsThenAnswer(env: FlowEnv, turn: Turn, intent: IntentConfig, pending: PendingOutcome): Promise<Decision> {
  const { state } = turn;
  const needsFieldsFirst = state.escalating !== null || intent.action === "escalate" || intent.ask_when === "always";
  if (needsFieldsFirst) {
    const ask = await askMissingField(env, turn, intent);
    if (ask) return ask;
  } else {
    await gatherIntentFields(env, turn, intent);
  }
  if (state.escalating) {
    const { step, ...why } = state.escalating;
    state.steps.push(step);
    return escalate(env, turn, { ...why, rule: null });
  }
  const looked = await actionStep(env, turn, intent, pending === "consumed");
  if (looked) return looked;
  if (intent.action === "escalate") {
    return escalate(env, turn, { risk: intent.risk, rule: null, reason: `${intent.description} (needs a person)`, queue: intent.queue });
  }
  return answerStep(env, turn, intent, pending);
}

/** Step 5: an answer from the knowledge base, or (no answer) a hand-over, after asking for what the person will need. */
async function answerStep(env: FlowEnv, turn: Turn, intent: IntentConfig, pending: PendingOutcome): Promise<Decision> {
  const { config, provider, texts } = env;
  const { state, text, locale } = turn;
  // A field answer continues the question it was asked for; any other message is the question, read with the earlier one.
  const consumed = pending === "consumed";
  const answer = await answerFromKnowledge({
    provider,
    knowledge: env.knowledge,
    intent,
    question: consumed ? (state.question ?? text) : text,
    earlier: consumed ? null : state.question,
    locale,
    // An LLM writes the answer in the customer's own language; the local provider can only quote the articles.
    answerLocale: provider.id === "openai" ? turn.customerLanguage : locale,
    fields: turn.fields,
    minScore: config.ai.answer_min_score,
    guard: env.guard ? (t) => env.guard!(t, turn.input) : undefined,
  });
  if (!answer.ok) {
    state.failures += 1;
    const why = { risk: answer.blocked ? ("medium" as const) : intent.risk, reason: answer.reason, queue: intent.queue };
    if (lacksFields(turn, intent)) {
      // ask_when: escalate: the person will need the fields, so they are asked for before the hand-over.
      state.escalating = { ...why, step: answer.step };
      const ask = await askMissingField(env, turn, intent);
      if (ask) return ask;
      state.escalating = null;
    }
    state.steps.push(answer.step);
    return escalate(env, turn, { ...why, rule: null });
  }
  for (const a of answer.articles) if (!state.articles.some((x) => x.articleId === a.articleId)) state.articles.push(a);
  state.steps.push(`AI answered from ${answer.articles.map((a) => `“${a.title}”`).join(", ")}`);
  const source = config.ai.cite_sources ? `\n\n${texts.get("source", locale, { title: answer.articles.map((a) => a.title).join(", ") })}` : "";
  turn.replies.push({ kind: "answer", text: `${answer.text}${source}`, authorKind: "ai" });
  Object.assign(turn.notes, { cites: answer.articles.map((a) => a.articleId), citations: answer.citations });
  return turn.finish({ queue: intent.queue });
}
