import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import { makeEvent, type Timer } from "../../../src/core/model/index.js";
import { createScheduler, type TimerHandler } from "../../../src/core/scheduler/scheduler.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import type { Store } from "../../../src/core/store/port.js";

const T0 = new Date("2026-11-24T09:00:00Z");
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
});
const fileStore = (file: string) => {
  const s = openSqliteStore({ path: file });
  stores.push(s);
  return s;
};

describe("scheduler", () => {
  it("fires a timer only when due, once, and records the handler's events with its completion", async () => {
    const store = fileStore(join(mkdtempSync(join(tmpdir(), "tl-sched-")), "t.db"));
    const clock = manualClock(T0);
    const fired: string[] = [];
    const handler: TimerHandler = async (t) => {
      fired.push(t.key);
      return [makeEvent("test.fired", "system", clock.now(), { conversationId: null, contactId: null }, { key: t.key })];
    };
    const scheduler = createScheduler({ store, clock, logger: silentLogger(), handlers: { test: handler } });
    await scheduler.schedule({ key: "k1", kind: "test", conversationId: null, dueAt: new Date(T0.getTime() + 60_000), data: {} });
    expect(await scheduler.flush()).toBe(0);
    clock.advance(60_000);
    expect(await scheduler.flush()).toBe(1);
    expect(await scheduler.flush()).toBe(0);
    expect(fired).toEqual(["k1"]);
    expect(await store.listEvents({ type: "test.fired" })).toHaveLength(1);
  });

  it("two hub processes on one store never fire the same timer twice; a restart fires what fell due while it was down, once", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "tl-sched-")), "t.db");
    const clock = manualClock(T0);
    const fired: string[] = [];
    const handler: TimerHandler = async (t) => {
      fired.push(t.key);
      return [];
    };
    const a = createScheduler({ store: fileStore(file), clock, logger: silentLogger(), handlers: { test: handler } });
    const b = createScheduler({ store: fileStore(file), clock, logger: silentLogger(), handlers: { test: handler } });
    for (let i = 0; i < 40; i++) await a.schedule({ key: `k${i}`, kind: "test", conversationId: null, dueAt: new Date(T0.getTime() + i * 1000), data: {} });
    clock.advance(3_600_000); // the hub was down for an hour: everything fell due meanwhile
    await Promise.all([a.flush(), b.flush(), a.flush(), b.flush()]);
    expect(fired).toHaveLength(40);
    expect(new Set(fired).size).toBe(40);
    // A third process started later finds nothing left to fire.
    const c = createScheduler({ store: fileStore(file), clock, logger: silentLogger(), handlers: { test: handler } });
    expect(await c.flush()).toBe(0);
  });

  it("a failing handler is retried later with backoff and given up after its attempts, with an event", async () => {
    const store = fileStore(join(mkdtempSync(join(tmpdir(), "tl-sched-")), "t.db"));
    const clock = manualClock(T0);
    const seen: Timer[] = [];
    const scheduler = createScheduler({
      store,
      clock,
      logger: silentLogger(),
      maxAttempts: 3,
      handlers: {
        boom: async (t) => {
          seen.push(t);
          throw new Error("downstream is down");
        },
      },
    });
    await scheduler.schedule({ key: "b", kind: "boom", conversationId: null, dueAt: T0, data: {} });
    await scheduler.flush();
    expect(seen).toHaveLength(1);
    await scheduler.flush();
    expect(seen).toHaveLength(1); // not before its retry time
    for (let i = 0; i < 5; i++) {
      clock.advance(600_000);
      await scheduler.flush();
    }
    expect(seen.map((t) => t.attempts)).toEqual([1, 2, 3]);
    expect(await store.getTimer("b")).toBeNull();
    expect((await store.listEvents({ type: "timer.failed" }))[0]?.data).toMatchObject({ key: "b", error: "downstream is down" });
  });
});
