import type { DomainEvent, EscalationRef } from "../model/index.js";
import type { Store } from "../store/port.js";

export const THREAD_OPENED = "thread.opened";
/**
 * Written just before a bot is asked to open a main thread: an opening
 * without a later `thread.opened` for the same target is an attempt whose
 * outcome the hub never learned, so the next attempt first asks the bot
 * whether the thread exists (EscalationBot.findThread).
 */
export const THREAD_OPENING = "thread.opening";

/** One internal thread of a conversation: the main escalation thread in a target, or a loop-in side thread. */
export interface ThreadRecord extends EscalationRef {
  conversationId: string;
  /** Target name from config. */
  targetName: string;
  kind: "main" | "side";
}

/**
 * Which threads belong to which conversation. The truth is the
 * `thread.opened` events (so it survives restarts and works across
 * processes); this keeps an in-memory index over them, loaded lazily and
 * refreshed on a miss.
 */
export function createThreadIndex(store: Store, options: { now?: () => number; reloadAfterMs?: number } = {}) {
  const byThread = new Map<string, ThreadRecord>();
  const byConversation = new Map<string, ThreadRecord[]>();
  const now = options.now ?? Date.now;
  // A miss (a message in a Slack/Discord thread that is not ours) must not rescan every thread.opened event each time:
  // threads opened by this process are added directly; another process's show up after at most this long.
  const reloadAfterMs = options.reloadAfterMs ?? 2_000;
  let loaded = false;
  let loadedAt = -Infinity;
  let newestAt = -Infinity; // timestamp of the newest thread.opened event read so far

  function add(record: ThreadRecord): void {
    const key = `${record.platform}:${record.threadId}`;
    if (byThread.has(key)) return;
    byThread.set(key, record);
    byConversation.set(record.conversationId, [...(byConversation.get(record.conversationId) ?? []), record]);
  }
  async function load(): Promise<void> {
    // Every thread ever opened the first time (not the store's default first 10,000: a hub with more
    // escalations than that would not know its newest threads after a restart), then only what is
    // new, with an overlap for other processes' clocks.
    const since = Number.isFinite(newestAt) ? { since: new Date(newestAt - RELOAD_OVERLAP_MS) } : {};
    for (const e of await store.listEvents({ type: THREAD_OPENED, limit: EVERY_EVENT, ...since })) {
      newestAt = Math.max(newestAt, e.at.getTime());
      const r = fromEvent(e);
      if (r) add(r);
    }
    loaded = true;
    loadedAt = now();
  }
  return {
    add,
    async forConversation(conversationId: string): Promise<ThreadRecord[]> {
      if (!loaded) await load();
      return byConversation.get(conversationId) ?? [];
    },
    async byThread(platform: string, threadId: string): Promise<ThreadRecord | null> {
      const key = `${platform}:${threadId}`;
      if (!byThread.has(key) && now() - loadedAt >= reloadAfterMs) await load();
      return byThread.get(key) ?? null;
    },
  };
}
export type ThreadIndex = ReturnType<typeof createThreadIndex>;

/** A limit no thread log reaches. */
const EVERY_EVENT = 1_000_000_000;
/** How far before the newest known thread a reload looks again (clock differences between processes). */
const RELOAD_OVERLAP_MS = 5 * 60_000;

export function fromEvent(e: DomainEvent): ThreadRecord | null {
  const d = e.data as Partial<ThreadRecord>;
  if (!e.conversationId || !d.platform || !d.threadId || !d.target) return null;
  return {
    conversationId: e.conversationId,
    platform: d.platform,
    target: d.target,
    threadId: d.threadId,
    targetName: d.targetName ?? d.target,
    kind: d.kind === "side" ? "side" : "main",
    ...(d.url ? { url: d.url } : {}),
  };
}
