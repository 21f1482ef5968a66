import type { Clock } from "../core/clock.js";
import { makeEvent } from "../core/model/index.js";
import type { Decider, DecisionReply } from "../core/pipeline/decision.js";
import type { Store } from "../core/store/port.js";
import { checkOutboundAnswer, type ForbiddenRuleConfig, type GuardResult, type GuardRules } from "./guard.js";

/**
 * The run-time side of the forbidden-phrasing guard: every outbound AI
 * answer goes through `guardAnswer` before it is queued, and every hit is an
 * Event (`answer.forbidden_phrase`), so the audit log shows what was stopped
 * or rewritten, by which rule, in which conversation.
 */
export const GUARD_EVENT = "answer.forbidden_phrase";

export interface AnswerGuardDeps {
  store: Store;
  clock: Clock;
  /** The current rules (a function, so a config reload takes effect without rewiring). */
  rules(): readonly ForbiddenRuleConfig[] | GuardRules;
  /** Told about every hit (metrics). */
  onHit?(result: GuardResult): void;
}

export interface GuardedAnswer {
  text: string;
  conversationId: string;
  contactId: string | null;
  /** The inbound message being answered, for the event. */
  messageId?: string;
}

/** Checks one answer and records an event when a rule hit. `block`: do not send, escalate. `rewrite`: send `result.text`. */
export async function guardAnswer(deps: AnswerGuardDeps, answer: GuardedAnswer): Promise<GuardResult> {
  const result = checkOutboundAnswer(answer.text, deps.rules());
  if (result.hits.length === 0) return result;
  deps.onHit?.(result);
  await deps.store.appendEvents([
    makeEvent(
      GUARD_EVENT,
      "ai",
      deps.clock.now(),
      { conversationId: answer.conversationId, contactId: answer.contactId },
      {
        action: result.action,
        messageId: answer.messageId ?? null,
        hits: result.hits.map((h) => ({ rule: h.rule, reason: h.reason, action: h.action, match: h.match })),
      },
    ),
  ]);
  return result;
}

export interface AnswerGuardOptions {
  /**
   * Reply sent instead of a blocked answer (e.g. "A colleague will take this
   * over"), or null to send nothing. Default: nothing.
   */
  blockedReply?(locale: string | null): DecisionReply | null;
}

/**
 * Wraps a decision step so every reply written by the AI (`authorKind: "ai"`)
 * passes the guard: blocked replies are dropped (and the decision's notes
 * say `escalate: "forbidden_phrase"` so the escalation step hands the
 * conversation to a human), rewritten ones are replaced. System texts
 * (greeting, after-hours) are the admin's own words and are not checked.
 */
export function withAnswerGuard(decide: Decider, deps: AnswerGuardDeps, options: AnswerGuardOptions = {}): Decider {
  return async (input) => {
    const decision = await decide(input);
    const replies: DecisionReply[] = [];
    const blocked: string[] = [];
    const rewritten: string[] = [];
    for (const reply of decision.replies) {
      if (reply.authorKind !== "ai") {
        replies.push(reply);
        continue;
      }
      const result = await guardAnswer(deps, {
        text: reply.text,
        conversationId: input.conversation.id,
        contactId: input.contact.id,
        messageId: input.message.id,
      });
      if (result.action === "allow") replies.push(reply);
      else if (result.action === "rewrite") {
        replies.push({ ...reply, text: result.text });
        rewritten.push(...result.hits.map((h) => h.rule));
      } else {
        blocked.push(...result.hits.filter((h) => h.action === "block").map((h) => h.rule));
        const fallback = options.blockedReply?.(input.contact.profile.locale ?? null);
        if (fallback) replies.push(fallback);
      }
    }
    if (blocked.length === 0 && rewritten.length === 0) return decision;
    return {
      ...decision,
      replies,
      notes: {
        ...decision.notes,
        guard: { blocked, rewritten },
        ...(blocked.length > 0 ? { escalate: "forbidden_phrase" } : {}),
      },
    };
  };
}
