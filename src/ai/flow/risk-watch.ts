import type { EscalationRuleConfig, QueueConfig } from "../../core/config/ai-schema.js";
import { PRIORITIES, RISK_LEVELS, type Contact, type Conversation, type HandoffCard } from "../../core/model/index.js";
import type { Decision, DecisionInput, DecisionReply } from "../../core/pipeline/decision.js";
import { detectLanguage } from "../local/language.js";
import { detectSignals, type Signals } from "../local/signals.js";
import type { AiConfig } from "./turn.js";
import { firstFiringRule } from "./rules.js";
import { INITIAL_STATE } from "./state.js";

export interface RiskWatchInput {
  rules: readonly EscalationRuleConfig[];
  queues: Record<string, QueueConfig>;
  text: string;
  signals: Signals;
  contact: Contact;
  conversation: Conversation;
  now: Date;
  /** The customer-facing text a rule's `message` names, in the customer's language (null: none configured). */
  message(key: "safety"): string | null;
}

/**
 * The mandatory rules while a human owns the conversation. The AI never
 * answers then, but every customer message is still checked: a rule that
 * fires and is NEW for this case (another rule than the card's, with a risk
 * or priority at least as high) raises the card's risk and priority, moves
 * the case to the rule's queue when that rule is at least as risky, and
 * returns the updated card as `Decision.raise`, which the pipeline stores
 * (events with actor "ai"), re-routes (the relay opens threads for targets
 * the new card routes to) and tells the existing threads about. The customer
 * gets nothing from the AI, except a rule's configured `message` (the safety
 * text: emergency numbers must not wait for an agent).
 *
 * Only conditions about the message itself count here (signals, keywords,
 * sentiment): counters, SLAs and the contact's tier already had their say
 * at hand-off.
 */
export function watchHumanOwned(input: RiskWatchInput): Decision {
  return watch(input);
}

/** {@link watchHumanOwned} for one decision input, with the config's rules, queues and `messages:` texts. */
export function watchWithConfig(config: Pick<AiConfig, "rules" | "queues" | "messages" | "hub">, input: DecisionInput): Decision {
  const text = input.message.text;
  // A short message may not reveal its language: then the one the case was handed over in.
  const language = detectLanguage(text).language ?? input.conversation.handoff?.language ?? null;
  return watch({
    rules: config.rules,
    queues: config.queues,
    text,
    signals: detectSignals(text),
    contact: input.contact,
    conversation: input.conversation,
    now: input.now,
    message: (key) => fixedText(config, key, language),
  });
}

/** The customer-facing reply a fired rule's `message` asks for (in the customer's language when configured), or null. */
export function ruleReply(config: Pick<AiConfig, "messages" | "hub">, rule: EscalationRuleConfig, language: string | null): DecisionReply | null {
  const text = rule.message ? fixedText(config, rule.message, language) : null;
  return text && rule.message ? { kind: `rule_${rule.message}`, text, authorKind: "system" } : null;
}

function fixedText(config: Pick<AiConfig, "messages" | "hub">, key: "safety", language: string | null): string | null {
  const byLocale = config.messages[key];
  return (language && byLocale?.[language]) || byLocale?.[config.hub.default_locale] || null;
}

function watch(input: RiskWatchInput): Decision {
  const silent: Decision = { replies: [], notes: { ai_silent: true, silent: "human_owner" } };
  const card = input.conversation.handoff;
  const rules = input.rules.filter(messageRule);
  const hit = firstFiringRule(rules, {
    text: input.text,
    signals: input.signals,
    contact: input.contact,
    conversation: input.conversation,
    state: structuredClone(INITIAL_STATE),
    queues: input.queues,
    now: input.now,
  });
  if (!hit || !card) return silent;
  const rule = hit.rule;
  const rulePriority = rule.priority ?? input.queues[rule.queue]?.priority ?? "normal";
  const risk = maxOf(RISK_LEVELS, card.risk, rule.risk);
  const priority = maxOf(PRIORITIES, card.priority, rulePriority);
  const replies: DecisionReply[] = [];
  const text = rule.message ? input.message(rule.message) : null;
  if (text) replies.push({ kind: `rule_${rule.message}`, text, authorKind: "system" });
  const isNew = rule.id !== card.rule && (rank(RISK_LEVELS, rule.risk) >= rank(RISK_LEVELS, card.risk) || priority !== card.priority);
  if (!isNew) return { ...silent, replies };
  const moves = rank(RISK_LEVELS, rule.risk) >= rank(RISK_LEVELS, card.risk);
  const queue = moves ? rule.queue : card.queue;
  const evidence = hit.evidence.join("; ");
  const step = `After hand-off, rule "${rule.id}" fired: ${evidence}`;
  const raised: HandoffCard = {
    ...card,
    risk,
    priority,
    queue,
    rule: moves ? rule.id : card.rule,
    reason: moves ? `${rule.reason} (${evidence}); earlier: ${card.reason}` : `${card.reason}; also: ${rule.reason} (${evidence})`,
    nextAction: moves && rule.next_action ? rule.next_action : card.nextAction,
    stepsTried: [...card.stepsTried, step],
  };
  const note = `⚠️ New risk after hand-off: ${rule.reason} (${evidence}). Risk ${card.risk} → ${risk}, priority ${card.priority} → ${priority}${queue !== card.queue ? `, queue ${card.queue} → ${queue}` : ""}.`;
  return {
    replies,
    notes: { ai_silent: replies.length === 0, silent: "human_owner", escalated: true, raised: true, rule: rule.id, risk, queue },
    raise: { card: raised, note },
  };
}

/** Rules that look at the message (signals, keywords, sentiment), not at counters, clocks or the contact alone. */
function messageRule(rule: EscalationRuleConfig): boolean {
  const w = rule.when;
  const aboutMessage = w.signal !== undefined || w.keywords !== undefined || w.sentiment_below !== undefined;
  return aboutMessage && w.failed_attempts === undefined && w.sla_breached === undefined;
}

function rank<T extends string>(order: readonly T[], v: T): number {
  return order.indexOf(v);
}

function maxOf<T extends string>(order: readonly T[], a: T, b: T): T {
  return rank(order, a) >= rank(order, b) ? a : b;
}

/**
 * Whether a mandatory rule about the message itself (a signal, keywords,
 * sentiment) fires on this text. Used to decide such a message even when
 * flood control would skip it: a safety rule never sleeps.
 */
export function firesMessageRule(
  rules: readonly EscalationRuleConfig[],
  queues: Record<string, QueueConfig>,
  input: { text: string; contact: Contact; conversation: Conversation; now: Date },
): boolean {
  return (
    firstFiringRule(rules.filter(messageRule), {
      text: input.text,
      signals: detectSignals(input.text),
      contact: input.contact,
      conversation: input.conversation,
      state: structuredClone(INITIAL_STATE),
      queues,
      now: input.now,
    }) !== null
  );
}
