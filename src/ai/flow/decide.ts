import type { FieldConfig, IntentConfig } from "../../core/config/ai-schema.js";
import { formatLocalTime, isOpen, nextOpening } from "../../core/config/business-hours.js";
import type { ThreadlineConfig } from "../../core/config/schema.js";
import type { Logger } from "../../core/logger.js";
import type { Decider, Decision, DecisionInput, DecisionReply } from "../../core/pipeline/decision.js";
import type { Store } from "../../core/store/port.js";
import type { KnowledgeBase } from "../../knowledge/contract.js";
import type { GuardResult } from "../../knowledge/guard.js";
import { validateField } from "../local/fields.js";
import { detectLanguage } from "../local/language.js";
import { detectSignals } from "../local/signals.js";
import type { AiProvider, ExtractInput, FieldSpec } from "../port.js";
import type { CodeVerification } from "../../core/identity/index.js";
import { answerFromKnowledge } from "./answer-step.js";
import { linkStep } from "./link-step.js";
import { buildHandoffCard, type EscalationReason } from "./handoff.js";
import { firstFiringRule } from "./rules.js";
import { loadAiState, type AiState } from "./state.js";
import { createTexts, formatDuration } from "./texts.js";

export type AiConfig = Pick<ThreadlineConfig, "ai" | "intents" | "fields" | "queues" | "rules" | "hub" | "business_hours" | "messages" | "knowledge">;

export interface AiDeciderDeps {
  store: Store;
  logger: Logger;
  provider: AiProvider;
  config: AiConfig;
  /** Knowledge base answers come from; without one, every answerable intent escalates. */
  knowledge?: KnowledgeBase;
  /** The forbidden-phrasing guard (records its own event on a hit). */
  guard?(text: string, input: DecisionInput): Promise<GuardResult>;
  /** One-time codes for "I wrote to you before" (identity linking); without it the AI does not offer linking. */
  codes?: CodeVerification;
  /** Link to a conversation, for the handoff card. */
  conversationUrl(conversationId: string): string;
}

/** A short thank-you or goodbye (no question in it): answered politely, never clarified or escalated. */
const CLOSING = /^\s*(thanks?( you)?|thx|ty|ok(ay)?|great|perfect|cool|got it|bye|danke|super|alles klar|tschüss)\b[^?]{0,60}$/iu;
const HELLO = /^\s*(hi|hello|hey|hallo|moin|servus|guten (tag|morgen|abend)|good (morning|afternoon|evening))( there| zusammen)?[\s.!,]*$/iu;

/**
 * The AI core's decision step for one customer message while the AI owns
 * the conversation:
 * 1. mandatory escalation rules (deterministic, before any model output);
 * 2. the pending field question, if any (validated; re-asked, then escalated);
 * 3. intent classification, with one clarifying question when unclear;
 * 4. missing fields of the intent, asked one at a time, never twice;
 * 5. an answer from the knowledge base (guarded, cited) or an escalation.
 * Every escalation carries a complete handoff card. When a human owns the
 * conversation the AI says nothing.
 */
export function createAiDecider(deps: AiDeciderDeps): Decider {
  const { config, provider, store, logger } = deps;
  const defaultLocale = config.hub.default_locale;
  const texts = createTexts(config.ai.texts, defaultLocale);
  const intentSpecs = config.intents.map((i) => ({ name: i.name, description: i.description, examples: i.examples }));
  const fieldSpec = (name: string, f: FieldConfig): FieldSpec => ({
    name, kind: f.kind, description: f.description ?? name.replace(/_/g, " "),
    ...(f.pattern ? { pattern: f.pattern } : {}), ...(f.options ? { options: f.options } : {}),
  });

  return async (input) => {
    const { message, conversation, contact, now } = input;
    if (conversation.owner === "human") return { replies: [], notes: { ai_silent: true, silent: "human_owner" } };
    const state: AiState = structuredClone(await loadAiState(store, conversation.id));
    const text = message.text;
    const replies: DecisionReply[] = [];
    const open = config.business_hours ? isOpen(config.business_hours, now) : true;

    const detected = detectLanguage(text).language;
    if (detected) state.language = detected;
    const customerLanguage = state.language ?? defaultLocale;
    const locale = texts.speaks(customerLanguage) ? customerLanguage : defaultLocale;
    // The greeting in the customer's language when the config has it (it is the admin's text, like the field prompts).
    const greeting = config.messages.greeting?.[locale] ?? config.messages.greeting?.[defaultLocale];
    if (input.isNewConversation && open && greeting) replies.push({ kind: "greeting", text: greeting, authorKind: "system" });
    const languageNote = customerLanguage !== locale
      ? `The customer writes in "${customerLanguage}"; the AI replied in "${locale}" (no texts in that language).` : null;

    const fields: Record<string, string> = { ...pickProfile(contact.profile, Object.keys(config.fields)), ...conversation.fields };
    const learned: Record<string, string> = {};
    const remember: Record<string, string> = {};
    const learn = (name: string, value: string) => {
      if (fields[name] === value) return;
      fields[name] = value;
      learned[name] = value;
      if (config.fields[name]?.remember) remember[name] = value;
      state.steps.push(`Customer provided ${name.replace(/_/g, " ")}`);
    };
    const notes: Record<string, unknown> = { language: customerLanguage, locale, provider: provider.id };
    const finish = (extra: Partial<Decision> = {}): Decision => ({
      replies,
      notes: { ...notes, intent: state.intent, confidence: state.confidence, fields: Object.keys(fields), state },
      ...(Object.keys(learned).length ? { fields: learned } : {}),
      ...(Object.keys(remember).length ? { profile: remember } : {}),
      ...extra,
    });

    const escalate = async (why: EscalationReason): Promise<Decision> => {
      const intent = config.intents.find((i) => i.name === state.intent) ?? null;
      const history = await store.listMessages(conversation.id);
      const card = await buildHandoffCard({
        provider, logger, conversation, history, state, intent, fields, why, queue: config.queues[why.queue], locale, languageNote,
        conversationUrl: deps.conversationUrl(conversation.id), now,
      });
      const queueName = config.queues[why.queue]?.name ?? why.queue;
      if (open || !config.business_hours) {
        const sla = config.queues[why.queue]?.first_response;
        const eta = sla ? texts.get("eta_sla", locale, { sla: formatDuration(sla, locale) }) : "";
        replies.push({ kind: "escalated", text: texts.get("escalated", locale, { queue: queueName, eta }), authorKind: "ai" });
      } else {
        const back = nextOpening(config.business_hours, now);
        const eta = back ? formatLocalTime(config.business_hours, back, locale) : "";
        replies.push({ kind: "escalated_after_hours", text: texts.get("escalated_after_hours", locale, { queue: queueName, eta }), authorKind: "ai" });
      }
      Object.assign(notes, { escalated: true, rule: why.rule, risk: why.risk, queue: why.queue, reason: why.reason });
      return finish({ escalation: card });
    };

    // 1. Mandatory rules, before anything a model says.
    const signals = detectSignals(text);
    const hit = firstFiringRule(config.rules, { text, signals, contact, conversation, state, queues: config.queues, now });
    if (hit) {
      state.steps.push(`Rule "${hit.rule.id}" fired: ${hit.evidence.join("; ")}`);
      return escalate({
        risk: hit.rule.risk, rule: hit.rule.id, reason: `${hit.rule.reason} (${hit.evidence.join("; ")})`, queue: hit.rule.queue,
        ...(hit.rule.priority ? { priority: hit.rule.priority } : {}), ...(hit.rule.next_action ? { nextAction: hit.rule.next_action } : {}),
      });
    }

    // 1b. "I wrote to you before": link the earlier identity with a one-time code.
    if (deps.codes) {
      const linked = await linkStep({ codes: deps.codes, text, conversation, state, locale, texts });
      if (linked) {
        replies.push({ ...linked, authorKind: "ai" });
        Object.assign(notes, { linking: linked.kind });
        return finish();
      }
    }

    // 2. The answer to the field question asked last.
    const ctx = { now, locale, timeZone: config.business_hours?.timezone ?? "UTC" };
    let consumed = false;
    if (state.asking && config.fields[state.asking]) {
      const name = state.asking;
      const spec = fieldSpec(name, config.fields[name]!);
      const found = (await extractSafely({ text, fields: [spec], expecting: name, locale }))[name];
      const checked = found !== undefined ? validateField(spec, found, ctx) : validateField(spec, text, ctx);
      if (checked.ok) {
        learn(name, checked.value);
        state.asking = null;
        state.fieldFailures = 0;
        consumed = true;
      } else {
        state.fieldFailures += 1;
        state.failures += 1;
        state.steps.push(`Customer's answer for ${name.replace(/_/g, " ")} did not validate (${checked.reason})`);
        if (state.fieldFailures >= config.ai.field_attempts) {
          const queue = intentOf(state)?.queue ?? firstQueue();
          return escalate({ risk: "low", rule: null, reason: `Could not get a valid ${name.replace(/_/g, " ")} from the customer`, queue });
        }
        const prompt = config.fields[name]!.prompt[locale] ?? config.fields[name]!.prompt[defaultLocale]!;
        replies.push({ kind: "ask_field", text: texts.get("invalid_field", locale, { reason: checked.reason, prompt }), authorKind: "ai" });
        Object.assign(notes, { asks_for: name });
        return finish();
      }
    }

    // 3. The intent: kept while collecting its fields, classified otherwise.
    if (!consumed) {
      const classification = await provider.classify({ text, intents: intentSpecs, locale: customerLanguage });
      const clear = classification.intent !== null && classification.confidence >= config.ai.intent_threshold;
      if (clear) {
        if (classification.intent !== state.intent) {
          state.intent = classification.intent;
          state.question = text;
          state.clarifications = 0;
        }
        state.confidence = classification.confidence;
      } else if (CLOSING.test(text)) {
        replies.push({ kind: "closing", text: texts.get("closing", locale), authorKind: "ai" });
        return finish();
      } else if (HELLO.test(text) && replies.some((r) => r.kind === "greeting")) {
        return finish();
      } else if (state.clarifications < config.ai.clarify_attempts) {
        state.clarifications += 1;
        state.failures += 1;
        state.steps.push("AI asked a clarifying question (request unclear)");
        const topics = config.intents.filter((i) => i.action === "answer").slice(0, 4);
        const options = topics.map((i) => i.label?.[locale] ?? i.label?.[defaultLocale] ?? i.description);
        // The buttons carry the topic names, which the classifier recognises when a customer presses one.
        const buttons = topics.map((i, n) => ({ id: `intent:${i.name}`, label: capitalise(options[n]!) }));
        replies.push({ kind: "clarify", text: texts.get("clarify", locale, { options: joinOr(options, locale) }), authorKind: "ai", buttons });
        Object.assign(notes, { clarify: true, unclear_confidence: classification.confidence });
        return finish();
      } else {
        state.steps.push("Request still unclear after a clarifying question");
        return escalate({ risk: "low", rule: null, reason: "The AI could not tell what the customer needs", queue: intentOf(state)?.queue ?? firstQueue() });
      }
    }
    const intent = intentOf(state);
    if (!intent) return escalate({ risk: "low", rule: null, reason: "No intent configured for this request", queue: firstQueue() });
    Object.assign(notes, { queue: intent.queue });

    // 4. Opportunistic extraction, then the first missing field.
    const specs = intent.fields.map((f) => fieldSpec(f, config.fields[f]!));
    const found = await extractSafely({ text, fields: specs.filter((s) => s.kind !== "text" && !fields[s.name]), locale });
    for (const [name, value] of Object.entries(found)) {
      const spec = specs.find((s) => s.name === name);
      // Providers' values are validated again: an LLM's "order number" must still match the configured pattern.
      const checked = spec ? validateField(spec, value, ctx) : null;
      if (checked?.ok && !fields[name]) learn(name, checked.value);
    }
    const missing = intent.fields.find((f) => !fields[f]);
    if (missing) {
      state.asking = missing;
      state.fieldFailures = 0;
      state.steps.push(`AI asked for ${missing.replace(/_/g, " ")}`);
      replies.push({ kind: "ask_field", text: config.fields[missing]!.prompt[locale] ?? config.fields[missing]!.prompt[defaultLocale]!, authorKind: "ai" });
      Object.assign(notes, { asks_for: missing });
      return finish({ queue: intent.queue });
    }

    // 5. Escalating intents hand over once their fields are in; the others answer from the knowledge base.
    if (intent.action === "escalate") {
      return escalate({ risk: intent.risk, rule: null, reason: `${intent.description} (needs a person)`, queue: intent.queue });
    }
    const answer = await answerFromKnowledge({
      provider, knowledge: deps.knowledge, intent, question: consumed ? state.question ?? text : text, earlier: consumed ? null : state.question, locale,
      // An LLM writes the answer in the customer's own language; the local provider can only quote the articles.
      answerLocale: provider.id === "openai" ? customerLanguage : locale, fields,
      minScore: config.ai.answer_min_score, guard: deps.guard ? (t) => deps.guard!(t, input) : undefined,
    });
    if (!answer.ok) {
      state.failures += 1;
      state.steps.push(answer.step);
      return escalate({ risk: answer.blocked ? "medium" : intent.risk, rule: null, reason: answer.reason, queue: intent.queue });
    }
    for (const a of answer.articles) if (!state.articles.some((x) => x.articleId === a.articleId)) state.articles.push(a);
    state.steps.push(`AI answered from ${answer.articles.map((a) => `“${a.title}”`).join(", ")}`);
    const source = config.ai.cite_sources ? `\n\n${texts.get("source", locale, { title: answer.articles.map((a) => a.title).join(", ") })}` : "";
    replies.push({ kind: "answer", text: `${answer.text}${source}`, authorKind: "ai" });
    Object.assign(notes, { cites: answer.articles.map((a) => a.articleId), citations: answer.citations });
    return finish({ queue: intent.queue });
  };

  /** The provider's extraction; a failure (API down with no fallback) means "nothing found", never a crashed decision. */
  async function extractSafely(input: ExtractInput): Promise<Record<string, string>> {
    if (input.fields.length === 0) return {};
    try {
      return (await provider.extract(input)).fields;
    } catch (e) {
      logger.warn({ err: e }, "field extraction failed; treating the message as containing no fields");
      return {};
    }
  }

  function intentOf(state: AiState): IntentConfig | undefined {
    return config.intents.find((i) => i.name === state.intent);
  }
  function firstQueue(): string {
    return Object.keys(config.queues)[0] ?? "support";
  }
}

function pickProfile(profile: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => profile[n]).map((n) => [n, profile[n]!]));
}

function joinOr(items: string[], locale: string): string {
  const or = locale.startsWith("de") ? "oder" : "or";
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${or} ${items.at(-1)}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
