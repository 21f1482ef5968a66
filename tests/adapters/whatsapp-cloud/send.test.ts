import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createWhatsappCloudAdapter, OUTSIDE_WINDOW_MESSAGE, type WhatsappCloudAdapter } from "../../../src/adapters/whatsapp-cloud/adapter.js";
import { whatsappCloudConfigSchema } from "../../../src/adapters/whatsapp-cloud/config.js";
import { graphError } from "../../../src/adapters/whatsapp-cloud/graph-client.js";
import { SendError, type OutboundMessage } from "../../../src/core/channel/adapter.js";
import { manualClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import { startGraphApi, type GraphApiStandIn } from "../../fakes/graph-api.js";
import { ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID, recordingHost, VERIFY_TOKEN } from "./helpers.js";

const PHONE = "+4915112345678";
const HOUR = 3_600_000;

function outbound(text: string, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  return { messageId: "msg_1", conversationId: "cv_1", text, attachments: [], authorKind: "agent", createdAt: new Date(), ...extra };
}

async function expectSendError(p: Promise<unknown>, kind: SendError["kind"], retryAfterMs?: number): Promise<SendError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SendError);
  expect((err as SendError).kind).toBe(kind);
  if (retryAfterMs !== undefined) expect((err as SendError).retryAfterMs).toBe(retryAfterMs);
  return err as SendError;
}

describe("WhatsApp Cloud sending", () => {
  let graph: GraphApiStandIn;
  const clock = manualClock(new Date("2025-06-02T09:00:00Z"));

  function adapterWith(config: Record<string, unknown> = {}): WhatsappCloudAdapter {
    const parsed = whatsappCloudConfigSchema.parse({
      access_token: ACCESS_TOKEN,
      app_secret: APP_SECRET,
      verify_token: VERIFY_TOKEN,
      phone_number_id: PHONE_NUMBER_ID,
      api_base: graph.url,
      ...config,
    });
    return createWhatsappCloudAdapter(parsed, {
      logger: silentLogger(),
      clock,
      dataDir: "/nonexistent",
      publicUrl: "http://localhost",
      history: async () => [],
    });
  }
  /** An adapter whose customer wrote `hoursAgo` hours ago. */
  async function adapterInWindow(hoursAgo = 1, config: Record<string, unknown> = {}): Promise<WhatsappCloudAdapter> {
    const a = adapterWith(config);
    await a.start(recordingHost());
    a.replyWindow.record(PHONE, new Date(clock.now().getTime() - hoursAgo * HOUR));
    return a;
  }

  beforeAll(async () => {
    graph = await startGraphApi({ accessToken: ACCESS_TOKEN });
  });
  afterAll(async () => {
    await graph.close();
  });
  beforeEach(() => {
    graph.requests.length = 0;
    graph.failNext.length = 0;
  });

  it("declares its capabilities, including the 24-hour reply window", () => {
    expect(adapterWith().capabilities).toEqual({ maxTextLength: 4096, buttons: true, attachments: false, typing: false, replyWindowHours: 24 });
  });

  it("sends text to the Graph API with the bearer token and returns the wamid", async () => {
    const a = await adapterInWindow();
    const result = await a.send({ phone: PHONE }, outbound("Your parcel left our warehouse today."));
    expect(result.externalId).toMatch(/^wamid\./);
    expect(graph.requests).toEqual([
      {
        method: "POST",
        path: `/v21.0/${PHONE_NUMBER_ID}/messages`,
        authorization: `Bearer ${ACCESS_TOKEN}`,
        contentType: "application/json",
        body: { messaging_product: "whatsapp", to: "4915112345678", type: "text", text: { body: "Your parcel left our warehouse today." } },
      },
    ]);
  });

  it("sends up to three buttons as interactive reply buttons (titles cut to 20 characters)", async () => {
    const a = await adapterInWindow();
    await a.send(
      { phone: PHONE },
      outbound("Did that answer your question?", {
        buttons: [
          { id: "yes", label: "Yes, thanks" },
          { id: "no", label: "No, I still need help with this" },
        ],
      }),
    );
    expect(graph.requests[0]!.body).toEqual({
      messaging_product: "whatsapp",
      to: "4915112345678",
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "Did that answer your question?" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "yes", title: "Yes, thanks" } },
            { type: "reply", reply: { id: "no", title: "No, I still need he…" } },
          ],
        },
      },
    });
  });

  it("lists more than three options in the text instead of dropping any", async () => {
    const a = await adapterInWindow();
    await a.send({ phone: PHONE }, outbound("Pick a size:", { buttons: ["S", "M", "L", "XL"].map((s) => ({ id: s, label: s })) }));
    expect(graph.requests[0]!.body).toEqual({
      messaging_product: "whatsapp",
      to: "4915112345678",
      type: "text",
      text: { body: "Pick a size:\n\n1. S\n2. M\n3. L\n4. XL" },
    });
  });

  it("refuses an address that is not an E.164 phone as invalid_recipient without calling the API", async () => {
    const a = await adapterInWindow();
    for (const address of [{}, { phone: "4915112345678" }, { visitorId: "vis_1" }, { phone: "+12" }]) {
      await expectSendError(a.send(address, outbound("hi")), "invalid_recipient");
    }
    expect(graph.requests).toEqual([]);
  });

  describe("error mapping", () => {
    const cases: [string, { status: number; code?: number; headers?: Record<string, string>; destroy?: boolean }, SendError["kind"], number?][] = [
      ["401 invalid token", { status: 401, code: 190 }, "auth"],
      ["400 with code 190 (expired token)", { status: 400, code: 190 }, "auth"],
      ["429 with Retry-After", { status: 429, code: 130429, headers: { "retry-after": "7" } }, "rate_limited", 7000],
      ["400 code 130429 (throughput)", { status: 400, code: 130429 }, "rate_limited"],
      ["400 code 131056 (pair rate limit)", { status: 400, code: 131056 }, "rate_limited"],
      ["400 code 131026 (undeliverable)", { status: 400, code: 131026 }, "invalid_recipient"],
      ["400 code 131030 (not in allowed list)", { status: 400, code: 131030 }, "invalid_recipient"],
      ["500", { status: 500, code: 1 }, "transient"],
      ["503 code 131016", { status: 503, code: 131016 }, "transient"],
      ["dropped connection", { status: 0, destroy: true }, "transient"],
      ["400 code 100 (invalid parameter)", { status: 400, code: 100 }, "unsupported"],
    ];
    for (const [name, failure, kind, retryAfterMs] of cases) {
      it(`${name} → ${kind}`, async () => {
        const a = await adapterInWindow();
        graph.failNext.push(failure);
        await expectSendError(a.send({ phone: PHONE }, outbound("hi")), kind, retryAfterMs);
      });
    }

    it("maps the real token being rejected by the stand-in to auth", async () => {
      const a = await adapterInWindow(1, { access_token: "revoked" });
      await expectSendError(a.send({ phone: PHONE }, outbound("hi")), "auth");
    });

    it("maps an unreachable API to transient", async () => {
      const a = await adapterInWindow(1, { api_base: "http://127.0.0.1:1" });
      await expectSendError(a.send({ phone: PHONE }, outbound("hi")), "transient");
    });

    it("keeps the Graph error code and message", () => {
      const e = graphError(400, { error: { message: "(#131047) Re-engagement message", code: 131047 } });
      expect(e).toMatchObject({ kind: "unsupported", code: 131047 });
      expect(e.message).toContain("131047");
    });
  });

  describe("24-hour customer-service window", () => {
    const template = { name: "support_follow_up", language: "en_US" };

    it("sends free text inside the window (23 h 59 m after the customer's last message)", async () => {
      const a = await adapterInWindow(23.98);
      await a.send({ phone: PHONE }, outbound("hello again"));
      expect(graph.requests.map((r) => r.body.type)).toEqual(["text"]);
    });

    it("outside the window sends the configured template instead of the text, and returns its id", async () => {
      const a = await adapterInWindow(1, { window_template: template });
      clock.advance(24 * HOUR);
      try {
        const result = await a.send({ phone: PHONE }, outbound("Sorry for the wait: your refund is on its way."));
        expect(result.externalId).toMatch(/^wamid\./);
        expect(graph.requests.map((r) => r.body)).toEqual([
          { messaging_product: "whatsapp", to: "4915112345678", type: "template", template: { name: "support_follow_up", language: { code: "en_US" } } },
        ]);
      } finally {
        clock.advance(-24 * HOUR);
      }
    });

    it("outside the window without a template never sends free text: SendError unsupported", async () => {
      const a = await adapterInWindow(25);
      const err = await expectSendError(a.send({ phone: PHONE }, outbound("hello?")), "unsupported");
      expect(err.message).toBe(OUTSIDE_WINDOW_MESSAGE);
      expect(graph.requests).toEqual([]);
    });

    it("treats a customer never heard from (e.g. after a restart) as outside the window", async () => {
      const a = adapterWith();
      await a.start(recordingHost());
      await expectSendError(a.send({ phone: PHONE }, outbound("hello?")), "unsupported");
      expect(graph.requests).toEqual([]);
    });

    it("moves with the injected clock: a new customer message reopens the window", async () => {
      const a = await adapterInWindow(30);
      await expectSendError(a.send({ phone: PHONE }, outbound("x")), "unsupported");
      a.replyWindow.record(PHONE, clock.now());
      await a.send({ phone: PHONE }, outbound("x"));
      expect(graph.requests).toHaveLength(1);
    });

    it("when WhatsApp itself answers 131047 inside our window, falls back to the template (or unsupported without one)", async () => {
      const withTemplate = await adapterInWindow(1, { window_template: template });
      graph.failNext.push({ status: 400, code: 131047, message: "Re-engagement message" });
      await withTemplate.send({ phone: PHONE }, outbound("hi"));
      expect(graph.requests.map((r) => r.body.type)).toEqual(["text", "template"]);
      expect(withTemplate.replyWindow.isOpen(PHONE, clock.now())).toBe(false);

      const without = await adapterInWindow(1);
      graph.failNext.push({ status: 400, code: 131047 });
      const err = await expectSendError(without.send({ phone: PHONE }, outbound("hi")), "unsupported");
      expect(err.message).toBe(OUTSIDE_WINDOW_MESSAGE);
    });
  });
});
