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
    await store.appendEvents([makeEvent(THREAD_OPENED, "system", new Date(), { conversationId: "cv_1" }, { platform: "slack", target: "C1", threadId: "1.1", targetName: "billing", kind: "main" })]);
    expect((await index.byThread("slack", "1.1"))?.conversationId).toBe("cv_1");
    const after = listCalls;
    for (let i = 0; i < 5; i++) expect(await index.byThread("slack", `not-ours-${i}`)).toBeNull();
    expect(listCalls).toBe(after);
    // Another process opened a thread: found once the reload interval has passed.
    await store.appendEvents([makeEvent(THREAD_OPENED, "system", new Date(), { conversationId: "cv_2" }, { platform: "slack", target: "C1", threadId: "2.2", targetName: "billing", kind: "main" })]);
    clock += 1500;
    expect((await index.byThread("slack", "2.2"))?.conversationId).toBe("cv_2");
    await store.close();
  });
});
