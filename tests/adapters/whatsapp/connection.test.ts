import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { whatsappConfigSchema } from "../../../src/adapters/whatsapp/config.js";
import { createWhatsappAdapter, type WhatsappChannelAdapter } from "../../../src/adapters/whatsapp/index.js";
import type { ChannelHost } from "../../../src/core/channel/adapter.js";
import { systemClock } from "../../../src/core/clock.js";
import { captureLogs, flushLogs } from "../../helpers/log-capture.js";
import { fakeClientFactory } from "../../fakes/whatsapp-web-client.js";
import { eventually } from "./helpers.js";

const host: ChannelHost = {
  ingest: async (messages) => messages.map(() => ({ messageId: "m", conversationId: "c", contactId: "k", duplicate: false, newConversation: false })),
  deliveryUpdate: async () => undefined,
};

function setup(config: Record<string, unknown> = {}) {
  const clients = fakeClientFactory();
  const logs = captureLogs("debug");
  const adapter = createWhatsappAdapter(
    whatsappConfigSchema.parse({ reconnect_delay: "20ms", reconnect_max_delay: "80ms", ...config }),
    { logger: logs.logger, clock: systemClock, dataDir: mkdtempSync(join(tmpdir(), "tl-wa-conn-")), publicUrl: "http://localhost", history: async () => [] },
    { clientFactory: clients.factory },
  );
  return { adapter, clients, logs };
}

let running: WhatsappChannelAdapter | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

describe("whatsapp connection lifecycle", () => {
  it("reconnects after a dropped connection with exponential backoff, capped, and starts over after ready", async () => {
    const { adapter, clients, logs } = setup();
    running = adapter;
    await adapter.start(host);
    const client = clients.last();
    client.becomeReady();
    expect(adapter.status()).toEqual({ ok: true, detail: "connected" });

    // Two more attempts fail (WhatsApp Web unreachable) before one succeeds.
    client.failInitialize.push(
      new Error("net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/"),
      new Error("net::ERR_NAME_NOT_RESOLVED"),
      new Error("net::ERR_NAME_NOT_RESOLVED"),
    );
    client.disconnect("CONFLICT");
    expect(adapter.sessionState()).toMatchObject({ phase: "reconnecting", retryInMs: 20, failures: 1 });
    expect(adapter.status()).toMatchObject({ ok: false, detail: expect.stringContaining("disconnected (CONFLICT); reconnecting in 20 ms") });

    // Delay per consecutive failure: doubling from 20 ms, capped at 80 ms (not 160 for the 4th).
    await eventually(() => expect(client.initializeCalls).toBe(5));
    await flushLogs();
    const scheduled = logs
      .records()
      .filter((r) => String(r.msg).endsWith("; reconnecting"))
      .map((r) => [r.attempt, r.retryInMs]);
    expect(scheduled).toEqual([
      [1, 20],
      [2, 40],
      [3, 80],
      [4, 80],
    ]);
    expect(adapter.sessionState().failures).toBe(4);
    // Each failed start closed its browser at once, and each attempt began from a closed one.
    expect(client.destroyCalls).toBe(7);
    expect(adapter.sessionState().detail).toContain("ERR_NAME_NOT_RESOLVED");

    client.becomeReady();
    expect(adapter.sessionState()).toMatchObject({ phase: "ready", failures: 0, retryInMs: null });
    client.disconnect("TIMEOUT");
    expect(adapter.sessionState()).toMatchObject({ phase: "reconnecting", retryInMs: 20, failures: 1 });
  });

  it("on auth_failure reports that a new QR scan is needed and does not retry", async () => {
    const { adapter, clients, logs } = setup({ admin_token: "0123456789abcdef0123" });
    running = adapter;
    await adapter.start(host);
    const client = clients.last();
    client.failAuth("Unable to restore session");
    const status = adapter.status();
    expect(status.ok).toBe(false);
    expect(status.detail).toContain("scan QR again");
    expect(status.detail).toContain("GET /api/whatsapp/qr");
    expect(adapter.sessionState().phase).toBe("auth_failure");
    await new Promise((r) => setTimeout(r, 100));
    expect(client.initializeCalls).toBe(1);
    // A fresh QR code from the library moves it on; after the scan it is ready again.
    client.showQr("2@new-code");
    expect(adapter.sessionState().phase).toBe("qr");
    client.becomeReady();
    expect(adapter.status().ok).toBe(true);
    await flushLogs();
    expect(logs.records().some((r) => r.level === "error" && String(r.msg).includes("scan QR again"))).toBe(true);
  });

  it("on LOGOUT (or the phone unlinking the device) stops and asks for a scan instead of looping", async () => {
    for (const reason of ["LOGOUT", "UNPAIRED"]) {
      const { adapter, clients } = setup();
      await adapter.start(host);
      const client = clients.last();
      client.becomeReady();
      client.disconnect(reason);
      expect(adapter.sessionState().phase).toBe("logged_out");
      expect(adapter.status()).toMatchObject({ ok: false, detail: expect.stringContaining(`logged this device out (${reason}); scan QR again`) });
      expect(adapter.status().detail).toContain("terminal");
      await new Promise((r) => setTimeout(r, 100));
      expect(client.initializeCalls).toBe(1);
      await adapter.stop();
    }
  });

  it("does not reconnect when WhatsApp blocks the number", async () => {
    const { adapter, clients } = setup();
    running = adapter;
    await adapter.start(host);
    clients.last().disconnect("TOS_BLOCK");
    expect(adapter.sessionState().phase).toBe("blocked");
    await new Promise((r) => setTimeout(r, 100));
    expect(clients.last().initializeCalls).toBe(1);
  });

  it("a client that cannot be built (no browser, package missing) is reported, and the hub still starts", async () => {
    const logs = captureLogs("debug");
    const adapter = createWhatsappAdapter(
      whatsappConfigSchema.parse({}),
      { logger: logs.logger, clock: systemClock, dataDir: mkdtempSync(join(tmpdir(), "tl-wa-conn-")), publicUrl: "http://localhost", history: async () => [] },
      {
        clientFactory: async () => {
          throw new Error("Cannot find module 'whatsapp-web.js'");
        },
      },
    );
    await expect(adapter.start(host)).resolves.toBeUndefined();
    expect(adapter.status()).toEqual({ ok: false, detail: "cannot create the WhatsApp Web client: Cannot find module 'whatsapp-web.js'" });
    await adapter.stop();
  });

  it("stop closes the browser and cancels a scheduled reconnect", async () => {
    const { adapter, clients } = setup({ reconnect_delay: "50ms" });
    await adapter.start(host);
    const client = clients.last();
    client.disconnect("CONFLICT");
    await adapter.stop();
    const destroyed = client.destroyCalls;
    expect(destroyed).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 120));
    expect(client.initializeCalls).toBe(1);
    expect(adapter.status()).toEqual({ ok: false, detail: "stopped" });
  });
});

describe("whatsapp inbound when the store fails", () => {
  it("retries storing a message (WhatsApp Web will not redeliver it), and logs it as lost only after the last attempt", async () => {
    const clients = fakeClientFactory();
    const logs = captureLogs("debug");
    let failures = 2;
    const stored: string[] = [];
    const adapter = createWhatsappAdapter(
      whatsappConfigSchema.parse({}),
      { logger: logs.logger, clock: systemClock, dataDir: mkdtempSync(join(tmpdir(), "tl-wa-conn-")), publicUrl: "http://localhost", history: async () => [] },
      { clientFactory: clients.factory, ingestRetryDelaysMs: [5, 5] },
    );
    await adapter.start({
      async ingest(messages) {
        if (failures-- > 0) throw new Error("database is locked");
        stored.push(...messages.map((m) => m.externalId));
        return messages.map(() => ({ messageId: "m", conversationId: "c", contactId: "k", duplicate: false, newConversation: false }));
      },
      deliveryUpdate: async () => undefined,
    });
    const client = clients.last();
    client.becomeReady();
    const kept = client.receive({ from: "4915100000021@c.us", body: "third time lucky" });
    await eventually(() => expect(stored).toEqual([kept.id._serialized]));

    failures = 3;
    const lost = client.receive({ from: "4915100000022@c.us", body: "unlucky" });
    await eventually(async () => {
      await flushLogs();
      expect(logs.records().some((r) => r.level === "error" && r.id === `false_[chat]_${lost.id.id}` && String(r.msg).includes("lost"))).toBe(true);
    });
    expect(stored).toEqual([kept.id._serialized]);
    await adapter.stop();
  });
});

describe("whatsapp shutdown", () => {
  it("does not wait out an ingest retry backoff", async () => {
    const clients = fakeClientFactory();
    const adapter = createWhatsappAdapter(
      whatsappConfigSchema.parse({}),
      {
        logger: captureLogs().logger,
        clock: systemClock,
        dataDir: mkdtempSync(join(tmpdir(), "tl-wa-conn-")),
        publicUrl: "http://localhost",
        history: async () => [],
      },
      { clientFactory: clients.factory, ingestRetryDelaysMs: [10_000] },
    );
    let attempts = 0;
    await adapter.start({
      async ingest() {
        attempts++;
        throw new Error("the hub is shutting down");
      },
      deliveryUpdate: async () => undefined,
    });
    clients.last().becomeReady();
    clients.last().receive({ from: "4915100000031@c.us", body: "late" });
    await eventually(() => expect(attempts).toBe(1));
    const began = Date.now();
    await adapter.stop();
    expect(Date.now() - began).toBeLessThan(2000);
    expect(attempts).toBe(1);
  });
});
