import express from "express";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramChannelAdapter, type TelegramChannelAdapter } from "../../../src/adapters/telegram/index.js";
import { startTelegramStandIn, type TelegramStandIn } from "../../fakes/telegram-bot-api.js";
import { configFor, CUSTOMER, deps, eventually, fakeHost, privateText } from "./helpers.js";

const SECRET = "whsec_0123456789abcdef";
let api: TelegramStandIn;
let adapter: TelegramChannelAdapter | null = null;
let server: Server | null = null;

beforeEach(async () => {
  api = await startTelegramStandIn();
});
afterEach(async () => {
  await adapter?.stop();
  adapter = null;
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
  await api.close();
});

/** The adapter mounted on an express app like the hub's (JSON body parsing first). */
async function mounted(extra: Record<string, unknown> = {}) {
  const host = fakeHost();
  adapter = createTelegramChannelAdapter(configFor(api, { mode: "webhook", webhook_secret: SECRET, ...extra }), deps("https://support.example.com"), {
    initialBackoffMs: 20,
    maxBackoffMs: 100,
  });
  const app = express();
  app.use(express.json());
  server = createServer(app);
  adapter.mount(app, server);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  await adapter.start(host);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/telegram/webhook`;
  const post = (body: unknown, secret?: string) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret === undefined ? {} : { "x-telegram-bot-api-secret-token": secret }) },
      body: JSON.stringify(body),
    });
  return { host, post };
}

describe("telegram webhook mode", () => {
  it("registers the webhook with the secret and reports ready", async () => {
    await mounted();
    await eventually(() => adapter!.status().ok, 5000, "webhook registered");
    expect(api.webhook()).toEqual({ url: "https://support.example.com/api/telegram/webhook", secret_token: SECRET });
    expect(api.callsTo("setWebhook")[0]!.body.allowed_updates).toEqual(["message", "edited_message", "callback_query"]);
    expect(api.callsTo("getUpdates")).toHaveLength(0);
  });

  it("answers 401 to a wrong or missing secret and ingests nothing", async () => {
    const { host, post } = await mounted();
    await eventually(() => adapter!.status().ok, 5000, "ready");
    expect((await post({ update_id: 1, ...privateText("hi") }, "wrong-secret")).status).toBe(401);
    expect((await post({ update_id: 2, ...privateText("hi") })).status).toBe(401);
    expect(host.state.calls).toBe(0);
  });

  it("answers 200 only after the ingest resolved", async () => {
    const { host, post } = await mounted();
    await eventually(() => adapter!.status().ok, 5000, "ready");
    host.state.delayMs = 300;
    const t0 = Date.now();
    const res = await post({ update_id: 3, ...privateText("via webhook") }, SECRET);
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(host.ingested).toHaveLength(1);
    expect(host.ingested[0]).toMatchObject({ text: "via webhook", sender: { value: String(CUSTOMER.id) } });
  });

  it("answers 500 when the ingest fails, so Telegram delivers the update again", async () => {
    const { host, post } = await mounted();
    await eventually(() => adapter!.status().ok, 5000, "ready");
    host.state.failNext = 1;
    expect((await post({ update_id: 4, ...privateText("retry me") }, SECRET)).status).toBe(500);
    expect((await post({ update_id: 4, ...privateText("retry me") }, SECRET)).status).toBe(200);
    expect(host.ingested.map((m) => m.text)).toEqual(["retry me"]);
  });

  it("without webhook_secret refuses every call and reports not ready", async () => {
    const { post } = await mounted({ webhook_secret: undefined });
    expect((await post({ update_id: 5, ...privateText("x") }, "")).status).toBe(401);
    expect(adapter!.status()).toMatchObject({ ok: false, detail: expect.stringContaining("webhook_secret") });
  });
});

describe("telegram webhook registration failures", () => {
  it("reports a refused setWebhook with the reason and retries", async () => {
    api.failNext("setWebhook", { error_code: 400, description: "Bad Request: bad webhook: An HTTPS URL must be provided for webhook" }, 2);
    await mounted();
    await eventually(() => /Telegram refused setWebhook/.test(adapter!.status().detail), 5000, "refusal reported");
    expect(adapter!.status().ok).toBe(false);
    await eventually(() => adapter!.status().ok, 5000, "registered on a later attempt");
    expect(api.callsTo("setWebhook")).toHaveLength(3);
  });
});
