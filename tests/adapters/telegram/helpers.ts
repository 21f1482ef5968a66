import type { ChannelHost, InboundMessage, IngestOutcome } from "../../../src/core/channel/adapter.js";
import type { ChannelDeps } from "../../../src/core/channel/module.js";
import { systemClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { TelegramStandIn } from "../../fakes/telegram-bot-api.js";
import { telegramChannel, type TelegramChannelConfig } from "../../../src/adapters/telegram/index.js";

export const CUSTOMER = { id: 777001, is_bot: false, first_name: "Ada", last_name: "Lovelace", username: "ada" };
export const OTHER = { id: 777002, is_bot: false, first_name: "Bob" };
export const GROUP = { id: -100200300, type: "supergroup", title: "Shop fans" };
const privateChat = (user: { id: number; first_name: string }) => ({ id: user.id, type: "private", first_name: user.first_name });

let messageId = 1;
const now = () => Math.floor(Date.now() / 1000);

export function privateText(text: string, from = CUSTOMER): Record<string, unknown> {
  return { message: { message_id: messageId++, date: now(), chat: privateChat(from), from, text } };
}

export function groupText(text: string, extra: Record<string, unknown> = {}, from = OTHER): Record<string, unknown> {
  return { message: { message_id: messageId++, date: now(), chat: GROUP, from, text, ...extra } };
}

/** Entities for "@username" occurrences in text. */
export function mentionEntities(text: string, username: string): { type: string; offset: number; length: number }[] {
  const handle = `@${username}`;
  const at = text.indexOf(handle);
  return at < 0 ? [] : [{ type: "mention", offset: at, length: handle.length }];
}

/** A fake ChannelHost that records ingests; `failNext` makes the next ingests reject, `delayMs` slows them. */
export function fakeHost() {
  const ingested: InboundMessage[] = [];
  const state = { failNext: 0, delayMs: 0, calls: 0 };
  const waiters = new Set<() => void>();
  const host: ChannelHost & { ingested: InboundMessage[]; state: typeof state; waitFor(n: number, timeoutMs?: number): Promise<InboundMessage[]> } = {
    ingested,
    state,
    async ingest(messages) {
      state.calls++;
      if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
      if (state.failNext > 0) {
        state.failNext--;
        throw new Error("simulated store failure");
      }
      ingested.push(...messages);
      for (const w of [...waiters]) w();
      return messages.map(
        (m, i): IngestOutcome => ({
          messageId: `msg-${ingested.length - messages.length + i}`,
          conversationId: "c1",
          contactId: "k1",
          duplicate: false,
          newConversation: false,
        }),
      );
    },
    async deliveryUpdate() {},
    waitFor(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (ingested.length < n) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(ingested);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`only ${ingested.length} of ${n} messages ingested within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
  return host;
}

export function deps(publicUrl = "http://127.0.0.1:3000"): ChannelDeps {
  return { logger: silentLogger(), clock: systemClock, dataDir: "/nonexistent", publicUrl, history: async () => [] };
}

/** A parsed config pointing at the stand-in. */
export function configFor(api: TelegramStandIn, extra: Record<string, unknown> = {}): TelegramChannelConfig {
  return telegramChannel.configSchema.parse({ token: api.token, api_root: api.apiRoot, ...extra });
}

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = "condition"): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
