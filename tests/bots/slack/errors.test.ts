import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackBot } from "../../../src/bots/slack/index.js";
import { BotError } from "../../../src/core/escalation/port.js";
import { startSlackStandIn, type SlackStandIn } from "../../fakes/slack-api.js";
import { configFor, deps, mountedBot, recordingDesk, target, threadView, type Mounted } from "./helpers.js";

let api: SlackStandIn;
let m: Mounted | null = null;

beforeEach(async () => {
  api = await startSlackStandIn();
});
afterEach(async () => {
  await m?.close();
  m = null;
  await api.close();
});

async function failure(p: Promise<unknown>): Promise<BotError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BotError);
  return err as BotError;
}

describe("slack: Web API failures", () => {
  it("a revoked token throws BotError auth and takes the bot's status down until a call succeeds again", async () => {
    m = await mountedBot(api);
    expect(m.bot.status().ok).toBe(true);
    api.revoke("token_revoked");
    const err = await failure(m.bot.openThread(target(), threadView()));
    expect(err.kind).toBe("auth");
    expect(err.message).toContain("token_revoked");
    expect(err.message).not.toContain(api.botToken);
    expect(m.bot.status()).toMatchObject({ ok: false, detail: expect.stringContaining("token_revoked") });
    for (const code of ["invalid_auth", "account_inactive"]) {
      api.revoke(code);
      expect((await failure(m.bot.notify(target(), "x"))).kind).toBe("auth");
    }
    api.restore();
    await m.bot.openThread(target(), threadView());
    expect(m.bot.status().ok).toBe(true);
  });

  it("a channel the bot was removed from or that was archived disables that target only; a missing channel is not_found", async () => {
    m = await mountedBot(api);
    api.failNext("chat.postMessage", { error: "not_in_channel" });
    expect((await failure(m.bot.openThread(target(), threadView()))).kind).toBe("auth");
    api.failNext("chat.postMessage", { error: "is_archived" });
    expect((await failure(m.bot.openThread(target({ name: "vip", channel: "C0VIP" }), threadView()))).kind).toBe("auth");
    api.failNext("chat.postMessage", { error: "channel_not_found" });
    expect((await failure(m.bot.openThread(target({ name: "gone", channel: "C0GONE" }), threadView()))).kind).toBe("not_found");
    const s = m.bot.status();
    expect(s.ok).toBe(true);
    expect(s.targets).toMatchObject({
      billing: { ok: false, detail: expect.stringContaining("not_in_channel") },
      vip: { ok: false, detail: expect.stringContaining("is_archived") },
      gone: { ok: false, detail: expect.stringContaining("channel_not_found") },
    });
    await m.bot.openThread(target(), threadView()); // re-invited
    expect(m.bot.status().targets!.billing).toEqual({ ok: true, detail: "ok" });
  });

  it("mirror and update failures are mapped too (thread gone → not_found, archived → auth for the target)", async () => {
    m = await mountedBot(api);
    const ref = await m.bot.openThread(target(), threadView());
    api.failNext("chat.update", { error: "message_not_found" });
    expect((await failure(m.bot.update(ref, threadView()))).kind).toBe("not_found");
    api.failNext("chat.postMessage", { error: "is_archived" });
    const msg = {
      id: "m1",
      direction: "inbound" as const,
      authorKind: "customer" as const,
      authorId: null,
      channel: "telegram" as const,
      text: "hi",
      createdAt: new Date(),
      attachments: [],
    };
    expect((await failure(m.bot.mirror(ref, { message: msg }))).kind).toBe("auth");
    expect(m.bot.status().targets!.billing!.ok).toBe(false);
  });

  it("rate limits become BotError rate_limited with retryAfterMs from Retry-After", async () => {
    m = await mountedBot(api);
    api.failNext("chat.postMessage", { ratelimited: 30 });
    const err = await failure(m.bot.openThread(target(), threadView()));
    expect(err.kind).toBe("rate_limited");
    expect(err.retryAfterMs).toBe(30_000);
    expect(m.bot.status().ok).toBe(true);
  });

  it("server errors are transient", async () => {
    m = await mountedBot(api);
    api.failNext("chat.postMessage", { http: 503 });
    expect((await failure(m.bot.openThread(target(), threadView()))).kind).toBe("transient");
  });

  it("a token rejected at start leaves the bot not ok (it does not crash the hub)", async () => {
    api.revoke("invalid_auth");
    const bot = createSlackBot(configFor(api), deps(), { retries: 0 });
    await bot.start(recordingDesk());
    expect(bot.status()).toMatchObject({ ok: false, detail: expect.stringContaining("invalid_auth") });
    await bot.stop();
  });

  it("a missing mode-specific secret disables the bot with the variable named", async () => {
    const http = createSlackBot(configFor(api, { signing_secret: undefined }), deps(), { retries: 0 });
    await http.start(recordingDesk());
    expect(http.status()).toMatchObject({ ok: false, detail: expect.stringContaining("SLACK_SIGNING_SECRET") });
    expect((await failure(http.openThread(target(), threadView()))).kind).toBe("auth");
    expect(api.callsTo("chat.postMessage")).toHaveLength(0);
    const socket = createSlackBot(configFor(api, { mode: "socket" }), deps(), { retries: 0 });
    expect(socket.status()).toMatchObject({ ok: false, detail: expect.stringContaining("SLACK_APP_TOKEN") });
  });
});
