import type { InboundMessage } from "../../../src/core/channel/adapter.js";
import { manualClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { Message } from "../../../src/core/model/index.js";
import { createIngest } from "../../../src/core/pipeline/ingest.js";
import type { Store } from "../../../src/core/store/port.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";

export const HOUR = 3_600_000;

/** A real SQLite store, a manual clock and the real ingest step. */
export function setup() {
  const store: Store = openSqliteStore({ path: ":memory:" });
  const clock = manualClock(new Date("2026-11-24T09:00:00Z"));
  const persisted: Message[] = [];
  const ingest = createIngest({
    store,
    clock,
    logger: silentLogger(),
    policy: { continuityWindowMs: 7 * 24 * HOUR, reopenWindowMs: 48 * HOUR },
    onPersisted: (m) => persisted.push(m),
  });
  /** Ingests one message and returns its outcome. */
  const write = async (m: InboundMessage) => (await ingest([m]))[0]!;
  return { store, clock, ingest, write, persisted };
}

let n = 0;
const base = (text: string) => ({ externalId: `x-${++n}`, text, attachments: [], receivedAt: new Date() });

export const web = (visitorId: string, text: string): InboundMessage => ({
  ...base(text),
  channel: "web",
  sender: { kind: "web", value: visitorId },
  address: { visitorId },
});
export const telegram = (userId: string, text: string, name = "Ana"): InboundMessage => ({
  ...base(text),
  channel: "telegram",
  sender: { kind: "telegram", value: userId, name },
  address: { chatId: userId },
});
export const email = (from: string, text: string): InboundMessage => ({
  ...base(text),
  channel: "email",
  sender: { kind: "email", value: from },
  address: { to: from },
});
export const whatsappCloud = (phone: string, text: string): InboundMessage => ({
  ...base(text),
  channel: "whatsapp-cloud",
  sender: { kind: "phone", value: phone },
  address: { phone },
});
