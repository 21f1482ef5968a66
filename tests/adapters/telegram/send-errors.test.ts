import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSendLimiter, createTelegramChannelAdapter, type TelegramChannelAdapter } from "../../../src/adapters/telegram/index.js";
import { SendError, type OutboundMessage } from "../../../src/core/channel/adapter.js";
import { captureLogs } from "../../helpers/log-capture.js";
import { ERRORS, startTelegramStandIn, type TelegramStandIn } from "../../fakes/telegram-bot-api.js";
import { configFor, deps, eventually, fakeHost } from "./helpers.js";

let api: TelegramStandIn;
let adapter: TelegramChannelAdapter | null = null;
beforeEach(async () => {
  api = await startTelegramStandIn();
});
afterEach(async () => {
  await adapter?.stop();
  adapter = null;
  await api.close();
});

const message: OutboundMessage = { messageId: "m1", conversationId: "c1", text: "hello", attachments: [], authorKind: "agent", createdAt: new Date() };

async function started(extra: Record<string, unknown> = {}, limiter = { perChatMs: 0, perGroupMs: 0, globalMs: 0 }) {
  adapter = createTelegramChannelAdapter(configFor(api, extra), deps(), { pollTimeoutSeconds: 1, initialBackoffMs: 20, maxBackoffMs: 100, limiter });
  await adapter.start(fakeHost());
  return adapter;
}

describe("telegram send errors", () => {
  it("maps 429 to rate_limited with Telegram's retry_after in ms", async () => {
    const a = await started();
    api.failNext("sendMessage", ERRORS.tooManyRequests(7));
    const err = await a.send({ chatId: "42" }, message).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ kind: "rate_limited", retryAfterMs: 7000 });
  });

  it("maps 403 (blocked by the user) to invalid_recipient, 400 chat not found too", async () => {
    const a = await started();
    api.failNext("sendMessage", ERRORS.blocked());
    await expect(a.send({ chatId: "42" }, message)).rejects.toMatchObject({ kind: "invalid_recipient", message: expect.stringContaining("blocked") });
    api.failNext("sendMessage", ERRORS.chatNotFound());
    await expect(a.send({ chatId: "42" }, message)).rejects.toMatchObject({ kind: "invalid_recipient" });
  });

  it("maps 401 to auth, 5xx and network failures to transient", async () => {
    const a = await started();
    api.failNext("sendMessage", ERRORS.unauthorized());
    await expect(a.send({ chatId: "42" }, message)).rejects.toMatchObject({ kind: "auth" });
    api.failNext("sendMessage", { error_code: 502, description: "Bad Gateway" });
    await expect(a.send({ chatId: "42" }, message)).rejects.toMatchObject({ kind: "transient" });
    api.failNext("sendMessage", { error_code: 400, description: "Bad Request: can't parse entities" });
    await expect(a.send({ chatId: "42" }, message)).rejects.toMatchObject({ kind: "unsupported" });
    await a.stop();
    adapter = null;
    // A fresh adapter whose API is gone.
    await api.close();
    const gone = createTelegramChannelAdapter(configFor(api), deps(), { limiter: { perChatMs: 0, globalMs: 0 } });
    await expect(gone.send({ chatId: "42" }, message)).rejects.toMatchObject({ kind: "transient" });
    api = await startTelegramStandIn();
  });

  it("spaces sends to one chat (about 1/s) instead of running into 429", async () => {
    const a = await started({}, { perChatMs: 150, perGroupMs: 0, globalMs: 0 });
    await a.send({ chatId: "99" }, message); // warm up the HTTP connection
    api.calls.length = 0;
    await Promise.all([a.send({ chatId: "42" }, message), a.send({ chatId: "42" }, message), a.send({ chatId: "43" }, message)]);
    const sends = api.callsTo("sendMessage");
    expect(sends).toHaveLength(3);
    const to42 = sends.filter((s) => s.body.chat_id === "42").map((s) => s.at);
    expect(to42[1]! - to42[0]!).toBeGreaterThanOrEqual(130);
    // Another chat does not wait for chat 42's slot.
    expect(sends.find((s) => s.body.chat_id === "43")!.at).toBeLessThan(to42[1]!);
  });
});

describe("send limiter", () => {
  it("spaces messages per chat and globally", async () => {
    let t = 0;
    const slept: number[] = [];
    const limiter = createSendLimiter({
      perChatMs: 1000,
      globalMs: 50,
      now: () => t,
      sleep: async (ms) => {
        slept.push(ms);
        t += ms;
      },
    });
    await limiter.acquire("1");
    await limiter.acquire("2"); // another chat: only the global spacing
    await limiter.acquire("1"); // chat 1 again: its next slot is at 1000
    expect(slept).toEqual([50, 950]);
    expect(t).toBe(1000);
  });

  it("refuses a wait beyond the bound with retryAfterMs, and spaces groups 3 s apart", async () => {
    const limiter = createSendLimiter({ perChatMs: 1000, perGroupMs: 3000, globalMs: 0, maxWaitMs: 2500, now: () => 0, sleep: async () => {} });
    await limiter.acquire("1");
    await limiter.acquire("1");
    await limiter.acquire("1");
    await expect(limiter.acquire("1")).rejects.toMatchObject({ name: "SendError", kind: "rate_limited", retryAfterMs: 3000 });
    await limiter.acquire("-100");
    await expect(limiter.acquire("-100")).rejects.toMatchObject({ kind: "rate_limited", retryAfterMs: 3000 });
  });
});

describe("connection failures", () => {
  it("a rejected token is logged, reported not ok and retried with backoff; the hub is never thrown at", async () => {
    const { logger, lines } = captureLogs();
    adapter = createTelegramChannelAdapter(
      configFor(api, { token: "999:wrong" }),
      { ...deps(), logger },
      { pollTimeoutSeconds: 1, initialBackoffMs: 20, maxBackoffMs: 80 },
    );
    await adapter.start(fakeHost());
    await eventually(() => api.callsTo("getMe").length >= 3, 5000, "getMe retried");
    const s = adapter.status();
    expect(s.ok).toBe(false);
    expect(s.detail).toMatch(/rejected the bot token/);
    expect(s.detail).not.toContain("999:wrong");
    // Backoff doubles: 20 ms before the second attempt, 40 ms before the third.
    const at = api.callsTo("getMe").map((c) => c.at);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(35);
    expect(lines().some((l) => l.includes("rejected the bot token") && l.includes('"level":"error"'))).toBe(true);
    expect(lines().join("")).not.toContain("999:wrong");
  });

  it("an unreachable API is reported not ok, and polling starts once it comes back", async () => {
    const port = new URL(api.apiRoot).port;
    const token = api.token;
    await api.close();
    const host = fakeHost();
    adapter = createTelegramChannelAdapter(configFor(api), deps(), { pollTimeoutSeconds: 1, initialBackoffMs: 20, maxBackoffMs: 60 });
    await adapter.start(host);
    await eventually(() => /cannot reach/.test(adapter!.status().detail), 5000, "unreachable reported");
    expect(adapter.status().ok).toBe(false);
    api = await startTelegramStandIn({ token, port: Number(port) });
    await eventually(() => adapter!.status().ok, 5000, "polling after the API came back");
    api.queueUpdate({
      message: { message_id: 1, date: 1, chat: { id: 5, type: "private", first_name: "A" }, from: { id: 5, is_bot: false, first_name: "A" }, text: "back" },
    });
    await host.waitFor(1);
  });
});
