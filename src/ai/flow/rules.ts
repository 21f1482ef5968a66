import type { EscalationRuleConfig, QueueConfig } from "../../core/config/ai-schema.js";
import type { Contact, Conversation } from "../../core/model/index.js";
import { normaliseIdentity } from "../../core/pipeline/identity.js";
import { phraseRegex } from "../../knowledge/guard.js";
import type { Signals } from "../local/signals.js";
import type { AiState } from "./state.js";

/** What a mandatory rule can look at. Everything here is computed without any model output. */
export interface RuleContext {
  text: string;
  signals: Signals;
  contact: Contact;
  conversation: Conversation;
  state: AiState;
  queues: Record<string, QueueConfig>;
  now: Date;
}

export interface RuleHit {
  rule: EscalationRuleConfig;
  /** Why each condition held, for the handoff card (may quote the customer: shown to agents, never logged). */
  evidence: string[];
}

/**
 * Runs the mandatory escalation rules in config order and returns the first
 * that fires (all of its conditions hold). Rules run before classification
 * and before any answer, and only on deterministic inputs (lexicon signals,
 * sentiment, the contact's profile, counters, clocks), so no model output can
 * skip them.
 */
export function firstFiringRule(rules: readonly EscalationRuleConfig[], ctx: RuleContext): RuleHit | null {
  for (const rule of rules) {
    const evidence = conditionEvidence(rule, ctx);
    if (evidence) return { rule, evidence };
  }
  return null;
}

function conditionEvidence(rule: EscalationRuleConfig, ctx: RuleContext): string[] | null {
  const w = rule.when;
  const evidence: string[] = [];
  if (w.signal) {
    const hit = ctx.signals.signals.find((s) => w.signal!.includes(s.kind));
    if (!hit) return null;
    evidence.push(`${hit.kind.replace(/_/g, " ")}: “${hit.evidence}”`);
  }
  if (w.keywords) {
    const word = w.keywords.find((k) => phraseRegex(k).test(ctx.text));
    if (!word) return null;
    evidence.push(`keyword “${word}”`);
  }
  if (w.sentiment_below !== undefined) {
    if (!(ctx.signals.sentiment < w.sentiment_below)) return null;
    evidence.push(`sentiment ${ctx.signals.sentiment.toFixed(2)} (below ${w.sentiment_below})`);
  }
  if (w.contact_tier) {
    const tier = ctx.contact.profile.tier;
    if (!tier || !w.contact_tier.includes(tier)) return null;
    evidence.push(`contact tier ${tier}`);
  }
  if (w.contacts) {
    const wanted = new Set(w.contacts.map((v) => (v.includes("@") ? normaliseIdentity("email", v).value : normaliseIdentity("phone", v).value)));
    const match = ctx.contact.identities.find((i) => wanted.has(i.value));
    if (!match) return null;
    evidence.push(`listed contact (${match.kind})`);
  }
  if (w.failed_attempts !== undefined) {
    if (ctx.state.failures < w.failed_attempts) return null;
    evidence.push(`${ctx.state.failures} failed AI attempts`);
  }
  if (w.sla_breached) {
    const queueId = ctx.conversation.queue;
    const limit = queueId ? ctx.queues[queueId]?.resolution : undefined;
    const openMs = ctx.now.getTime() - ctx.conversation.createdAt.getTime();
    if (limit === undefined || openMs <= limit) return null;
    evidence.push(`open ${Math.round(openMs / 60_000)} min, queue SLA ${Math.round(limit / 60_000)} min`);
  }
  return evidence;
}
