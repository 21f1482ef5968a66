import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { telegramAddressSchema } from "../../src/adapters/telegram/adapter.js";
import { decodeUpdate } from "../../src/adapters/telegram/decode.js";
import { decodeWaMessage, whatsappAddressSchema } from "../../src/adapters/whatsapp/decode.js";
import { decodeWebhook } from "../../src/adapters/whatsapp-cloud/decode.js";
import { webhookEnvelopeSchema } from "../../src/adapters/whatsapp-cloud/payload.js";
import { parseEmail } from "../../src/adapters/email/parse.js";
import { anyJson, compact, sometimes, telegramUpdate } from "./arbitraries.js";

const ctx = { botId: 42, botUsername: "shop_bot", groupMode: "all" as const, now: () => new Date("2026-12-01T10:00:00Z") };

describe("property: channel decoders never throw and never produce an unanswerable message", () => {
  it("telegram: any update decodes to a skip or a message with a valid chat id, sender and id", () => {
    fc.assert(
      fc.property(telegramUpdate, (update) => {
        const decoded = decodeUpdate(update as never, ctx);
        if (decoded.kind === "skip") return;
        expect(telegramAddressSchema.safeParse(decoded.message.address).success).toBe(true);
        expect(decoded.message.sender.value).toMatch(/^-?\d+$/);
        expect(decoded.message.externalId).not.toBe("");
        expect(Number.isNaN(decoded.message.receivedAt.getTime())).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("whatsapp web: any message event decodes (never rejects) to a skip or a message with a valid chat address", async () => {
    const waMessage = fc.oneof(
      fc
        .record({
          id: sometimes(fc.record({ _serialized: sometimes(fc.string()), fromMe: sometimes(fc.boolean()) }).map(compact)),
          from: sometimes(fc.constantFrom("4915112345678@c.us", "123@g.us", "status@broadcast", "x@lid", "")),
          body: sometimes(fc.string()),
          type: sometimes(fc.constantFrom("chat", "image", "ptt", "revoked")),
          timestamp: sometimes(fc.integer()),
          fromMe: sometimes(fc.boolean()),
          hasMedia: sometimes(fc.boolean()),
        })
        .map(compact),
      anyJson,
    );
    await fc.assert(
      fc.asyncProperty(waMessage, async (raw) => {
        const decoded = await decodeWaMessage(raw, { groups: true, now: new Date("2026-12-01T10:00:00Z") });
        if (decoded.kind === "message") expect(whatsappAddressSchema.safeParse(decoded.message.address).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("whatsapp cloud: any body either fails the envelope schema or decodes without throwing", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyJson,
          fc.record({
            object: fc.constant("whatsapp_business_account"),
            entry: fc.array(fc.record({ id: fc.string(), changes: fc.array(fc.record({ field: sometimes(fc.string()), value: anyJson }).map(compact)) })),
          }),
        ),
        (body) => {
          const parsed = webhookEnvelopeSchema.safeParse(body);
          if (!parsed.success) return;
          const out = decodeWebhook(parsed.data, "106540352242922", new Date("2026-12-01T10:00:00Z"));
          for (const m of out.messages) expect(m.externalId).not.toBe("");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("email: any bytes parse without rejecting", async () => {
    const raw = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
      fc
        .tuple(fc.string(), fc.string(), fc.string())
        .map(([from, subject, body]) =>
          Buffer.from(`From: ${from}\r\nSubject: ${subject}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n${body}\r\n--b--`),
        ),
    );
    await fc.assert(
      fc.asyncProperty(raw, async (bytes) => {
        await parseEmail(bytes);
      }),
      { numRuns: 150 },
    );
  });
});
