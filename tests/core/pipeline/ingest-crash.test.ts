import { describe, expect, it } from "vitest";
import { manualClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { Message } from "../../../src/core/model/index.js";
import { createIngest } from "../../../src/core/pipeline/ingest.js";
import type { Store } from "../../../src/core/store/port.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { webInbound } from "../../helpers/fakes.js";

const HOUR = 3_600_000;

describe("ingest: a crash between opening the conversation and storing the first message", () => {
  it("the retried first message fills the same conversation and is still treated as its start (greeting)", async () => {
    const real = openSqliteStore({ path: ":memory:" });
    let crashNext = true;
    // The first appendMessage dies like a process killed before the message was written.
    const store: Store = Object.create(real, {
      appendMessage: {
        value: (...args: Parameters<Store["appendMessage"]>) => {
          if (crashNext) {
            crashNext = false;
            return Promise.reject(new Error("killed"));
          }
          return real.appendMessage(...args);
        },
      },
    }) as Store;
    const persisted: { message: Message; isNew: boolean }[] = [];
    const ingest = createIngest({
      store,
      clock: manualClock(new Date("2026-11-24T09:00:00Z")),
      logger: silentLogger(),
      policy: { continuityWindowMs: 24 * HOUR, reopenWindowMs: 2 * HOUR },
      onPersisted: (message, isNew) => persisted.push({ message, isNew }),
    });
    const first = webInbound("vis_crash", "Hello, first message", "m-1");
    await expect(ingest([first])).rejects.toThrow("killed");
    const [out] = await ingest([first]);
    expect(out).toMatchObject({ duplicate: false, newConversation: true });
    expect(persisted.map((p) => p.isNew)).toEqual([true]);
    const conversations = await real.listConversations({ contactId: out!.contactId });
    expect(conversations).toHaveLength(1);
    expect(await real.listMessages(out!.conversationId)).toHaveLength(1);
    // A second message joins normally: not new.
    const [second] = await ingest([webInbound("vis_crash", "And another", "m-2")]);
    expect(second).toMatchObject({ conversationId: out!.conversationId, newConversation: false });
    expect(persisted.map((p) => p.isNew)).toEqual([true, false]);
  });
});
