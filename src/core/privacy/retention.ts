import { existsSync, rmSync } from "node:fs";
import type { Clock } from "../clock.js";
import type { Store } from "../store/port.js";
import type { StoredFiles } from "./erase.js";

/** Retention periods in milliseconds (`privacy.retention`); an unset one keeps that data forever. */
export interface RetentionPolicy {
  messages?: number | undefined;
  attachments?: number | undefined;
  resolved_conversations?: number | undefined;
}

/** What a run (or a slice of one) redacted: counts only. */
export interface RetentionCounts {
  conversations: number;
  messages: number;
  attachments: number;
  events: number;
  files: number;
  outbox: number;
  timers: number;
}

export const zeroRetentionCounts = (): RetentionCounts => ({ conversations: 0, messages: 0, attachments: 0, events: 0, files: 0, outbox: 0, timers: 0 });

export function hasRetention(policy: RetentionPolicy): boolean {
  return policy.messages !== undefined || policy.attachments !== undefined || policy.resolved_conversations !== undefined;
}

export interface RetentionDeps {
  store: Store;
  clock: Clock;
  files: StoredFiles;
  policy: RetentionPolicy;
  /** Conversations walked per store page (default 200). */
  pageSize?: number;
}

/**
 * One slice of a retention run: walks the conversations from `after` (the
 * `next` of the previous slice, null to start) and redacts, one conversation
 * per store write, what is older than the policy's periods — the same
 * redaction as an erasure (src/core/privacy/redaction.ts). Between
 * conversations it yields to the event loop, so customers' messages are
 * never held up by more than one conversation's redaction. Stops after
 * `maxConversations` walked and returns where to continue (`next`), or
 * null when the walk is done; then files of stored originals older than the
 * shortest period are swept too (orphans whose message was redacted by a
 * process that died before deleting them).
 */
export async function runRetentionSlice(
  deps: RetentionDeps,
  options: { after: string | null; maxConversations: number },
): Promise<{ counts: RetentionCounts; next: string | null }> {
  const { store, clock, files, policy } = deps;
  const now = clock.now().getTime();
  const cut = (ms: number | undefined) => (ms === undefined ? null : new Date(now - ms));
  const messagesBefore = cut(policy.messages);
  const attachmentsBefore = cut(policy.attachments);
  const resolvedBefore = cut(policy.resolved_conversations);
  const counts = zeroRetentionCounts();
  if (!hasRetention(policy)) return { counts, next: null };
  const deleteFile = (path: string) => {
    if (!existsSync(path)) return;
    rmSync(path, { force: true });
    counts.files++;
  };
  let after = options.after;
  let walked = 0;
  while (walked < options.maxConversations) {
    const limit = Math.max(1, Math.min(deps.pageSize ?? 200, options.maxConversations - walked));
    const page = await store.listRetentionCandidates({ messagesBefore, attachmentsBefore, resolvedBefore, after, limit });
    for (const candidate of page.candidates) {
      const r = await store.redactConversation(
        candidate.conversationId,
        candidate.whole ? { whole: true } : { textsBefore: messagesBefore, attachmentsBefore },
      );
      counts.conversations += r.messages > 0 || r.conversations > 0 || r.events > 0 ? 1 : 0;
      counts.messages += r.messages;
      counts.attachments += r.attachments;
      counts.events += r.events;
      counts.outbox += r.outbox;
      counts.timers += r.timers;
      for (const ref of r.refs) for (const path of files.pathsOf(ref)) deleteFile(path);
      if (candidate.whole) files.forgetConversations([candidate.conversationId]);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    walked += limit;
    if (page.next === null) {
      const shortest = [attachmentsBefore, messagesBefore].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
      if (shortest && files.filesOlderThan) for (const path of files.filesOlderThan(shortest)) deleteFile(path);
      return { counts, next: null };
    }
    after = page.next;
  }
  return { counts, next: after };
}
