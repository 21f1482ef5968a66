import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get } from "node:http";
import { Script } from "node:vm";
import { manualClock } from "../../../src/core/clock.js";
import { newVisitorSession } from "../../../src/adapters/web/token.js";
import { newSession, postMessage, startWebServer, type TestServer } from "./fakes.js";

/** The widget's size budget (minified, not gzipped). */
const WIDGET_BUDGET_BYTES = 20 * 1024;

async function expectError(res: Response, status: number, code?: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  if (code) expect(body.error.code).toBe(code);
}

describe("web chat HTTP routes", () => {
  let t: TestServer;
  const clock = manualClock(new Date("2025-05-01T10:00:00Z"));

  beforeAll(async () => {
    t = await startWebServer({ clock, config: { token_secret: "test-secret-0123456789abcdef", max_text_length: 200 } });
  });
  afterAll(async () => {
    await t.stop();
  });

  it("creates a session with a signed token", async () => {
    const res = await fetch(`${t.url}/api/web/session`, { method: "POST" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: string; visitorId: string };
    expect(body.visitorId).toMatch(/^vis_[0-9a-f]{32}$/);
    expect(body.token.split(".")).toHaveLength(2);
  });

  it("answers 202 only after the message was ingested", async () => {
    const s = await newSession(t.url);
    t.host.ingestDelayMs = 150;
    try {
      const started = Date.now();
      const res = await postMessage(t.url, s.token, { text: "  Hi, where is my order?  ", clientMessageId: "m-1" });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(res.status).toBe(202);
      const body = (await res.json()) as { messageId: string; conversationId: string; state: string };
      const stored = t.host.stored.find((m) => m.id === body.messageId);
      expect(stored).toMatchObject({ text: "Hi, where is my order?", externalId: `${s.visitorId}:m-1`, direction: "inbound", channel: "web" });
      expect(body).toEqual({ messageId: stored!.id, conversationId: stored!.conversationId, state: "received" });
    } finally {
      t.host.ingestDelayMs = 0;
    }
  });

  it("stores a message sent twice with one clientMessageId once", async () => {
    const s = await newSession(t.url);
    const before = t.host.stored.length;
    const a = await postMessage(t.url, s.token, { text: "once", clientMessageId: "dup_1" });
    const b = await postMessage(t.url, s.token, { text: "once", clientMessageId: "dup_1" });
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(((await a.json()) as { messageId: string }).messageId).toBe(((await b.json()) as { messageId: string }).messageId);
    expect(t.host.stored.length).toBe(before + 1);
  });

  it("refuses missing, forged and garbled tokens with 401", async () => {
    const before = t.host.stored.length;
    await expectError(await postMessage(t.url, null, { text: "hi", clientMessageId: "x" }), 401, "missing_token");
    const other = newVisitorSession(Buffer.from("some-other-secret-entirely"));
    await expectError(await postMessage(t.url, other.token, { text: "hi", clientMessageId: "x" }), 401, "invalid_token");
    await expectError(await postMessage(t.url, "garbage.token", { text: "hi", clientMessageId: "x" }), 401, "invalid_token");
    const res = await fetch(`${t.url}/api/web/history`, { headers: { Authorization: "Basic abc" } });
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    await expectError(res, 401);
    expect(t.host.stored.length).toBe(before);
  });

  it("refuses bad bodies with 4xx JSON errors, writes nothing and keeps serving", async () => {
    const s = await newSession(t.url);
    const before = t.host.stored.length;
    await expectError(await postMessage(t.url, s.token, { text: "", clientMessageId: "e1" }), 422, "empty_text");
    await expectError(await postMessage(t.url, s.token, { text: " \n\t ", clientMessageId: "e2" }), 422, "empty_text");
    await expectError(await postMessage(t.url, s.token, { text: "x".repeat(201), clientMessageId: "e3" }), 413, "text_too_long");
    await expectError(await postMessage(t.url, s.token, { text: "x".repeat(20_000), clientMessageId: "e4" }), 413);
    await expectError(await postMessage(t.url, s.token, '{"text": "hi", "clientMessageId": '), 400);
    await expectError(await postMessage(t.url, s.token, "[1,2]"), 400, "invalid_body");
    await expectError(await postMessage(t.url, s.token, { text: "hi" }), 422, "invalid_body");
    await expectError(await postMessage(t.url, s.token, { text: "hi", clientMessageId: "has space" }), 422, "invalid_body");
    await expectError(await postMessage(t.url, s.token, { text: "hi", clientMessageId: "x".repeat(101) }), 422, "invalid_body");
    await expectError(await postMessage(t.url, s.token, { text: 42, clientMessageId: "e5" }), 422, "invalid_body");
    await expectError(await postMessage(t.url, s.token, { text: "hi", clientMessageId: "e6", extra: true }), 422, "invalid_body");
    await expectError(await postMessage(t.url, s.token, "text=hi", { "Content-Type": "application/x-www-form-urlencoded" }), 415);
    expect(t.host.stored.length).toBe(before);
    const ok = await postMessage(t.url, s.token, { text: "still here?", clientMessageId: "e7" });
    expect(ok.status).toBe(202);
  });

  it("answers 503 (and stores nothing) when ingest fails", async () => {
    const s = await newSession(t.url);
    t.host.failIngest = true;
    try {
      await expectError(await postMessage(t.url, s.token, { text: "hi", clientMessageId: "f1" }), 503, "unavailable");
    } finally {
      t.host.failIngest = false;
    }
  });

  it("rate-limits one visitor with 429 and Retry-After, not others", async () => {
    const s = await newSession(t.url);
    for (let i = 0; i < 20; i++) expect((await postMessage(t.url, s.token, { text: `m${i}`, clientMessageId: `r${i}` })).status).toBe(202);
    const limited = await postMessage(t.url, s.token, { text: "one more", clientMessageId: "r20" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await expectError(limited, 429, "rate_limited");
    const other = await newSession(t.url);
    expect((await postMessage(t.url, other.token, { text: "hello", clientMessageId: "o1" })).status).toBe(202);
    clock.advance(1000);
    expect((await postMessage(t.url, s.token, { text: "later", clientMessageId: "r21" })).status).toBe(202);
  });

  it("returns the visitor's history in the public shape, never internal notes", async () => {
    const s = await newSession(t.url);
    await postMessage(t.url, s.token, { text: "where is order 1234?", clientMessageId: "h1" });
    t.host.addOutbound(s.visitorId, "Let me check that for you.", "ai");
    t.host.addOutbound(s.visitorId, "INTERNAL: customer is a VIP", "agent", "internal");
    t.host.addOutbound(s.visitorId, "It ships today.", "agent");
    const res = await fetch(`${t.url}/api/web/history`, { headers: { Authorization: `Bearer ${s.token}` } });
    expect(res.status).toBe(200);
    const { messages } = (await res.json()) as { messages: Record<string, unknown>[] };
    expect(messages.map((m) => m.text)).toEqual(["where is order 1234?", "Let me check that for you.", "It ships today."]);
    for (const m of messages) expect(Object.keys(m).sort()).toEqual(["authorKind", "createdAt", "deliveryState", "direction", "id", "text"]);
    expect(messages[0]).toMatchObject({ direction: "inbound", authorKind: "customer", deliveryState: "received" });
    expect(JSON.stringify(messages)).not.toContain("INTERNAL");
    const other = await newSession(t.url);
    const empty = await fetch(`${t.url}/api/web/history`, { headers: { Authorization: `Bearer ${other.token}` } });
    expect(await empty.json()).toEqual({ messages: [] });
  });

  it("serves the widget bundle as small JavaScript with an ETag", async () => {
    const res = await fetch(`${t.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/javascript/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const code = await res.text();
    expect(Buffer.byteLength(code)).toBeGreaterThan(1000);
    expect(Buffer.byteLength(code)).toBeLessThan(WIDGET_BUDGET_BYTES);
    expect(() => new Script(code)).not.toThrow();
    expect(code).toContain("Chat with us");
    expect(code).not.toMatch(/\bzod\b/);
    // (fetch adds Cache-Control: no-cache to conditional requests, which rightly disables 304s; a plain GET does not.)
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get(`${t.url}/widget.js`, { headers: { "If-None-Match": etag! } }, (r) => (r.resume(), resolve(r.statusCode))).on("error", reject);
    });
    expect(status).toBe(304);
  });

  it("serves the demo shop with exactly one script tag, and the widget config", async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("Northwind Outfitters");
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).toContain('<script src="/widget.js" defer></script>');
    const config = await (await fetch(`${t.url}/api/web/config`)).json();
    expect(config).toEqual({ title: "Chat with us", subtitle: expect.any(String), accentColor: "#2f6f4e", position: "right", maxTextLength: 200 });
  });

  it("answers unknown web chat routes with a JSON 404", async () => {
    await expectError(await fetch(`${t.url}/api/web/nope`), 404, "not_found");
  });
});

describe("web chat without the demo page, with allowed origins", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startWebServer({ config: { token_secret: "test-secret-0123456789abcdef", demo_page: false, allowed_origins: ["https://shop.example.com"] } });
  });
  afterAll(async () => {
    await t.stop();
  });

  it("does not serve / when demo_page is off", async () => {
    expect((await fetch(`${t.url}/`)).status).toBe(404);
    expect((await fetch(`${t.url}/widget.js`)).status).toBe(200);
  });

  it("answers CORS preflights for listed origins only", async () => {
    const ok = await fetch(`${t.url}/api/web/messages`, {
      method: "OPTIONS",
      headers: { Origin: "https://shop.example.com", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    const evil = await fetch(`${t.url}/api/web/session`, { method: "POST", headers: { Origin: "https://evil.example.net" } });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
  });
});
