import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { manualClock } from "../../../src/core/clock.js";
import { captureLogs, flushLogs } from "../../helpers/log-capture.js";
import { postMessage, startWebServer, TestSocket, type TestServer } from "./fakes.js";

const FLOOD_IP = "203.0.113.7";
const OTHER_IP = "198.51.100.9";
let t: TestServer | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const session = (url: string, ip: string) => fetch(`${url}/api/web/session`, { method: "POST", headers: { "x-forwarded-for": ip } });
const config = (limits: Record<string, unknown>) => ({ token_secret: "test-secret-0123456789abcdef", limits });

describe("web chat: per-IP abuse limits", () => {
  it("limits new sessions per client IP (behind a trusted proxy, the forwarded address counts)", async () => {
    t = await startWebServer({ clock: manualClock(new Date("2026-12-01T10:00:00Z")), config: config({ sessions_per_ip: { max: 3, window: "10m" } }) });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await session(t.url, FLOOD_IP)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const refused = await session(t.url, FLOOD_IP);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await session(t.url, OTHER_IP)).status).toBe(201);
  });

  it("ignores X-Forwarded-For from an untrusted peer (trust_proxy: false): clients cannot pick their IP", async () => {
    t = await startWebServer({
      clock: manualClock(new Date("2026-12-01T10:00:00Z")),
      config: config({ sessions_per_ip: { max: 2, window: "10m" }, trust_proxy: false }),
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await session(t.url, `192.0.2.${i}`)).status);
    expect(statuses).toEqual([201, 201, 429]);
  });

  it("a flood from one IP is refused while another visitor's messages are stored; refusals are logged aggregated, without addresses", async () => {
    const logs = captureLogs("info");
    t = await startWebServer({
      clock: manualClock(new Date("2026-12-01T10:00:00Z")),
      logger: logs.logger,
      config: config({ sessions_per_ip: { max: 30, window: "10m" }, messages_per_ip: { max: 40, window: "1m" } }),
    });
    const url = t.url;
    const flooders = [];
    for (let i = 0; i < 30; i++) flooders.push((await (await session(url, FLOOD_IP)).json()) as { token: string });
    const other = (await (await session(url, OTHER_IP)).json()) as { token: string; visitorId: string };
    let floodRefused = 0;
    let floodAccepted = 0;
    let otherDone = false;
    // The flood runs until the other visitor is through, so their message is handled while it is being refused.
    const flood = Promise.all(
      flooders.map(async (f, v) => {
        for (let i = 0; !otherDone; i++) {
          const res = await postMessage(url, f.token, { text: `spam ${i}`, clientMessageId: `f${v}-${i}` }, { "x-forwarded-for": FLOOD_IP });
          if (res.status === 429) floodRefused++;
          else if (res.status === 202) floodAccepted++;
          await res.arrayBuffer();
        }
      }),
    );
    while (floodRefused < 50) await new Promise((r) => setImmediate(r));
    const sent = [];
    for (let i = 0; i < 5; i++) {
      sent.push((await postMessage(url, other.token, { text: `Where is my order? ${i}`, clientMessageId: `o${i}` }, { "x-forwarded-for": OTHER_IP })).status);
    }
    const refusedWhileOtherServed = floodRefused;
    otherDone = true;
    await flood;
    expect(sent).toEqual([202, 202, 202, 202, 202]);
    expect(t.host.stored.filter((m) => m.externalId?.startsWith(other.visitorId)).map((m) => m.text)).toHaveLength(5);
    expect(floodAccepted).toBe(40);
    expect(refusedWhileOtherServed).toBeGreaterThanOrEqual(50);
    await flushLogs();
    const refusalLines = logs.records().filter((r) => String(r.msg).includes("refused"));
    expect(refusalLines.length).toBeGreaterThanOrEqual(1);
    expect(refusalLines.length).toBeLessThanOrEqual(2);
    expect(logs.text()).not.toContain(FLOOD_IP);
  });

  it("the websocket shares the per-IP message limit", async () => {
    t = await startWebServer({ clock: manualClock(new Date("2026-12-01T10:00:00Z")), config: config({ messages_per_ip: { max: 2, window: "1m" } }) });
    const s = (await (await session(t.url, FLOOD_IP)).json()) as { token: string };
    expect((await postMessage(t.url, s.token, { text: "over http", clientMessageId: "h1" }, { "x-forwarded-for": FLOOD_IP })).status).toBe(202);
    const ws = new TestSocket(new WebSocket(`${t.url.replace("http", "ws")}/api/web/socket?token=${s.token}`, { headers: { "x-forwarded-for": FLOOD_IP } }));
    await ws.next("ready");
    ws.send({ type: "message", clientMessageId: "w1", text: "one" });
    expect((await ws.next("ack")).clientMessageId).toBe("w1");
    ws.send({ type: "message", clientMessageId: "w2", text: "two" });
    expect(await ws.next("error")).toMatchObject({ code: "rate_limited", clientMessageId: "w2" });
    ws.ws.close();
  });
});
