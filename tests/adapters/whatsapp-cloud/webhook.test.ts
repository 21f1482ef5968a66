import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readRawPayload } from "../../../src/adapters/raw-payload.js";
import { hubSignature } from "../../../src/adapters/whatsapp-cloud/signature.js";
import { manualClock } from "../../../src/core/clock.js";
import { captureLogs } from "../../helpers/log-capture.js";
import { postWebhook, webhook } from "../../fakes/graph-api.js";
import { APP_SECRET, PHONE_NUMBER_ID, startAdapterServer, VERIFY_TOKEN, type AdapterServer } from "./helpers.js";

const WA_ID = "4915112345678";

describe("WhatsApp Cloud webhook", () => {
  let t: AdapterServer;
  const clock = manualClock(new Date());
  const log = captureLogs();

  beforeAll(async () => {
    t = await startAdapterServer({ clock, logger: log.logger });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => {
    t.host.ingested.length = 0;
    t.host.updates.length = 0;
    t.host.ingestDelayMs = 0;
    t.host.failIngest = false;
  });

  describe("verification handshake", () => {
    it("echoes the challenge as text/plain when the verify token matches", async () => {
      const res = await fetch(`${t.webhookUrl}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await res.text()).toBe("1158201444");
    });

    it("answers 403 to a wrong token, a wrong mode or a missing challenge", async () => {
      for (const q of [
        `hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`,
        `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`,
        `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`,
        ``,
      ]) {
        const res = await fetch(`${t.webhookUrl}?${q}`);
        expect(res.status, q).toBe(403);
        expect(await res.text()).not.toContain("1");
      }
    });
  });

  describe("signature", () => {
    const body = () => webhook.message(PHONE_NUMBER_ID, WA_ID, { id: "wamid.SIG1", type: "text", text: { body: "hello" } });

    it("rejects a missing signature with 401 and ingests nothing", async () => {
      const res = await postWebhook(t.webhookUrl, body(), APP_SECRET, null);
      expect(res.status).toBe(401);
      expect(t.host.ingested).toEqual([]);
    });

    it("rejects a forged signature (other secret, tampered body, malformed header) with 401", async () => {
      const text = JSON.stringify(body());
      const forged = [
        hubSignature("not-the-secret", text),
        hubSignature(APP_SECRET, text.replace("hello", "hellO")),
        "sha256=zz",
        hubSignature(APP_SECRET, text).replace("sha256=", "sha1="),
      ];
      for (const signature of forged) {
        const res = await postWebhook(t.webhookUrl, text, APP_SECRET, signature);
        expect(res.status, signature).toBe(401);
      }
      expect(t.host.ingested).toEqual([]);
    });

    it("checks the signature over the exact bytes received (whitespace and key order kept)", async () => {
      const text = JSON.stringify(body(), null, 3).replace(/\n/g, "\r\n");
      const res = await postWebhook(t.webhookUrl, text, APP_SECRET);
      expect(res.status).toBe(200);
      expect(t.host.ingested).toHaveLength(1);
    });

    it("also verifies and parses a body sent without a JSON content type (read raw by the route)", async () => {
      const text = JSON.stringify(body());
      const res = await fetch(t.webhookUrl, {
        method: "POST",
        headers: { "content-type": "text/plain", "x-hub-signature-256": hubSignature(APP_SECRET, text) },
        body: text,
      });
      expect(res.status).toBe(200);
      expect(t.host.ingested.map((m) => m.text)).toEqual(["hello"]);
      const forged = await fetch(t.webhookUrl, {
        method: "POST",
        headers: { "content-type": "text/plain", "x-hub-signature-256": hubSignature("x", text) },
        body: text,
      });
      expect(forged.status).toBe(401);
    });
  });

  it("ingests a text message with phone identity, address and wamid, and answers 200 only after ingest resolved", async () => {
    t.host.ingestDelayMs = 150;
    const ts = Math.floor(clock.now().getTime() / 1000) - 5;
    const payload = webhook.message(
      PHONE_NUMBER_ID,
      WA_ID,
      { id: "wamid.HBgLTEXT", timestamp: String(ts), type: "text", text: { body: "Where is my order?" } },
      "Jana",
    );
    const res = await postWebhook(t.webhookUrl, payload, APP_SECRET);
    const answeredAt = Date.now();
    expect(res.status).toBe(200);
    expect(t.host.ingestDoneAt).not.toHaveLength(0);
    expect(answeredAt).toBeGreaterThanOrEqual(t.host.ingestDoneAt.at(-1)!);
    expect(t.host.ingested).toEqual([
      {
        channel: "whatsapp-cloud",
        externalId: "wamid.HBgLTEXT",
        sender: { kind: "phone", value: "+4915112345678", name: "Jana" },
        address: { phone: "+4915112345678" },
        text: "Where is my order?",
        attachments: [],
        receivedAt: new Date(ts * 1000),
      },
    ]);
    // The message opened the customer-service window.
    expect(t.adapter.replyWindow.isOpen("+4915112345678", clock.now())).toBe(true);
  });

  it("does not acknowledge (503) when the hub could not persist, so Meta redelivers", async () => {
    t.host.failIngest = true;
    const res = await postWebhook(t.webhookUrl, webhook.message(PHONE_NUMBER_ID, WA_ID, { id: "wamid.FAIL", type: "text", text: { body: "x" } }), APP_SECRET);
    expect(res.status).toBe(503);
  });

  it("turns status updates into delivery updates (sent needs none; failed carries the reason)", async () => {
    t.adapter.replyWindow.record("+16505551234", clock.now());
    for (const [id, status, extra] of [
      ["wamid.S1", "sent", {}],
      ["wamid.S1", "delivered", {}],
      ["wamid.S1", "read", {}],
      ["wamid.S2", "failed", { errors: [{ code: 131047, title: "Re-engagement message" }] }],
      ["wamid.S3", "failed", { errors: [{ code: 131026, title: "Message undeliverable" }] }],
    ] as const) {
      const res = await postWebhook(t.webhookUrl, webhook.status(PHONE_NUMBER_ID, id, status, extra), APP_SECRET);
      expect(res.status).toBe(200);
    }
    expect(t.host.updates).toEqual([
      { channel: "whatsapp-cloud", externalId: "wamid.S1", state: "delivered" },
      { channel: "whatsapp-cloud", externalId: "wamid.S1", state: "read" },
      { channel: "whatsapp-cloud", externalId: "wamid.S2", state: "failed", error: "131047: outside the 24-hour customer-service window" },
      { channel: "whatsapp-cloud", externalId: "wamid.S3", state: "failed", error: "131026: Message undeliverable" },
    ]);
    expect(t.host.ingested).toEqual([]);
    // WhatsApp refused a message as outside the window (131047): the adapter stops sending free text to that customer.
    expect(t.adapter.replyWindow.isOpen("+16505551234", clock.now())).toBe(false);
  });

  it("ingests interactive button and list replies and template quick-reply taps as their titles", async () => {
    const messages = [
      { id: "wamid.I1", type: "interactive", interactive: { type: "button_reply", button_reply: { id: "track", title: "Track my order" } } },
      { id: "wamid.I2", type: "interactive", interactive: { type: "list_reply", list_reply: { id: "size_m", title: "Size M", description: "Medium" } } },
      { id: "wamid.I3", type: "button", button: { text: "Call me back", payload: "callback" } },
    ];
    for (const m of messages) expect((await postWebhook(t.webhookUrl, webhook.message(PHONE_NUMBER_ID, WA_ID, m), APP_SECRET)).status).toBe(200);
    expect(t.host.ingested.map((m) => [m.externalId, m.text])).toEqual([
      ["wamid.I1", "Track my order"],
      ["wamid.I2", "Size M"],
      ["wamid.I3", "Call me back"],
    ]);
  });

  it("turns media and locations into attachment metadata with the media id as ref", async () => {
    const messages = [
      { id: "wamid.M1", type: "image", image: { id: "1479537139650973", mime_type: "image/jpeg", sha256: "abc", caption: "the torn seam" } },
      { id: "wamid.M2", type: "document", document: { id: "2222", mime_type: "application/pdf", filename: "invoice.pdf" } },
      { id: "wamid.M3", type: "audio", audio: { id: "3333", mime_type: "audio/ogg; codecs=opus", voice: true } },
      { id: "wamid.M4", type: "video", video: { id: "4444", mime_type: "video/mp4" } },
      { id: "wamid.M5", type: "location", location: { latitude: 52.52, longitude: 13.405, name: "Store", address: "Alexanderplatz 1" } },
    ];
    for (const m of messages) expect((await postWebhook(t.webhookUrl, webhook.message(PHONE_NUMBER_ID, WA_ID, m), APP_SECRET)).status).toBe(200);
    expect(t.host.ingested.map((m) => ({ text: m.text, attachments: m.attachments }))).toEqual([
      { text: "the torn seam", attachments: [{ kind: "image", ref: "1479537139650973", mimeType: "image/jpeg" }] },
      { text: "", attachments: [{ kind: "file", ref: "2222", mimeType: "application/pdf", name: "invoice.pdf" }] },
      { text: "", attachments: [{ kind: "audio", ref: "3333", mimeType: "audio/ogg; codecs=opus" }] },
      { text: "", attachments: [{ kind: "video", ref: "4444", mimeType: "video/mp4" }] },
      { text: "Store, Alexanderplatz 1", attachments: [{ kind: "location", ref: "geo:52.52,13.405", name: "Store, Alexanderplatz 1" }] },
    ]);
  });

  it("acknowledges unknown message types with 200 as visible placeholders with the raw message kept; skips only items without a sender", async () => {
    log.clear();
    const payload = webhook.envelope(PHONE_NUMBER_ID, {
      contacts: [{ profile: { name: "A" }, wa_id: WA_ID }],
      messages: [
        { from: WA_ID, id: "wamid.U1", timestamp: "1", type: "reaction", reaction: { message_id: "wamid.X", emoji: "👍" } },
        { from: WA_ID, id: "wamid.U2", timestamp: "1", type: "unsupported", errors: [{ code: 131051 }] },
        { from: WA_ID, id: "wamid.U3", type: "text" },
        { nonsense: true },
        { from: WA_ID, id: "wamid.U4", timestamp: "1", type: "text", text: { body: "still here" } },
      ],
    });
    const res = await postWebhook(t.webhookUrl, payload, APP_SECRET);
    expect(res.status).toBe(200);
    expect(t.host.ingested.map((m) => [m.externalId, m.text])).toEqual([
      ["wamid.U1", "[unsupported WhatsApp content: reaction]"],
      ["wamid.U2", "[unsupported WhatsApp content: unsupported]"],
      ["wamid.U3", "[unsupported WhatsApp content: text without a body]"],
      ["wamid.U4", "still here"],
    ]);
    expect(readRawPayload(t.host.ingested[0]!.attachments[0]!)).toEqual({
      from: WA_ID,
      id: "wamid.U1",
      timestamp: "1",
      type: "reaction",
      reaction: { message_id: "wamid.X", emoji: "👍" },
    });
    const skipped = log.records().filter((l) => l.msg === "whatsapp-cloud: webhook item skipped");
    expect(skipped.map((l) => l.id)).toEqual([null]);
  });

  it("ignores changes for another phone number id (several numbers on one app)", async () => {
    const res = await postWebhook(t.webhookUrl, webhook.message("999999999", WA_ID, { id: "wamid.OTHER", type: "text", text: { body: "x" } }), APP_SECRET);
    expect(res.status).toBe(200);
    expect(t.host.ingested).toEqual([]);
  });

  it("answers 400 to malformed JSON and to a signed body that is not a webhook payload", async () => {
    const broken = '{"object": "whatsapp_business_account", "entry": [';
    const a = await postWebhook(t.webhookUrl, broken, APP_SECRET);
    expect(a.status).toBe(400);
    const b = await postWebhook(t.webhookUrl, { hello: "world" }, APP_SECRET);
    expect(b.status).toBe(400);
    expect(t.host.ingested).toEqual([]);
  });
});
