import { LRUCache } from "lru-cache";
import type { AgentDesk, EscalationTarget } from "../../core/escalation/port.js";

/** What the bot remembers about a thread it opened or saw (bounded; the desk is the source of truth). */
export interface ThreadInfo {
  conversationId: string;
  channel: string;
  /** Where a reply goes, as shown on the card ("Telegram", "@anna"). */
  replyTo?: { channel: string; recipient: string };
  contactName?: string | null;
  /** The target's mention strings, re-rendered on card updates. */
  mention?: string[];
}

/**
 * In-memory lookups between Slack threads, conversations and targets. A
 * miss falls back to the desk (`conversationForThread`), so a restart loses
 * only conveniences (mentions on re-rendered cards, the recipient in a
 * shortcut's modal) — and `replies_by_default`, which then safely counts as
 * off until the hub opens or updates a thread in that channel again.
 */
export interface ThreadRegistry {
  remember(threadTs: string, info: ThreadInfo): void;
  info(threadTs: string): ThreadInfo | undefined;
  threadOfConversation(conversationId: string): { channel: string; threadTs: string } | undefined;
  /** Records that a message (a mirror, an agent message) belongs to a thread, for reactions on it. */
  rememberMessage(messageTs: string, threadTs: string): void;
  threadOfMessage(messageTs: string): string | undefined;
  rememberTarget(target: EscalationTarget): void;
  targetOfChannel(channel: string): EscalationTarget | undefined;
  /** The conversation a thread belongs to: memory first, then the desk. */
  conversationFor(threadTs: string, desk: AgentDesk | null): Promise<string | null>;
}

export function createThreadRegistry(capacity = 10_000): ThreadRegistry {
  const threads = new LRUCache<string, ThreadInfo>({ max: capacity });
  const byConversation = new LRUCache<string, { channel: string; threadTs: string }>({ max: capacity });
  const messages = new LRUCache<string, string>({ max: capacity * 5 });
  const targets = new Map<string, EscalationTarget>();
  return {
    remember(threadTs, info) {
      const previous = threads.get(threadTs);
      threads.set(threadTs, { ...previous, ...info, mention: info.mention ?? previous?.mention });
      byConversation.set(info.conversationId, { channel: info.channel, threadTs });
    },
    info: (ts) => threads.get(ts),
    threadOfConversation: (id) => byConversation.get(id),
    rememberMessage: (m, t) => messages.set(m, t),
    threadOfMessage: (m) => messages.get(m),
    rememberTarget: (t) => void targets.set(t.channel, t),
    targetOfChannel: (c) => targets.get(c),
    async conversationFor(threadTs, desk) {
      const known = threads.get(threadTs);
      if (known) return known.conversationId;
      return desk ? desk.conversationForThread("slack", threadTs) : null;
    },
  };
}
