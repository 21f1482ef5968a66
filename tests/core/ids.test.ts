import { describe, expect, it } from "vitest";
import { newId } from "../../src/core/model/ids.js";

describe("ids", () => {
  it("are prefixed, 32 hex digits, time-ordered and unique", () => {
    const a = newId("msg", 1_700_000_000_000);
    const b = newId("msg", 1_700_000_000_001);
    expect(a).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(a < b).toBe(true);
    const many = new Set(Array.from({ length: 10_000 }, () => newId("vis")));
    expect(many.size).toBe(10_000);
  });

  it("carry 80 random bits after the timestamp, so ids made in the same millisecond are not guessable", () => {
    const t = Date.now();
    const tails = Array.from({ length: 100 }, () => newId("vis", t).slice(4 + 12));
    expect(new Set(tails).size).toBe(100);
    expect(tails.every((x) => /^[0-9a-f]{20}$/.test(x))).toBe(true);
  });
});
