import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeEvent, type NewTimer } from "../../src/core/model/index.js";
import type { Store } from "../../src/core/store/port.js";

/** The durable-timer part of the Store contract; each engine's test file calls it next to describeStoreContract. */
export function describeTimerContract(engineName: string, open: () => Promise<Store>, skipReason?: string): void {
  const suite = skipReason ? describe.skip : describe;
  suite(`Store contract, timers: ${engineName}${skipReason ? ` (skipped: ${skipReason})` : ""}`, () => {
    let store: Store;
    const t0 = new Date("2026-11-24T09:00:00.000Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const timer = (key: string, dueS: number, data: Record<string, unknown> = {}): NewTimer => ({
      key,
      kind: "test",
      conversationId: null,
      dueAt: at(dueS),
      data,
      createdAt: t0,
    });

    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it("claims only due timers, in due order, each once until its lease runs out", async () => {
      await store.scheduleTimer(timer("b", 20), []);
      await store.scheduleTimer(timer("a", 10), []);
      await store.scheduleTimer(timer("c", 99), []);
      expect(await store.nextTimerDue()).toEqual(at(10));
      expect(await store.claimDueTimers(at(5), 10, 30_000)).toEqual([]);
      const claimed = await store.claimDueTimers(at(20), 10, 30_000);
      expect(claimed.map((t) => t.key)).toEqual(["a", "b"]);
      expect(claimed.every((t) => t.token !== null && t.attempts === 1)).toBe(true);
      // Another process at the same moment gets nothing: the lease holds.
      expect(await store.claimDueTimers(at(21), 10, 30_000)).toEqual([]);
      // The holder died: after the lease, the timer is claimable again (with a new token).
      const again = await store.claimDueTimers(at(60), 10, 30_000);
      expect(again.map((t) => t.key)).toEqual(["a", "b"]);
      expect(again[0]!.token).not.toBe(claimed[0]!.token);
      expect(again[0]!.attempts).toBe(2);
      // The stale claim can no longer complete; the current one can, with its events.
      expect(await store.completeTimer(claimed[0]!.id, claimed[0]!.token!, [])).toBe(false);
      const fired = makeEvent("timer.fired", "system", at(60), { conversationId: null, contactId: null }, { key: "a" });
      expect(await store.completeTimer(again[0]!.id, again[0]!.token!, [fired])).toBe(true);
      expect(await store.getTimer("a")).toBeNull();
      expect((await store.getEvent(fired.id))?.type).toBe("timer.fired");
    });

    it("scheduling a key again replaces due time and data and ends a claim in progress (that claim cannot complete it)", async () => {
      await store.scheduleTimer(timer("snooze:cv1", 10, { until: "first" }), []);
      const [claimed] = await store.claimDueTimers(at(10), 10, 30_000);
      await store.scheduleTimer({ ...timer("snooze:cv1", 500, { until: "second" }), createdAt: at(10) }, []);
      expect(await store.completeTimer(claimed!.id, claimed!.token!, [])).toBe(false);
      const kept = await store.getTimer("snooze:cv1");
      expect(kept).toMatchObject({ dueAt: at(500), data: { until: "second" }, token: null, attempts: 0, createdAt: at(10) });
      expect(await store.claimDueTimers(at(100), 10, 30_000)).toEqual([]);
    });

    it("cancels by key and releases a claim for a later retry", async () => {
      await store.scheduleTimer(timer("x", 10), []);
      await store.scheduleTimer(timer("y", 10), []);
      expect(await store.cancelTimer("x", [])).toBe(true);
      expect(await store.cancelTimer("x", [])).toBe(false);
      const [y] = await store.claimDueTimers(at(10), 10, 30_000);
      expect(y?.key).toBe("y");
      expect(await store.releaseTimer(y!.id, y!.token!, at(40))).toBe(true);
      expect(await store.claimDueTimers(at(30), 10, 30_000)).toEqual([]);
      expect((await store.claimDueTimers(at(40), 10, 30_000)).map((t) => t.key)).toEqual(["y"]);
    });
  });
}
