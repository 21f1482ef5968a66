import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramChannelAdapter, type TelegramChannelAdapter } from "../../src/adapters/telegram/index.js";
import { updateProblem } from "../../src/adapters/telegram/update-schema.js";
import { createHttpApp } from "../../src/app/http.js";
import { manualClock } from "../../src/core/clock.js";
import { silentLogger } from "../../src/core/logger.js";
import { startSlackStandIn, type SlackStandIn } from "../fakes/slack-api.js";
import { postWebhook } from "../fakes/graph-api.js";
import { mountedBot, sign, type Mounted } from "../bots/slack/helpers.js";
import { configFor, deps, eventually, fakeHost } from "../adapters/telegram/helpers.js";
import { startTelegramStandIn, type TelegramStandIn } from "../fakes/telegram-bot-api.js";
import { newSession, postMessage, startWebServer, type TestServer } from "../adapters/web/fakes.js";
import { APP_SECRET, startAdapterServer, type AdapterServer } from "../adapters/whatsapp-cloud/helpers.js";
import { anyJson, telegramUpdate } from "./arbitraries.js";

/** HTTP round trips are slower than pure calls: fewer runs, still every shape the arbitraries reach. */
const RUNS = { numRuns: 60 };
const isClientError = (status: number) => status >= 400 && status < 500;

describe("property: signed webhooks answer 2xx or 4xx, never 5xx, and write only what decodes", () => {
  it("telegram webhook: any JSON body with the right secret", async () => {
    const SECRET = "whsec_0123456789abcdef";
    const api: TelegramStandIn = await startTelegramStandIn();
    const dataDir = mkdtempSync(join(tmpdir(), "tl-prop-tg-"));
    const host = fakeHost();
    const adapter: TelegramChannelAdapter = createTelegramChannelAdapter(configFor(api, { mode: "webhook", webhook_secret: SECRET }), {
      ...deps("https://support.example.com"),
      dataDir,
    });
    const http = createHttpApp({ bodyLimitBytes: 64 * 1024, logger: silentLogger(), ready: () => ({ ok: true, checks: {} }) });
    const server: Server = createServer(http.app);
    adapter.mount(http.app, server);
    http.finish();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      await adapter.start(host);
      await eventually(() => adapter.status().ok, 5000, "webhook registered");
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/telegram/webhook`;
      await fc.assert(
        fc.asyncProperty(telegramUpdate, async (update) => {
          const before = host.ingested.length;
          const res = await fetch(url, {
            method: "POST",
            headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
            body: JSON.stringify(update),
          });
          expect(res.status === 200 || isClientError(res.status), `status ${res.status}`).toBe(true);
          if (updateProblem(update) !== null) expect(host.ingested.length).toBe(before);
          for (const m of host.ingested.slice(before)) expect(m.address).toEqual({ chatId: expect.stringMatching(/^-?\d{1,20}$/) });
        }),
        RUNS,
      );
    } finally {
      await adapter.stop();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe("slack events and interactions", () => {
    let api: SlackStandIn;
    let m: Mounted;
    beforeAll(async () => {
      api = await startSlackStandIn();
      m = await mountedBot(api);
    });
    afterAll(async () => {
      await m.close();
      await api.close();
    });

    it("any signed JSON or form body", async () => {
      const slackish = fc.oneof(
        anyJson,
        fc.record({
          type: fc.constantFrom("event_callback", "block_actions", "view_submission", "shortcut", "url_verification"),
          event: anyJson,
          user: anyJson,
          actions: anyJson,
          view: anyJson,
        }),
      );
      await fc.assert(
        fc.asyncProperty(slackish, fc.boolean(), async (payload, asForm) => {
          const body = asForm ? new URLSearchParams({ payload: JSON.stringify(payload) }).toString() : JSON.stringify(payload);
          const res = await m.postRaw(body, asForm ? "application/x-www-form-urlencoded" : "application/json", sign(body));
          expect(res.status === 200 || isClientError(res.status), `status ${res.status}`).toBe(true);
          await res.arrayBuffer();
        }),
        RUNS,
      );
    });
  });

  describe("web chat messages", () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startWebServer({
        clock: manualClock(new Date("2026-12-01T10:00:00Z")),
        config: { token_secret: "test-secret-0123456789abcdef", limits: { messages_per_ip: { max: 100_000, window: "1m" } } },
      });
    });
    afterAll(async () => {
      await t.stop();
    });

    it("any JSON body from a visitor is stored (202) or refused with a 4xx", async () => {
      const s = await newSession(t.url);
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyJson, fc.record({ text: anyJson, clientMessageId: anyJson })), async (body) => {
          const before = t.host.stored.length;
          // A fresh visitor per run: the per-visitor rate limit is not what is under test.
          const res = await postMessage(t.url, (await newSession(t.url).catch(() => s)).token, body);
          expect(res.status === 202 || isClientError(res.status), `status ${res.status}`).toBe(true);
          if (res.status !== 202) expect(t.host.stored.length).toBe(before);
          await res.arrayBuffer();
        }),
        { numRuns: 15 },
      );
    });
  });

  describe("whatsapp cloud webhook", () => {
    let t: AdapterServer;
    beforeAll(async () => {
      t = await startAdapterServer({ clock: manualClock(new Date("2026-12-01T10:00:00Z")) });
    });
    afterAll(async () => {
      await t.stop();
    });

    it("any signed JSON body", async () => {
      const cloudish = fc.oneof(
        anyJson,
        fc.record({
          object: fc.constant("whatsapp_business_account"),
          entry: fc.array(fc.record({ id: fc.string(), changes: fc.array(fc.record({ field: fc.constant("messages"), value: anyJson })) })),
        }),
      );
      await fc.assert(
        fc.asyncProperty(cloudish, async (body) => {
          const res = await postWebhook(t.webhookUrl, body, APP_SECRET);
          expect(res.status === 200 || isClientError(res.status), `status ${res.status}`).toBe(true);
          await res.arrayBuffer();
        }),
        RUNS,
      );
    });
  });
});
