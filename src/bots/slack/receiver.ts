import { type App, HTTPModuleFunctions, HTTPResponseAck, type Logger as BoltLogger, type Receiver, type ReceiverEvent, verifySlackRequest } from "@slack/bolt";
import express, { type Express, type Request, type Response } from "express";
import { parse as parseQuery } from "node:querystring";
import { rawBodyOf } from "../../core/channel/raw-body.js";
import type { Logger } from "../../core/logger.js";
import { createRefusalLog } from "../../core/util/refusal-log.js";
import { LRUCache } from "lru-cache";
import { isHandledSlackPayload } from "./payload-shape.js";

/** Slack's own limit for event and interaction payloads is well below this. */
const BODY_LIMIT = "1mb";
/** Slack's replay window; applied both ways (Bolt only refuses signatures from the past). */
const SIGNATURE_WINDOW_SECONDS = 5 * 60;
/** How many event ids are remembered for retry dedupe (Slack retries within about an hour). */
const DEDUPE_CAPACITY = 5000;

export interface MountedReceiverOptions {
  path: string;
  /** null when the signing secret is missing: every request is refused (the bot reports itself disabled). */
  signingSecret: string | null;
  logger: Logger;
  boltLogger: BoltLogger;
  now: () => number;
}

export interface MountedReceiver extends Receiver {
  mount(app: Express): void;
  /** Event ids processed so far (for tests and /metrics). */
  readonly dedupedCount: number;
}

/**
 * A Bolt receiver that lives on the hub's own express app instead of opening
 * a second port (Bolt's ExpressReceiver wants its own body parser, which the
 * hub's JSON parser would have already consumed). Per request:
 *
 * 1. the raw body (kept by the hub's JSON parser, or read here for Slack's
 *    form-encoded interactions) is checked against the v0 signature with
 *    Bolt's `verifySlackRequest` — a bad, missing or stale (> 5 min)
 *    signature is answered 401 and nothing else happens (signatures dated
 *    more than 5 min in the future too); url_verification is only answered
 *    after that check; a signed body that lacks the fields Bolt reads is
 *    answered 400 (never 500, which Slack would retry);
 * 2. events are deduplicated by `event_id` (Slack retries with
 *    x-slack-retry-num when we were slow; Bolt does not dedupe): a repeat is
 *    acknowledged and dropped. The desk's (platform, externalId) dedupe is
 *    the second line of defence, across restarts;
 * 3. the body goes to `app.processEvent` with Bolt's HTTP ack: events are
 *    acknowledged before any listener runs, interactions by the listener's
 *    first statement, so Slack gets its answer well within 3 s and the work
 *    (desk, Web API calls) continues asynchronously.
 */
export function createMountedReceiver(options: MountedReceiverOptions): MountedReceiver {
  const { logger } = options;
  let bolt: App | null = null;
  const seen = new LRUCache<string, true>({ max: DEDUPE_CAPACITY });
  // Forged or replayed requests are logged throttled and aggregated, never one line each.
  const refusals = createRefusalLog({ logger, now: options.now });
  let deduped = 0;

  async function handle(req: Request, res: Response): Promise<void> {
    const raw = rawBodyOf(req) ?? (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    const rawText = raw.toString("utf8");
    if (!options.signingSecret) {
      res.status(401).json({ error: { code: "not_configured", message: "the Slack signing secret is not configured" } });
      return;
    }
    const timestamp = Number(req.get("x-slack-request-timestamp") ?? "NaN");
    try {
      // A signature dated in the future would stay replayable for longer than the window; Bolt accepts it.
      if (timestamp - options.now() / 1000 > SIGNATURE_WINDOW_SECONDS) throw new Error("signature dated in the future");
      verifySlackRequest({
        signingSecret: options.signingSecret,
        body: rawText,
        headers: {
          "x-slack-signature": req.get("x-slack-signature") ?? "",
          "x-slack-request-timestamp": timestamp,
        },
        nowMilliseconds: options.now(),
      });
    } catch {
      refusals.note(req.get("x-slack-signature") === undefined ? "slack.unsigned" : "slack.bad_signature", req.ip ?? "");
      res.status(401).json({ error: { code: "bad_signature", message: "x-slack-signature is missing, invalid or stale" } });
      return;
    }
    const body = parseBody(rawText, req.get("content-type") ?? "");
    if (!body) {
      res.status(400).json({ error: { code: "bad_payload", message: "not a Slack payload" } });
      return;
    }
    if (body.type === "url_verification") {
      res.status(200).json({ challenge: typeof body.challenge === "string" ? body.challenge : "" });
      return;
    }
    if (body.type === "ssl_check" || body.ssl_check === "1") {
      res.status(200).end();
      return;
    }
    if (!isHandledSlackPayload(body)) {
      res.status(400).json({ error: { code: "bad_payload", message: "a signed body that is not a Slack payload this hub handles" } });
      return;
    }
    if (!bolt) {
      res.status(503).json({ error: { code: "not_ready", message: "the Slack bot is not running yet" } });
      return;
    }
    const eventId = typeof body.event_id === "string" ? body.event_id : null;
    if (eventId && seen.has(eventId)) {
      deduped++;
      logger.info({ eventId, retry: req.get("x-slack-retry-num") ?? null }, "slack: duplicate event delivery dropped");
      res.status(200).end();
      return;
    }
    if (eventId) seen.set(eventId, true);

    const ack = new HTTPResponseAck({
      logger: options.boltLogger,
      processBeforeResponse: false,
      unhandledRequestTimeoutMillis: 2500,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    const event: ReceiverEvent = {
      body,
      ack: ack.bind(),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
      customProperties: {},
    };
    try {
      await bolt.processEvent(event);
    } catch (err) {
      logger.error({ err }, "slack: processing a request failed");
      if (!res.headersSent) res.status(500).end();
    }
  }

  return {
    init(app: App) {
      bolt = app;
    },
    async start() {},
    async stop() {
      bolt = null;
    },
    mount(app: Express) {
      // Interactions are form-encoded; the hub's JSON parser keeps raw JSON bodies itself (and express.raw then skips them).
      app.post(options.path, express.raw({ type: () => true, limit: BODY_LIMIT }), (req, res) => {
        handle(req, res).catch((err: unknown) => {
          logger.error({ err }, "slack: request handler failed");
          if (!res.headersSent) res.status(500).end();
        });
      });
    },
    get dedupedCount() {
      return deduped;
    },
  };
}

/** JSON events, or form-encoded interactions (`payload=<json>`). */
function parseBody(raw: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      const form = parseQuery(raw);
      if (typeof form.payload === "string") return asObject(JSON.parse(form.payload));
      return asObject(form);
    }
    return asObject(JSON.parse(raw));
  } catch {
    return null;
  }
}

function asObject(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
