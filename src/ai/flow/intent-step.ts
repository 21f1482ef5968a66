import type { Decision } from "../../core/pipeline/decision.js";
import { escalate, fallbackQueue } from "./escalate-step.js";
import { joinOr } from "./texts.js";
import type { FlowEnv, Turn } from "./turn.js";

/** A short thank-you or goodbye (no question in it): answered politely, never clarified or escalated. */
const CLOSING =
  /^\s*(thanks?( you)?|thx|ty|ok(ay)?|great|perfect|cool|got it|bye|danke|super|alles klar|tschüss|merci|parfait|d'accord|au revoir|gracias|perfecto|vale|adiós|adios)\b[^?]{0,60}$/iu;
const HELLO =
  /^\s*(hi|hello|hey|hallo|moin|servus|guten (tag|morgen|abend)|good (morning|afternoon|evening)|bonjour|bonsoir|salut|hola|buenos días|buenas( tardes| noches)?)( there| zusammen| à tous| a todos)?[\s.!,¡]*$/iu;

/** A message that continues the open topic ("and what about…", "what if…"), in the languages the texts ship. */
const FOLLOW_UP = /^\s*(and|also|what about|how about|what if|und|was ist mit|und wenn|et|et pour|et si|y|¿?y si|¿?y qué pasa con|¿?y con)\b/iu;

/**
 * Sets the conversation's intent from this message: a clear classification
 * becomes the intent (a new topic also becomes the question answers are
 * about); a thank-you is answered; a bare hello right after the greeting or
 * notice needs nothing more; anything else unclear gets one clarifying
 * question (with the likeliest topics as buttons), then an escalation.
 * Returns the decision when the message ends here, null to go on.
 */
export async function intentStep(env: FlowEnv, turn: Turn): Promise<Decision | null> {
  const { config, texts, defaultLocale } = env;
  const { state, text, locale } = turn;
  const intentSpecs = config.intents.map((i) => ({ name: i.name, description: i.description, examples: i.examples }));
  const classification = await env.provider.classify({ text, intents: intentSpecs, locale: turn.customerLanguage });
  if (classification.intent !== null && classification.confidence >= config.ai.intent_threshold) {
    if (classification.intent !== state.intent) {
      state.intent = classification.intent;
      state.question = text;
      state.clarifications = 0;
    }
    state.confidence = classification.confidence;
    return null;
  }
  // "And what about things I ordered during Black Week?": a follow-up on the topic already open, not a new unclear request.
  if (state.intent && FOLLOW_UP.test(text)) {
    state.question = text;
    state.steps.push("Customer asked a follow-up on the same topic");
    return null;
  }
  if (CLOSING.test(text)) {
    turn.replies.push({ kind: "closing", text: texts.get("closing", locale), authorKind: "ai" });
    return turn.finish();
  }
  if (HELLO.test(text) && turn.replies.some((r) => r.kind === "greeting" || r.kind === "after_hours")) return turn.finish();
  if (state.clarifications < config.ai.clarify_attempts) {
    state.clarifications += 1;
    state.failures += 1;
    state.steps.push("AI asked a clarifying question (request unclear)");
    const topics = config.intents.filter((i) => i.action === "answer").slice(0, 4);
    const options = topics.map((i) => i.label?.[locale] ?? i.label?.[defaultLocale] ?? i.description);
    // The buttons carry the topic names, which the classifier recognises when a customer presses one.
    const buttons = topics.map((i, n) => ({ id: `intent:${i.name}`, label: capitalise(options[n]!) }));
    turn.replies.push({ kind: "clarify", text: texts.get("clarify", locale, { options: joinOr(options, locale) }), authorKind: "ai", buttons });
    Object.assign(turn.notes, { clarify: true, unclear_confidence: classification.confidence });
    return turn.finish();
  }
  state.steps.push("Request still unclear after a clarifying question");
  return escalate(env, turn, { risk: "low", rule: null, reason: "The AI could not tell what the customer needs", queue: fallbackQueue(env, state) });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
