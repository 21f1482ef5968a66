import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../helpers/hub.js";

describe("hub HTTP edge", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => {
    await t.stop();
  });

  const count = async () => (await t.store.listEvents({})).length;
  async function token(): Promise<string> {
    const r = await fetch(`${t.url}/api/web/session`, { method: "POST" });
    return ((await r.json()) as { token: string }).token;
  }

  it("answers /healthz and /readyz with the store engine and channel states", async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(body.status).toBe("ready");
    expect(body.checks.store).toMatchObject({ ok: true, engine: "sqlite" });
    expect(body.checks["channel:web"]?.ok).toBe(true);
  });

  it("malformed JSON gets 400 with a JSON error and writes nothing", async () => {
    const before = await count();
    const r = await fetch(`${t.url}/api/web/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await token()}` },
      body: '{"text": "hi", ',
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: { code: "malformed_json", message: expect.any(String) } });
    expect(await count()).toBe(before);
  });

  it("an oversized body gets 413 and writes nothing; the hub keeps serving", async () => {
    const before = await count();
    const r = await fetch(`${t.url}/api/web/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await token()}` },
      body: JSON.stringify({ text: "x".repeat(70 * 1024), clientMessageId: "big" }),
    });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe("body_too_large");
    expect(await count()).toBe(before);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it("unknown API paths get a JSON 404", async () => {
    const r = await fetch(`${t.url}/api/nope`);
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error: { code: "not_found", message: "no such endpoint" } });
  });

  it("a web message goes through the whole pipeline: stored, decided, greeting delivered (a bare hello gets only the greeting)", async () => {
    const tk = await token();
    const r = await fetch(`${t.url}/api/web/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tk}` },
      body: JSON.stringify({ text: "Hello!", clientMessageId: "h1" }),
    });
    expect(r.status).toBe(202);
    const { messageId, conversationId } = (await r.json()) as { messageId: string; conversationId: string };
    expect((await t.store.getMessage(messageId))?.text).toBe("Hello!");
    await t.hub.settle();
    const history = await fetch(`${t.url}/api/web/history`, { headers: { authorization: `Bearer ${tk}` } });
    const { messages } = (await history.json()) as { messages: { text: string; direction: string; deliveryState: string }[] };
    expect(messages.map((m) => m.direction)).toEqual(["inbound", "outbound"]);
    expect(messages[1]!.text).toMatch(/thanks for contacting Northwind/);
    const events = (await t.store.listEvents({ conversationId })).map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(["conversation.opened", "message.received", "message.queued", "decision.made", "message.sent"]));
  });
});

describe("websocket upgrades", () => {
  it("answers an upgrade on a path no channel handles with 404 instead of hanging", async () => {
    const t = await startTestHub();
    try {
      const { default: WebSocket } = await import("ws");
      const ws = new WebSocket(`${t.url.replace("http", "ws")}/api/nowhere`);
      const status = await new Promise<number | string>((resolve) => {
        ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.on("error", (e) => resolve(String(e.message)));
        ws.on("open", () => resolve("opened"));
      });
      expect(status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});

describe("raw request bodies for webhook signatures", () => {
  it("keeps the exact bytes of a JSON body next to the parsed value", async () => {
    const { createHttpApp } = await import("../../src/app/http.js");
    const { rawBodyOf } = await import("../../src/core/channel/raw-body.js");
    const { silentLogger } = await import("../../src/core/logger.js");
    const { createServer } = await import("node:http");
    const http = createHttpApp({ bodyLimitBytes: 1024, logger: silentLogger(), ready: () => ({ ok: true, checks: {} }) });
    http.app.post("/echo", (req, res) => void res.json({ raw: rawBodyOf(req)?.toString("utf8"), parsed: req.body }));
    http.finish();
    const server = createServer(http.app).listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const body = '{ "b": 2,   "a": "ü" }';
    const r = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(await r.json()).toEqual({ raw: body, parsed: { b: 2, a: "ü" } });
    server.close();
  });
});
