import { describe, expect, it } from "vitest";
import { createThreadIndex, THREAD_OPENED } from "../../../src/core/escalation/threads.js";
import { makeEvent } from "../../../src/core/model/index.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";

describe("thread index", () => {
  it("finds threads from the events, and does not rescan the log on every unknown thread", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    let listCalls = 0;
    const counting = { ...store, listEvents: (q: Parameters<typeof store.listEvents>[0]) => (listCalls++, store.listEvents(q)) };
    let clock = 0;
    const index = createThreadIndex(counting, { now: () => clock, reloadAfterMs: 1000 });
    await store.appendEvents([
      makeEvent(
        THREAD_OPENED,
        "system",
        new Date(),
        { conversationId: "cv_1" },
        { platform: "slack", target: "C1", threadId: "1.1", targetName: "billing", kind: "main" },
      ),
    ]);
    expect((await index.byThread("slack", "1.1"))?.conversationId).toBe("cv_1");
    const after = listCalls;
    for (let i = 0; i < 5; i++) expect(await index.byThread("slack", `not-ours-${i}`)).toBeNull();
    expect(listCalls).toBe(after);
    // Another process opened a thread: found once the reload interval has passed.
    await store.appendEvents([
      makeEvent(
        THREAD_OPENED,
        "system",
        new Date(),
        { conversationId: "cv_2" },
        { platform: "slack", target: "C1", threadId: "2.2", targetName: "billing", kind: "main" },
      ),
    ]);
    clock += 1500;
    expect((await index.byThread("slack", "2.2"))?.conversationId).toBe("cv_2");
    await store.close();
  });

  it("knows every thread after a restart, however many escalations came before, and reloads only what is new", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const opened = (i: number, at: Date) =>
      makeEvent(
        THREAD_OPENED,
        "system",
        at,
        { conversationId: `cv_${i}` },
        { platform: "slack", target: "C1", threadId: `${i}.0`, targetName: "billing", kind: "main" },
      );
    const start = new Date("2026-11-24T09:00:00Z");
    await store.appendEvents(Array.from({ length: 10_050 }, (_, i) => opened(i, new Date(start.getTime() + i * 1000))));
    const queries: Parameters<typeof store.listEvents>[0][] = [];
    const recording = { ...store, listEvents: (q: Parameters<typeof store.listEvents>[0]) => (queries.push(q), store.listEvents(q)) };
    let clock = 0;
    const index = createThreadIndex(recording, { now: () => clock, reloadAfterMs: 1000 });
    expect((await index.byThread("slack", "10049.0"))?.conversationId).toBe("cv_10049"); // the newest
    expect((await index.byThread("slack", "0.0"))?.conversationId).toBe("cv_0");
    await store.appendEvents([opened(20_000, new Date(start.getTime() + 20_000 * 1000))]);
    clock += 1500;
    expect((await index.byThread("slack", "20000.0"))?.conversationId).toBe("cv_20000");
    expect(queries).toHaveLength(2);
    expect(queries[0]!.since).toBeUndefined();
    expect(queries[1]!.since!.getTime()).toBeGreaterThan(start.getTime() + 9_000 * 1000); // only the recent part (minus an overlap)
    await store.close();
  });
});
