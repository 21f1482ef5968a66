import express, { type Express, type Request, type Response } from "express";
import type { ChannelHost } from "../../core/channel/adapter.js";
import { rawBodyOf } from "../../core/channel/raw-body.js";
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import { decodeWebhook } from "./decode.js";
import { webhookEnvelopeSchema } from "./payload.js";
import { createRefusalLog } from "../../core/util/refusal-log.js";
import { sameSecret, verifyHubSignature } from "./signature.js";

/** Largest webhook body read when the hub's JSON parser did not already read it (another content type). */
export const WEBHOOK_BODY_LIMIT = "1mb";

export interface WebhookDeps {
  path: string;
  appSecret: string;
  verifyToken: string;
  phoneNumberId: string;
  clock: Clock;
  logger: Logger;
  getHost(): ChannelHost | null;
  /** Called for each decoded customer message before it is ingested (the reply window). */
  onInbound(phone: string, at: Date): void;
  /** Called when WhatsApp reports a message refused because the customer's window is closed. */
  onWindowClosed(phone: string): void;
}

/**
 * Mounts the webhook: GET answers Meta's verification handshake, POST takes
 * signed notifications. The signature is checked over the exact bytes
 * received: the hub's JSON parser keeps them (rawBodyOf); a body it did not
 * parse (another content type) is read raw here. The answer is 200 only
 * after every message is persisted, so Meta redelivers anything we lost; what
 * we cannot use (unknown types, other numbers) is logged and acknowledged so
 * Meta does not retry it forever.
 */
export function mountWebhookRoutes(app: Express, deps: WebhookDeps): void {
  const { logger } = deps;
  // Refusals are logged throttled and aggregated; query values and addresses never (they are attacker-chosen).
  const refusals = createRefusalLog({ logger, now: () => deps.clock.now().getTime() });

  app.get(deps.path, (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    const mode = q["hub.mode"];
    const token = q["hub.verify_token"];
    const challenge = q["hub.challenge"];
    if (mode === "subscribe" && typeof token === "string" && sameSecret(token, deps.verifyToken) && typeof challenge === "string" && challenge.length <= 1024) {
      logger.info("whatsapp-cloud: webhook verified by Meta");
      res.status(200).set("X-Content-Type-Options", "nosniff").type("text/plain").send(challenge);
      return;
    }
    refusals.note("whatsapp-cloud.verification", req.ip ?? "");
    res.status(403).type("text/plain").send("verification failed");
  });

  // Skipped by body-parser when the hub's JSON parser already consumed the body.
  const readRaw = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });

  app.post(deps.path, readRaw, async (req: Request, res: Response) => {
    const raw = rawBodyOf(req) ?? (Buffer.isBuffer(req.body) ? req.body : req.body === undefined ? Buffer.alloc(0) : undefined);
    if (raw === undefined) {
      // The body was parsed by something that did not keep the bytes: the signature cannot be checked.
      logger.error("whatsapp-cloud: the raw webhook body is not available; cannot verify signatures");
      res.status(500).json({ error: { code: "raw_body_unavailable", message: "cannot verify the signature" } });
      return;
    }
    if (!verifyHubSignature(deps.appSecret, raw, req.get("x-hub-signature-256"))) {
      refusals.note(req.get("x-hub-signature-256") === undefined ? "whatsapp-cloud.unsigned" : "whatsapp-cloud.bad_signature", req.ip ?? "");
      res.status(401).json({ error: { code: "bad_signature", message: "X-Hub-Signature-256 is missing or invalid" } });
      return;
    }
    let body: unknown = req.body;
    if (Buffer.isBuffer(body) || body === undefined) {
      try {
        body = JSON.parse(raw.toString("utf8")) as unknown;
      } catch {
        res.status(400).json({ error: { code: "malformed_json", message: "request body is not valid JSON" } });
        return;
      }
    }
    const envelope = webhookEnvelopeSchema.safeParse(body);
    if (!envelope.success) {
      logger.warn(
        { issues: envelope.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`) },
        "whatsapp-cloud: webhook payload not understood",
      );
      res.status(400).json({ error: { code: "bad_payload", message: "not a WhatsApp webhook payload" } });
      return;
    }
    const host = deps.getHost();
    if (!host) {
      res.status(503).json({ error: { code: "not_ready", message: "the channel is not running" } });
      return;
    }
    const decoded = decodeWebhook(envelope.data, deps.phoneNumberId, deps.clock.now());
    for (const s of decoded.skipped) logger.info({ what: s.what, id: s.id ?? null, reason: s.reason }, "whatsapp-cloud: webhook item skipped");
    try {
      for (const m of decoded.messages) deps.onInbound(String(m.address.phone), m.receivedAt);
      if (decoded.messages.length > 0) await host.ingest(decoded.messages);
      for (const s of decoded.statuses) {
        if (s.windowClosedFor) deps.onWindowClosed(s.windowClosedFor);
        await host.deliveryUpdate({ channel: "whatsapp-cloud", externalId: s.externalId, state: s.state, ...(s.error ? { error: s.error } : {}) });
      }
    } catch (err) {
      // Not acknowledged: Meta redelivers, and duplicates are dropped by message id.
      logger.error({ err }, "whatsapp-cloud: storing a webhook failed; Meta will redeliver it");
      res.status(503).json({ error: { code: "unavailable", message: "could not store the notification; retry later" } });
      return;
    }
    res.status(200).type("text/plain").send("EVENT_RECEIVED");
  });
}
