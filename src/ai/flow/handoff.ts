import { addBusinessTime } from "../../core/calendar/business-time.js";
import type { BusinessHours } from "../../core/config/business-hours.js";
import type { IntentConfig, QueueConfig } from "../../core/config/ai-schema.js";
import type { Logger } from "../../core/logger.js";
import type { Conversation, HandoffCard, Message, Priority, RiskLevel } from "../../core/model/index.js";
import type { AiProvider } from "../port.js";
import type { AiState } from "./state.js";

export interface EscalationReason {
  risk: RiskLevel;
  rule: string | null;
  reason: string;
  queue: string;
  priority?: Priority;
  nextAction?: string;
}

export interface HandoffInput {
  provider: AiProvider;
  logger: Logger;
  conversation: Conversation;
  /** The conversation's messages so far including the current one, oldest first. */
  history: Message[];
  state: AiState;
  intent: IntentConfig | null;
  fields: Record<string, string>;
  why: EscalationReason;
  queue: QueueConfig | undefined;
  locale: string;
  languageNote: string | null;
  conversationUrl: string;
  now: Date;
  /** The calendar the queue's SLA counts in; without it the SLA counts wall-clock time. */
  businessHours?: BusinessHours | undefined;
}

/**
 * Builds the handoff card. The goal comes from the provider's summary; when
 * that fails (API down and no fallback), from the customer's first message,
 * so an escalation is never lost to a summarisation error.
 */
export async function buildHandoffCard(input: HandoffInput): Promise<HandoffCard> {
  const { intent, state, why } = input;
  const customerTexts = input.history.filter((m) => m.direction === "inbound").map((m) => m.text);
  let goal = firstSentence(customerTexts[0] ?? "Contact the team");
  try {
    const summary = await input.provider.summarise({
      locale: input.locale,
      messages: input.history
        .filter((m) => m.direction !== "internal")
        .map((m) => ({ author: m.direction === "inbound" ? "customer" : m.authorKind, text: m.text })),
    });
    goal = summary.goal;
  } catch (e) {
    input.logger.warn({ err: e, conversationId: input.conversation.id }, "summary failed; the handoff card uses the first message as the goal");
  }
  const missingFields = (intent?.fields ?? []).filter((f) => !input.fields[f]);
  const nextAction =
    why.nextAction ??
    intent?.next_action ??
    (missingFields.length > 0 ? `Ask the customer for: ${missingFields.join(", ")}; then ${defaultAction(why)}` : defaultAction(why));
  return {
    goal,
    stepsTried: state.steps,
    risk: why.risk,
    rule: why.rule,
    reason: why.reason,
    intent: state.intent,
    confidence: state.confidence,
    fields: { ...input.fields },
    missingFields,
    requiredFields: [...(intent?.fields ?? [])],
    articles: state.articles,
    ...(state.lookups?.length ? { lookups: state.lookups } : {}),
    nextAction,
    queue: why.queue,
    priority: why.priority ?? input.queue?.priority ?? "normal",
    channel: input.conversation.lastChannel,
    language: state.language ?? input.locale,
    languageNote: input.languageNote,
    conversationUrl: input.conversationUrl,
    slaDueAt: firstResponseDue(input),
    createdAt: input.now,
  };
}

/** When a first human response is due: the queue's SLA counted in business hours (23:00 + 1 h is 1 h after opening, not midnight). */
function firstResponseDue(input: HandoffInput): Date | null {
  const sla = input.queue?.first_response;
  if (!sla) return null;
  return input.businessHours ? addBusinessTime(input.businessHours, input.now, sla) : new Date(input.now.getTime() + sla);
}

function defaultAction(why: EscalationReason): string {
  if (why.risk === "critical" || why.risk === "high") return "reply personally and soon; do not promise outcomes before checking the case";
  return "review the conversation and reply to the customer";
}

function firstSentence(text: string): string {
  const trimmed = text.replace(/\s+/g, " ").trim();
  const cut = /^(.{10,200}?[.!?])(\s|$)/.exec(trimmed)?.[1] ?? trimmed.slice(0, 200);
  return cut || "Contact the team";
}
