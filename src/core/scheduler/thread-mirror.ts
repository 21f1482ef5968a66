import type { EscalationRelay } from "../escalation/relay.js";
import type { Store } from "../store/port.js";
import { DeferTimer, type RetryPolicy, type TimerHandler } from "./scheduler.js";

export const THREAD_MIRROR = "thread_mirror";
export const mirrorKey = (platform: string, threadId: string, messageId: string) => `mirror:${platform}:${threadId}:${messageId}`;

/** Mirrors are never given up (a Slack outage of any length loses nothing), retried at most every minute. */
export const THREAD_MIRROR_POLICY: RetryPolicy = { maxAttempts: Number.POSITIVE_INFINITY, maxDelayMs: 60_000 };

/**
 * Shows a customer message in one Slack/Discord thread, as durable work: the
 * timer stays in the store until the platform took the post, so agents see
 * every customer message after an outage or a crash. Posts into one thread
 * keep their order: a mirror waits while the one queued before it in the same
 * thread (`data.previous`) is still pending.
 */
export function threadMirrorHandler(deps: { store: Store; relay: () => EscalationRelay }): TimerHandler {
  return async (timer) => {
    const { messageId, platform, threadId, previous } = timer.data as { messageId: string; platform: string; threadId: string; previous?: string | null };
    if (previous && (await deps.store.getTimer(previous))) throw new DeferTimer(1_000, "an earlier post into this thread is still pending");
    const message = await deps.store.getMessage(messageId);
    if (!message || !timer.conversationId) return [];
    const thread = (await deps.relay().mainThreads(timer.conversationId)).find((t) => t.platform === platform && t.threadId === threadId);
    if (!thread) return [];
    await deps.relay().mirrorInto(thread, message);
    return [];
  };
}
