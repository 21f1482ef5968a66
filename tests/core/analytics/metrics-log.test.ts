import { describe, expect, it } from "vitest";
import { createEventTail } from "../../../src/core/analytics/metrics-log.js";
import { makeEvent, type DomainEvent } from "../../../src/core/model/index.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";

const T0 = new Date("2026-11-24T10:00:00Z").getTime();
const ev = (type: string, seconds: number) => makeEvent(type, "ai", new Date(T0 + seconds * 1000), {}, {});

describe("reading the event log incrementally for /metrics", () => {
  it("reads each event of the given types once, across full pages and several reads", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const tail = createEventTail(store, ["a", "b"], null, 3);
    const read: string[] = [];
    const collect = (e: DomainEvent) => read.push(e.id);
    const first = [ev("a", 0), ev("b", 1), ev("other", 1), ev("a", 2), ev("a", 2), ev("b", 3), ev("a", 4)];
    await store.appendEvents(first);
    await tail.read(collect);
    expect(read).toEqual(first.filter((e) => e.type !== "other").map((e) => e.id));

    const second = [ev("a", 5), ev("b", 5), ev("a", 5), ev("b", 6)];
    await store.appendEvents(second);
    await tail.read(collect);
    await tail.read(collect);
    expect(read).toEqual([...first, ...second].filter((e) => e.type !== "other").map((e) => e.id));
    await store.close();
  });

  it("still reads an event that reaches the log after a later-stamped one (a slow writer), and skips events before `from`", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const tail = createEventTail(store, ["a"], new Date(T0 + 10_000));
    const read: string[] = [];
    const before = ev("a", 5);
    const early = ev("a", 20);
    await store.appendEvents([before, ev("a", 30)]);
    await tail.read((e) => read.push(e.id));
    expect(read).toHaveLength(1);
    // Stamped at 20 s, written after the one stamped at 30 s: within the look-back, so it is read now.
    await store.appendEvents([early]);
    await tail.read((e) => read.push(e.id));
    expect(read).toHaveLength(2);
    expect(read[1]).toBe(early.id);
    expect(read).not.toContain(before.id);
    await store.close();
  });
});
