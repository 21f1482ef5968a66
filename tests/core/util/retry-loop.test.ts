import { describe, expect, it } from "vitest";
import { createRetryLoop, exponentialDelay } from "../../../src/core/util/retry-loop.js";

describe("retry loop for pull transports", () => {
  it("backs off exponentially up to the cap, resets after a success, and ends on done", async () => {
    const delays: number[] = [];
    const script = ["fail", "fail", "fail", "ok", "fail", "done"];
    let finished!: () => void;
    const ended = new Promise<void>((r) => (finished = r));
    const loop = createRetryLoop({
      attempt: async () => {
        const next = script.shift();
        if (next === "fail") throw new Error("down");
        if (next === "done") {
          finished();
          return "done";
        }
        return "again";
      },
      failed: (_err, failures) => {
        const d = exponentialDelay(failures, 1, 3);
        delays.push(d);
        return d;
      },
      crashed: () => undefined,
    });
    loop.start();
    await ended;
    await loop.stop();
    expect(delays).toEqual([1, 2, 3, 1]);
  });

  it("stop interrupts a long wait at once and runs the interrupt hook", async () => {
    let interrupted = false;
    const loop = createRetryLoop({
      attempt: async () => {
        throw new Error("down");
      },
      failed: () => 60_000,
      crashed: () => undefined,
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    await loop.stop(() => (interrupted = true));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(interrupted).toBe(true);
  });
});
