import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs, flushLogs } from "../../helpers/log-capture.js";
import { ADMIN_TOKEN, configWithWhatsapp, eventually, startWhatsappHub, type WhatsappHub } from "./helpers.js";

// Shaped like a real WhatsApp Web login code (ref, public keys, client id).
const QR = "2@Qh1F7s0mXyZ0kLrT9p8bVnD3aQ==,vS1lB9oJgM3yF0+Uq3xZ0n1a2b3c4d5e6f7g8h9i0jk=,Ww7mJx3nX2pL0qR5sT8uV1yZ4aB6cD9eF2gH5iJ8kL0=,AbCdEfGhIjKlMnOp";
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

interface QrBody {
  state: string;
  detail: string;
  qr_data_url: string | null;
  updated_at: string;
}

describe("WhatsApp login by QR code", () => {
  let t: WhatsappHub;
  const logs = captureLogs("debug");

  beforeAll(async () => {
    t = await startWhatsappHub({ logger: logs.logger });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("starts WhatsApp Web with the session under the data directory and reports not ready before a scan", async () => {
    const client = t.client();
    expect(client.initializeCalls).toBe(1);
    expect(client.options).toMatchObject({ sessionDir: `${t.dataDir}/whatsapp-session`, executablePath: "/usr/bin/chromium", headless: true });
    const ready = (await (await fetch(`${t.url}/readyz`)).json()) as { checks: Record<string, { ok: boolean; detail: string }> };
    expect(ready.checks["channel:whatsapp"]).toMatchObject({ ok: false, detail: expect.stringContaining("starting") });
  });

  it("refuses the QR endpoints without the admin token, and never lets them be cached", async () => {
    for (const path of ["/api/whatsapp/qr", "/api/whatsapp/qr.png"]) {
      const none = await fetch(`${t.url}${path}`);
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(none.headers.get("cache-control")).toContain("no-store");
      const wrong = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}x` } });
      expect(wrong.status).toBe(401);
    }
  });

  it("turns a qr event into a data URL and a PNG for the admin, and a compact QR in the terminal", async () => {
    t.client().showQr(QR);
    const res = await fetch(`${t.url}/api/whatsapp/qr`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("pragma")).toBe("no-cache");
    const body = (await res.json()) as QrBody;
    expect(body.state).toBe("qr");
    expect(body.detail).toContain("Linked devices");
    expect(body.qr_data_url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);

    const png = await fetch(`${t.url}/api/whatsapp/qr.png`, { headers: auth });
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("cache-control")).toContain("no-store");
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The data URL is the same image.
    expect(body.qr_data_url).toBe(`data:image/png;base64,${bytes.toString("base64")}`);

    await eventually(() => expect(t.terminal.join("")).toMatch(/Linked devices[\s\S]*[▀▄█]/));
    const ready = (await (await fetch(`${t.url}/readyz`)).json()) as { checks: Record<string, { ok: boolean; detail: string }> };
    expect(ready.checks["channel:whatsapp"]).toMatchObject({ ok: false, detail: expect.stringContaining("QR code") });
  });

  it("a rotated code replaces the old one", async () => {
    const first = ((await (await fetch(`${t.url}/api/whatsapp/qr`, { headers: auth })).json()) as QrBody).qr_data_url;
    t.client().showQr(`${QR}-rotated`);
    const second = ((await (await fetch(`${t.url}/api/whatsapp/qr`, { headers: auth })).json()) as QrBody).qr_data_url;
    expect(second).toMatch(/^data:image\/png;base64,/);
    expect(second).not.toBe(first);
  });

  it("moves to ready after the scan: no QR code any more, the channel is ready", async () => {
    t.client().becomeReady();
    const body = (await (await fetch(`${t.url}/api/whatsapp/qr`, { headers: auth })).json()) as QrBody;
    expect(body).toMatchObject({ state: "ready", qr_data_url: null });
    const png = await fetch(`${t.url}/api/whatsapp/qr.png`, { headers: auth });
    expect(png.status).toBe(404);
    expect(((await png.json()) as { error: { code: string } }).error.code).toBe("no_qr");
    const ready = (await (await fetch(`${t.url}/readyz`)).json()) as { checks: Record<string, { ok: boolean; detail: string }> };
    expect(ready.checks["channel:whatsapp"]).toEqual({ ok: true, detail: "connected" });
  });

  it("never writes the login code or the admin token to the log", async () => {
    await flushLogs();
    const text = logs.text();
    expect(text).toContain("scan the QR code");
    expect(text).not.toContain(QR.slice(0, 20));
    expect(text).not.toContain(ADMIN_TOKEN);
  });
});

describe("WhatsApp QR endpoint without an admin token", () => {
  let t: WhatsappHub;
  beforeAll(async () => {
    t = await startWhatsappHub({ configYaml: configWithWhatsapp(), env: {} });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("answers 404 with a message saying how to switch it on, even with some bearer token", async () => {
    t.client().showQr(QR);
    for (const headers of [{}, { authorization: "Bearer anything-at-all-1234567" }] as Record<string, string>[]) {
      const res = await fetch(`${t.url}/api/whatsapp/qr`, { headers });
      expect(res.status).toBe(404);
      expect(res.headers.get("cache-control")).toContain("no-store");
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("qr_endpoint_disabled");
      expect(body.error.message).toContain("WHATSAPP_ADMIN_TOKEN");
    }
    // The terminal still gets the code.
    await eventually(() => expect(t.terminal.join("")).toContain("Linked devices"));
  });
});
