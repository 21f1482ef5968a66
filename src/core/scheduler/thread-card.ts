import type { EscalationRelay } from "../escalation/relay.js";
import type { RetryPolicy, TimerHandler } from "./scheduler.js";

export const THREAD_CARD = "thread_card";

/**
 * One pending card update per thread: scheduling again replaces the pending
 * one (the card is rendered from the conversation when the timer fires, so
 * five changes during an outage make one update with the latest state, not
 * five stale ones).
 */
export const cardKey = (platform: string, threadId: string) => `card:${platform}:${threadId}`;

/** Card updates are never given up (after a Slack outage of any length the card is right), retried at most every minute. */
export const THREAD_CARD_POLICY: RetryPolicy = { maxAttempts: Number.POSITIVE_INFINITY, maxDelayMs: 60_000 };

/**
 * Re-renders the handoff card in one Slack/Discord thread (status, owner,
 * assignee, priority, SLA, lookups, steps), as durable work: the timer stays
 * in the store until the platform took the update, so a change made while
 * Slack was down, or just before a crash, still reaches the card.
 */
export function threadCardHandler(deps: { relay: () => Pick<EscalationRelay, "mainThreads" | "updateCard"> }): TimerHandler {
  return async (timer) => {
    const { platform, threadId } = timer.data as { platform: string; threadId: string };
    if (!timer.conversationId) return [];
    const thread = (await deps.relay().mainThreads(timer.conversationId)).find((t) => t.platform === platform && t.threadId === threadId);
    if (!thread) return [];
    await deps.relay().updateCard(thread);
    return [];
  };
}
