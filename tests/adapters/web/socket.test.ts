import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SendError } from "../../../src/core/channel/adapter.js";
import { newVisitorSession } from "../../../src/adapters/web/token.js";
import { newSession, postMessage, startWebServer, TestSocket, type TestServer } from "./fakes.js";

const outbound = (messageId: string, text: string, authorKind: "ai" | "agent" | "system" = "ai") => ({
  messageId,
  conversationId: "cv_x",
  text,
  attachments: [],
  authorKind,
  createdAt: new Date(),
});

describe("web chat websocket", () => {
  let t: TestServer;
  const open: TestSocket[] = [];
  const connect = (token: string | null, headers?: Record<string, string>) => {
    const s = TestSocket.open(t.url, token, headers);
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startWebServer({ config: { token_secret: "test-secret-0123456789abcdef", allowed_origins: ["https://shop.example.com"] } });
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  afterAll(async () => {
    await t.stop();
  });

  it("sends a ready frame with the visitor's history (no internal notes)", async () => {
    const s = await newSession(t.url);
    await postMessage(t.url, s.token, { text: "is the tent waterproof?", clientMessageId: "h1" });
    t.host.addOutbound(s.visitorId, "note to self", "agent", "internal");
    t.host.addOutbound(s.visitorId, "Yes, 3000 mm.", "ai");
    const ready = await connect(s.token).next("ready");
    expect(ready.visitorId).toBe(s.visitorId);
    expect(ready.messages.map((m) => [m.authorKind, m.text])).toEqual([
      ["customer", "is the tent waterproof?"],
      ["ai", "Yes, 3000 mm."],
    ]);
  });

  it("acks a message frame after ingest, with the stored id; a resend is deduped", async () => {
    const s = await newSession(t.url);
    const ws = connect(s.token);
    await ws.next("ready");
    ws.send({ type: "message", clientMessageId: "w-1", text: "Hi, where is my order?" });
    const ack = await ws.next("ack");
    const stored = t.host.stored.find((m) => m.externalId === `${s.visitorId}:w-1`);
    expect(ack).toEqual({ type: "ack", clientMessageId: "w-1", messageId: stored!.id, state: "received" });
    ws.send({ type: "message", clientMessageId: "w-1", text: "Hi, where is my order?" });
    await ws.next("ack", (f) => f !== ack && f.clientMessageId === "w-1");
    expect(ws.frames.filter((f) => f.type === "ack")).toHaveLength(2);
    expect(t.host.stored.filter((m) => m.externalId === `${s.visitorId}:w-1`)).toHaveLength(1);
  });

  it("answers bad frames with an error frame and stays usable", async () => {
    const s = await newSession(t.url);
    const ws = connect(s.token);
    await ws.next("ready");
    const before = t.host.stored.length;
    ws.send("this is not json");
    expect(await ws.next("error", (f) => f.code === "bad_json")).toMatchObject({ type: "error" });
    ws.send({ type: "launch-missiles" });
    await ws.next("error", (f) => f.code === "bad_frame");
    ws.send({ type: "message", clientMessageId: "bad id!", text: "hi" });
    await ws.next("error", (f) => f.code === "bad_frame" && f.message.includes("clientMessageId"));
    ws.send({ type: "message", clientMessageId: "empty", text: "   " });
    expect(await ws.next("error", (f) => f.code === "empty_text")).toMatchObject({ clientMessageId: "empty" });
    ws.send({ type: "message", clientMessageId: "long", text: "x".repeat(5000) });
    await ws.next("error", (f) => f.code === "text_too_long");
    ws.ws.send(Buffer.from([1, 2, 3]));
    await ws.next("error", (f) => f.code === "bad_frame" && f.message.includes("JSON"));
    ws.send({ type: "ping" });
    await ws.next("pong");
    expect(t.host.stored.length).toBe(before);
    ws.send({ type: "message", clientMessageId: "fine", text: "hello again" });
    await ws.next("ack");
  });

  it("closes oversized frames (maxPayload)", async () => {
    const s = await newSession(t.url);
    const ws = connect(s.token);
    await ws.next("ready");
    ws.send({ type: "message", clientMessageId: "big", text: "x".repeat(20_000) });
    expect((await ws.closed).code).toBe(1009);
  });

  it("closes with 4401 for a missing or forged token", async () => {
    expect((await connect(null).closed).code).toBe(4401);
    const forged = newVisitorSession(Buffer.from("not-the-hub-secret-at-all"));
    expect((await connect(forged.token).closed).code).toBe(4401);
    expect((await connect("x.y").closed).code).toBe(4401);
  });

  it("checks the Origin: same host and listed origins pass, others are refused", async () => {
    const s = await newSession(t.url);
    const host = new URL(t.url).host;
    await connect(s.token, { Origin: `http://${host}` }).next("ready");
    await connect(s.token, { Origin: "https://shop.example.com" }).next("ready");
    await expect(connect(s.token, { Origin: "https://evil.example.net" }).opened).rejects.toThrow(/403/);
  });

  it("delivers send() to every socket of the visitor and to no one else", async () => {
    const a = await newSession(t.url);
    const b = await newSession(t.url);
    const [a1, a2, b1] = [connect(a.token), connect(a.token), connect(b.token)];
    await Promise.all([a1.next("ready"), a2.next("ready"), b1.next("ready")]);
    const reply = t.host.addOutbound(a.visitorId, "Your order ships today.", "agent");
    const result = await t.adapter.send({ visitorId: a.visitorId }, outbound(reply.id, reply.text, "agent"));
    expect(result).toEqual({ externalId: reply.id, delivered: true });
    for (const ws of [a1, a2]) {
      const f = await ws.next("message");
      expect(f.message).toMatchObject({ id: reply.id, text: "Your order ships today.", authorKind: "agent", direction: "outbound" });
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(b1.frames.filter((f) => f.type === "message")).toHaveLength(0);
  });

  it("resolves send() undelivered when the visitor has no open socket", async () => {
    const a = await newSession(t.url);
    const reply = t.host.addOutbound(a.visitorId, "We will get back to you.", "ai");
    expect(await t.adapter.send({ visitorId: a.visitorId }, outbound(reply.id, reply.text))).toEqual({ externalId: reply.id });
  });

  it("refuses a malformed address with SendError invalid_recipient", async () => {
    for (const address of [{}, { visitorId: 42 }, { visitorId: "ct_123" }, { chatId: "1" }]) {
      const err = await t.adapter.send(address, outbound("msg_1", "hi")).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SendError);
      expect((err as SendError).kind).toBe("invalid_recipient");
    }
  });

  it("echoes the visitor's message to their other tabs, not back to the sender", async () => {
    const a = await newSession(t.url);
    const [tab1, tab2] = [connect(a.token), connect(a.token)];
    await Promise.all([tab1.next("ready"), tab2.next("ready")]);
    tab1.send({ type: "message", clientMessageId: "echo-1", text: "from tab one" });
    const ack = await tab1.next("ack");
    const echo = await tab2.next("message");
    expect(echo.message).toMatchObject({ id: ack.messageId, text: "from tab one", authorKind: "customer", direction: "inbound", deliveryState: "received" });
    await postMessage(t.url, a.token, { text: "over http", clientMessageId: "echo-2" });
    await tab1.next("message", (f) => f.message.text === "over http");
    await tab2.next("message", (f) => f.message.text === "over http");
    expect(tab1.frames.filter((f) => f.type === "message" && f.message.text === "from tab one")).toHaveLength(0);
  });

  it("pushes typing, and reports seen replies as read once", async () => {
    const a = await newSession(t.url);
    const ws = connect(a.token);
    await ws.next("ready");
    await t.adapter.typing({ visitorId: a.visitorId }, true);
    expect(await ws.next("typing")).toEqual({ type: "typing", on: true, author: "ai" });
    const reply = t.host.addOutbound(a.visitorId, "Here is your tracking link.", "ai");
    await t.adapter.send({ visitorId: a.visitorId }, outbound(reply.id, reply.text));
    const other = await newSession(t.url);
    const foreign = t.host.addOutbound(other.visitorId, "not yours", "ai");
    ws.send({ type: "seen", messageIds: [reply.id, reply.id, foreign.id, "msg_unknown"] });
    ws.send({ type: "seen", messageIds: [reply.id] });
    ws.send({ type: "typing", on: true });
    ws.send({ type: "ping" });
    await ws.next("pong");
    expect(t.host.deliveryUpdates.filter((u) => u.messageId === reply.id)).toEqual([{ channel: "web", messageId: reply.id, state: "read" }]);
    expect(t.host.deliveryUpdates.some((u) => u.messageId === foreign.id)).toBe(false);
  });

  it("pushes delivery states to the visitor's widgets", async () => {
    const a = await newSession(t.url);
    const ws = connect(a.token);
    await ws.next("ready");
    await t.adapter.notifyDelivery({ visitorId: a.visitorId }, "msg_abc", "read");
    expect(await ws.next("delivery")).toEqual({ type: "delivery", messageId: "msg_abc", state: "read" });
  });

  it("limits the sockets one visitor may hold open", async () => {
    const a = await newSession(t.url);
    const tabs = Array.from({ length: 10 }, () => connect(a.token));
    await Promise.all(tabs.map((s) => s.next("ready")));
    expect((await connect(a.token).closed).code).toBe(4429);
    const b = await newSession(t.url);
    await connect(b.token).next("ready");
  });

  it("reports open sockets in status()", async () => {
    const a = await newSession(t.url);
    const ws = connect(a.token);
    await ws.next("ready");
    expect(t.adapter.status()).toMatchObject({ ok: true, detail: expect.stringMatching(/^\d+ open sockets?$/) });
  });
});

describe("stopping the web chat", () => {
  it("closes every socket with 1001", async () => {
    const t = await startWebServer();
    const s = await newSession(t.url);
    const ws = TestSocket.open(t.url, s.token);
    await ws.next("ready");
    const stopped = t.stop();
    expect((await ws.closed).code).toBe(1001);
    await stopped;
    expect(t.adapter.status().ok).toBe(false);
  });
});
