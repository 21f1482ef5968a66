import { nextOpening } from "../../core/calendar/business-time.js";
import { formatLocalTime } from "../../core/config/business-hours.js";
import type { IntentConfig } from "../../core/config/ai-schema.js";
import type { Decision } from "../../core/pipeline/decision.js";
import type { AiState } from "./state.js";
import { buildHandoffCard, type EscalationReason } from "./handoff.js";
import { formatDuration } from "./texts.js";
import type { FlowEnv, Turn } from "./turn.js";

/**
 * Hands the conversation to people: a complete handoff card, and a reply
 * telling the customer which team has it and when to expect an answer (the
 * queue's SLA during business hours, the next opening time outside them).
 * When no escalation target for the card can deliver, nothing is promised:
 * the customer is told the message is kept and when nobody is available.
 */
export async function escalate(env: FlowEnv, turn: Turn, why: EscalationReason): Promise<Decision> {
  const { config, texts } = env;
  const { state, locale, input } = turn;
  const { conversation, now } = input;
  const intent = intentOf(env, state) ?? null;
  const history = await env.store.listMessages(conversation.id);
  const card = await buildHandoffCard({
    provider: env.provider,
    logger: env.logger,
    conversation,
    history,
    state,
    intent,
    fields: turn.fields,
    why,
    queue: config.queues[why.queue],
    locale,
    languageNote: turn.languageNote,
    conversationUrl: env.conversationUrl(conversation.id),
    now,
    businessHours: config.business_hours,
  });
  const queueName = config.queues[why.queue]?.name ?? why.queue;
  if (env.reachable && !env.reachable(card, input.contact)) {
    // No target for this queue can deliver (e.g. only Slack targets and no Slack token): promise no reply time.
    turn.replies.push({ kind: "escalated_unstaffed", text: texts.get("escalated_unstaffed", locale, { queue: queueName }), authorKind: "ai" });
  } else if (turn.open || !config.business_hours) {
    const sla = config.queues[why.queue]?.first_response;
    // Promise what the calendar allows: "within 1 hour" only when the hour fits before closing time.
    const runsPastClosing = sla && card.slaDueAt && config.business_hours && card.slaDueAt.getTime() - now.getTime() > sla;
    const eta = !sla
      ? ""
      : runsPastClosing
        ? texts.get("eta_due", locale, { due: formatLocalTime(config.business_hours!, card.slaDueAt!, locale) })
        : texts.get("eta_sla", locale, { sla: formatDuration(sla, locale) });
    turn.replies.push({ kind: "escalated", text: texts.get("escalated", locale, { queue: queueName, eta }), authorKind: "ai" });
  } else {
    const back = nextOpening(config.business_hours, now);
    const eta = back ? formatLocalTime(config.business_hours, back, locale) : "";
    turn.replies.push({ kind: "escalated_after_hours", text: texts.get("escalated_after_hours", locale, { queue: queueName, eta }), authorKind: "ai" });
  }
  state.escalating = null;
  Object.assign(turn.notes, { escalated: true, rule: why.rule, risk: why.risk, queue: why.queue, reason: why.reason });
  return turn.finish({ escalation: card });
}

export function intentOf(env: FlowEnv, state: AiState): IntentConfig | undefined {
  return env.config.intents.find((i) => i.name === state.intent);
}

/** The queue for escalations that belong to no intent. */
export function fallbackQueue(env: FlowEnv, state: AiState): string {
  return intentOf(env, state)?.queue ?? Object.keys(env.config.queues)[0] ?? "support";
}
