import { describe, expect, it } from "vitest";
import { createHeartbeat, type PingableSocket } from "../../../src/adapters/web/heartbeat.js";

interface FakeSocket extends PingableSocket {
  id: number;
  pings: number;
  terminated: boolean;
}

function sockets(n: number): FakeSocket[] {
  return Array.from({ length: n }, (_, id) => {
    const s: FakeSocket = { id, pings: 0, terminated: false, ping: () => void s.pings++, terminate: () => void (s.terminated = true) };
    return s;
  });
}

describe("web chat heartbeat", () => {
  it("spreads the pings over the interval: each tick handles its share, each socket once per round", () => {
    const all = sockets(1000);
    const beat = createHeartbeat({ intervalMs: 30_000, tickMs: 1_000, sockets: () => all });
    for (const s of all) beat.alive(s);
    beat.tick();
    expect(all.filter((s) => s.pings === 1)).toHaveLength(34); // ceil(1000 / 30)
    for (let i = 1; i < 30; i++) beat.tick();
    expect(all.every((s) => s.pings === 1)).toBe(true);
  });

  it("a socket that did not answer its ping is terminated at its next turn; one that answered is pinged again", () => {
    const all = sockets(10);
    const beat = createHeartbeat({ intervalMs: 10_000, tickMs: 1_000, sockets: () => all.filter((s) => !s.terminated) });
    for (const s of all) beat.alive(s);
    for (let i = 0; i < 10; i++) beat.tick(); // one round: everyone pinged
    for (const s of all.slice(0, 5)) beat.alive(s); // half answered
    for (let i = 0; i < 10; i++) beat.tick();
    expect(all.slice(0, 5).every((s) => s.pings === 2 && !s.terminated)).toBe(true);
    expect(all.slice(5).every((s) => s.pings === 1 && s.terminated)).toBe(true);
  });

  it("sockets that connect mid-round join the next round", () => {
    const all = sockets(3);
    const beat = createHeartbeat({ intervalMs: 3_000, tickMs: 1_000, sockets: () => all });
    for (const s of all) beat.alive(s);
    beat.tick();
    const late = sockets(1)[0]!;
    all.push(late);
    beat.alive(late);
    beat.tick();
    beat.tick();
    expect(late.pings).toBe(0); // not in the round that was running when it connected
    for (const s of all) beat.alive(s);
    beat.tick(); // a new round: 4 sockets, 2 per tick
    beat.tick();
    expect(all.map((s) => s.pings)).toEqual([2, 2, 2, 1]);
    expect(all.some((s) => s.terminated)).toBe(false);
  });
});
