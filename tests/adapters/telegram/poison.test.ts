import express from "express";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramChannelAdapter, type TelegramChannelAdapter } from "../../../src/adapters/telegram/index.js";
import { startTelegramStandIn, type TelegramStandIn } from "../../fakes/telegram-bot-api.js";
import { configFor, CUSTOMER, deps, eventually, fakeHost, OTHER, privateText } from "./helpers.js";

const SECRET = "whsec_0123456789abcdef";
let api: TelegramStandIn;
let adapter: TelegramChannelAdapter | null = null;
let server: Server | null = null;
let dataDir = "";

beforeEach(async () => {
  api = await startTelegramStandIn();
  dataDir = await mkdtemp(join(tmpdir(), "tl-poison-"));
});
afterEach(async () => {
  await adapter?.stop();
  adapter = null;
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
  await api.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A host whose store refuses one customer's messages for good (a poison update) and stores everyone else's. */
function poisonHost(poisonText: string) {
  const host = fakeHost();
  const ingest = host.ingest.bind(host);
  let poisonCalls = 0;
  host.ingest = async (messages) => {
    if (messages.some((m) => m.text === poisonText)) {
      poisonCalls++;
      throw new Error("cannot store this update");
    }
    return ingest(messages);
  };
  return { host, poisonCalls: () => poisonCalls };
}

const options = { pollTimeoutSeconds: 1, initialBackoffMs: 10, maxBackoffMs: 40, maxIngestAttempts: 3, limiter: { perChatMs: 0, perGroupMs: 0, globalMs: 0 } };

describe("telegram: poison updates", () => {
  it("dead-letters an update that keeps failing after a bounded number of tries, and later customers are still ingested", async () => {
    const { host, poisonCalls } = poisonHost("poison");
    adapter = createTelegramChannelAdapter(configFor(api), { ...deps(), dataDir }, options);
    await adapter.start(host);
    const bad = api.queueUpdate(privateText("poison"));
    api.queueUpdate(privateText("I am another customer", { ...OTHER, last_name: "Other", username: "bob" }));
    await host.waitFor(1);
    expect(host.ingested.map((m) => m.text)).toEqual(["I am another customer"]);
    expect(poisonCalls()).toBe(3);
    await eventually(() => api.confirmedOffset() > bad + 1, 5000, "offset past both updates");
    const lines = (await readFile(join(dataDir, "dead-letter", "telegram.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ channel: "telegram", key: `update:${bad}`, attempts: 3, reason: "Error: cannot store this update" });
    expect((lines[0]!.payload as { message: { text: string } }).message.text).toBe("poison");
  });

  it("never confirms a failing update it could not dead-letter (the record must be stored first)", async () => {
    const { host, poisonCalls } = poisonHost("poison");
    // The data dir is a regular file: the dead-letter record cannot be written.
    const blocked = join(dataDir, "not-a-dir");
    await writeFile(blocked, "");
    adapter = createTelegramChannelAdapter(configFor(api), { ...deps(), dataDir: blocked }, options);
    await adapter.start(host);
    const bad = api.queueUpdate(privateText("poison"));
    await eventually(() => poisonCalls() >= 5, 5000, "several failed tries");
    expect(api.confirmedOffset()).toBeLessThanOrEqual(bad);
  });

  it("refuses a message whose chat id is null or missing (never stored with an unanswerable address)", async () => {
    const host = fakeHost();
    adapter = createTelegramChannelAdapter(configFor(api), { ...deps(), dataDir }, options);
    await adapter.start(host);
    const broken = privateText("null chat") as { message: Record<string, unknown> };
    broken.message.chat = { id: null, type: "private" };
    api.queueUpdate(broken);
    const missing = privateText("no chat id") as { message: Record<string, unknown> };
    missing.message.chat = { type: "private" };
    api.queueUpdate(missing);
    const last = api.queueUpdate(privateText("fine"));
    await eventually(() => api.confirmedOffset() > last, 5000, "all handled");
    expect(host.ingested.map((m) => m.text)).toEqual(["fine"]);
    expect(host.ingested[0]!.address).toEqual({ chatId: String(CUSTOMER.id) });
  });
});

describe("telegram webhook: signed but malformed bodies", () => {
  it("answers 4xx (never 5xx) and ingests nothing", async () => {
    const host = fakeHost();
    adapter = createTelegramChannelAdapter(
      configFor(api, { mode: "webhook", webhook_secret: SECRET }),
      { ...deps("https://support.example.com"), dataDir },
      options,
    );
    const app = express();
    app.use(express.json({ strict: false }));
    server = createServer(app);
    adapter.mount(app, server);
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    await adapter.start(host);
    await eventually(() => adapter!.status().ok, 5000, "webhook registered");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/telegram/webhook`;
    const withNullChat = { update_id: 5, ...privateText("x") } as unknown as { message: Record<string, unknown> };
    withNullChat.message.chat = { id: null, type: "private" };
    const bodies: unknown[] = [
      null,
      [],
      "text",
      42,
      {},
      { update_id: "1" },
      { update_id: 1.5 },
      withNullChat,
      { update_id: 6, message: { message_id: 1, date: 1, chat: { id: 1, type: "private" }, from: { id: "x", is_bot: false } } },
      { update_id: 7, callback_query: { id: 5, from: { id: 1, is_bot: false } } },
    ];
    for (const body of bodies) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
        body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
    }
    expect(host.state.calls).toBe(0);
  });
});
