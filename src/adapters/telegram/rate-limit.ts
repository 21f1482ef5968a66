import { SendError } from "../../core/channel/adapter.js";

export interface SendLimiterOptions {
  /** Milliseconds between two messages to one private chat (Telegram: about 1 per second). */
  perChatMs?: number;
  /** Milliseconds between two messages to one group (Telegram: 20 per minute). */
  perGroupMs?: number;
  /** Milliseconds between any two messages of the bot (Telegram: about 30 per second). */
  globalMs?: number;
  /** Longest a send may wait for its slot; beyond it the send fails as rate_limited and the outbox retries later. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SendLimiter {
  /** Waits until a message to `chatId` may go out, or throws SendError("rate_limited") when that is too far off. */
  acquire(chatId: string): Promise<void>;
}

/**
 * Spaces sends so the bot stays under Telegram's limits instead of hitting 429:
 * a slot per chat (1/s, groups 1 per 3 s) and a global one (30/s). A send
 * reserves its chat's next slot and sleeps until then, then takes the next
 * global slot; a wait beyond `maxWaitMs` fails as rate_limited instead (the
 * outbox retries after `retryAfterMs`).
 */
export function createSendLimiter(options: SendLimiterOptions = {}): SendLimiter {
  const perChatMs = options.perChatMs ?? 1000;
  const perGroupMs = options.perGroupMs ?? 3000;
  const globalMs = options.globalMs ?? Math.ceil(1000 / 30);
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const chatFreeAt = new Map<string, number>();
  let globalFreeAt = 0;

  function forget(t: number): void {
    if (chatFreeAt.size < 1000) return;
    for (const [chat, at] of chatFreeAt) if (at <= t) chatFreeAt.delete(chat);
  }

  return {
    async acquire(chatId) {
      // Stage 1: the chat's own slot, reserved now so concurrent sends to one chat queue up in order.
      const t = now();
      forget(t);
      const slot = Math.max(t, chatFreeAt.get(chatId) ?? 0);
      const wait = slot - t;
      if (wait > maxWaitMs) throw new SendError("rate_limited", `telegram: too many messages to chat ${chatId} queued`, wait);
      chatFreeAt.set(chatId, slot + (chatId.startsWith("-") ? perGroupMs : perChatMs));
      if (wait > 0) await sleep(wait);
      // Stage 2: the bot-wide slot, taken only once the chat's turn came, so one busy chat never holds up the others.
      const t2 = now();
      const globalSlot = Math.max(t2, globalFreeAt);
      if (globalSlot - t2 > maxWaitMs) throw new SendError("rate_limited", "telegram: too many messages queued", globalSlot - t2);
      globalFreeAt = globalSlot + globalMs;
      if (globalSlot > t2) await sleep(globalSlot - t2);
    },
  };
}
