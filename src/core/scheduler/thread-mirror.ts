import type { EscalationRelay } from "../escalation/relay.js";
import type { Store } from "../store/port.js";
import { DeferTimer, type RetryPolicy, type TimerHandler } from "./scheduler.js";

export const THREAD_MIRROR = "thread_mirror";
export const mirrorKey = (platform: string, threadId: string, messageId: string) => `mirror:${platform}:${threadId}:${messageId}`;

/** The timer key of the mirror of one edit (`message.edited` event) of a message. */
export const editMirrorKey = (platform: string, threadId: string, messageId: string, eventId: string) =>
  `${mirrorKey(platform, threadId, messageId)}:edit:${eventId}`;

/**
 * How an edit reads in the thread: "edited: old → new". Texts an erasure or
 * retention run removed from the event (privacy.md) read "(erased)".
 */
export function editedLine(previousText: unknown, text: unknown): string {
  const shown = (t: unknown) => (typeof t === "string" ? (t === "" ? "(no text)" : t) : "(erased)");
  return `edited: ${shown(previousText)} → ${shown(text)}`;
}

/** Mirrors are never given up (a Slack outage of any length loses nothing), retried at most every minute. */
export const THREAD_MIRROR_POLICY: RetryPolicy = { maxAttempts: Number.POSITIVE_INFINITY, maxDelayMs: 60_000 };

/**
 * Shows a customer message in one Slack/Discord thread, as durable work: the
 * timer stays in the store until the platform took the post, so agents see
 * every customer message after an outage or a crash. Posts into one thread
 * keep their order: a mirror waits while the one queued before it in the same
 * thread (`data.previous`) is still pending. With `data.editEventId` it
 * shows a customer's edit of that message instead ("edited: old → new", the
 * texts read from the `message.edited` event).
 */
export function threadMirrorHandler(deps: {
  store: Pick<Store, "getTimer" | "getMessage" | "getEvent">;
  relay: () => Pick<EscalationRelay, "mainThreads" | "mirrorInto">;
}): TimerHandler {
  return async (timer) => {
    const { messageId, platform, threadId, previous, editEventId } = timer.data as {
      messageId: string;
      platform: string;
      threadId: string;
      previous?: string | null;
      editEventId?: string;
    };
    if (previous && (await deps.store.getTimer(previous))) throw new DeferTimer(1_000, "an earlier post into this thread is still pending");
    const message = await deps.store.getMessage(messageId);
    if (!message || !timer.conversationId) return [];
    const thread = (await deps.relay().mainThreads(timer.conversationId)).find((t) => t.platform === platform && t.threadId === threadId);
    if (!thread) return [];
    if (editEventId === undefined) {
      await deps.relay().mirrorInto(thread, message);
      return [];
    }
    const edit = await deps.store.getEvent(editEventId);
    if (!edit) return [];
    await deps.relay().mirrorInto(thread, { ...message, text: editedLine(edit.data.previousText, edit.data.text) });
    return [];
  };
}
