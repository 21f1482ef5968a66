import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Express } from "express";
import { SendError, type ChannelHost, type OutboundMessage, type SendResult } from "../../core/channel/adapter.js";
import { connectionStatus } from "../../core/channel/status.js";
import type { ChannelDeps, HttpChannelAdapter } from "../../core/channel/module.js";
import { ackToDeliveryState, type WaClient, type WaClientFactory, type WaClientOptions } from "./client.js";
import type { WhatsappConfig } from "./config.js";
import { decodeWaEdit, decodeWaMessage, whatsappAddressSchema, type Decoded, type DecodeOptions } from "./decode.js";
import { describeWaError, maskChatIds, toSendError } from "./errors.js";
import { createMediaFetcher, type FetchedMedia } from "./media.js";
import { mountQrRoutes, terminalQr } from "./qr-routes.js";
import { createRecentIds } from "./recent-ids.js";
import { createSession, type Session, type SessionState } from "./session.js";

/** Longest text sent as one message (WhatsApp accepts more, but long walls of text read badly on a phone). */
export const WHATSAPP_MAX_TEXT = 4096;

export interface WhatsappAdapterOptions {
  /** Builds the WhatsApp Web client; the module passes the real one (real-client.ts), tests a stand-in. */
  clientFactory: WaClientFactory;
  /** Where the compact terminal QR code is written (the module passes stderr); omitted = not printed. */
  terminal?: (text: string) => void;
  /** Waits between attempts to store an inbound message when the store fails (default 1 s, 5 s, 15 s). */
  ingestRetryDelaysMs?: readonly number[];
}

export interface WhatsappChannelAdapter extends HttpChannelAdapter {
  readonly id: "whatsapp";
  /** The session's state (phase, detail, QR code); for the QR endpoint, tests and diagnostics. */
  sessionState(): SessionState;
  /**
   * Downloads the bytes of a customer's media attachment (its `ref`, the
   * WhatsApp message id) through the running session, refusing files over
   * `media_max_size`. Lazy on purpose: see docs/whatsapp-web.md.
   */
  fetchMedia(ref: string): Promise<FetchedMedia>;
}

/**
 * WhatsApp through whatsapp-web.js: a linked device of an existing number,
 * running WhatsApp Web in the system Chromium. Inbound `message` events are
 * decoded, deduplicated and ingested one at a time (in order); `message_ack`
 * moves our messages to delivered / read / failed; replies go out with
 * `sendMessage` to the chat they came from. The session (LocalAuth) lives
 * under the hub's data directory, so a restart needs no new scan.
 *
 * There is no platform acknowledgement to hold back for inbound messages:
 * WhatsApp Web does not redeliver. A store failure is therefore retried in
 * memory a few times before the message is reported lost in the log.
 */
export function createWhatsappAdapter(config: WhatsappConfig, deps: ChannelDeps, options: WhatsappAdapterOptions): WhatsappChannelAdapter {
  const { logger, clock } = deps;
  const sessionDir = resolve(deps.dataDir, config.session_dir);
  const retryDelays = options.ingestRetryDelaysMs ?? [1000, 5000, 15_000];
  const qrHint = config.admin_token ? `QR code at GET ${config.qr_path}` : "QR code printed to the hub's terminal";
  let host: ChannelHost | null = null;
  let stopped = false;
  let client: WaClient | null = null;
  let session: Session | null = null;
  let startError: string | null = null;
  let queue: Promise<void> = Promise.resolve();
  const seen = createRecentIds(5000);
  /** Our sent messages by WhatsApp id → hub message id, so acks find the message even before the outbox stored the id. */
  const sent = new Map<string, string>();
  /** Acks that arrived while a send was still waiting for its id. */
  const earlyAcks = new Map<string, "delivered" | "read" | "failed">();
  let sendsInFlight = 0;
  /** Ends the wait before an ingest retry early (stop must not wait out a 15 s backoff). */
  let wakeRetry: (() => void) | null = null;
  const media = createMediaFetcher({ maxBytes: config.media_max_size, getClient: () => (session?.isReady() ? client : null) });

  function remember(externalId: string, messageId: string): void {
    sent.set(externalId, messageId);
    if (sent.size > 5000) sent.delete(sent.keys().next().value!);
  }

  function decodeOptions(raw: unknown): DecodeOptions {
    return { groups: config.groups, now: clock.now(), resolvePhone: async () => phoneFromContact(raw), fetchOrder: async () => orderOf(raw) };
  }

  async function ingestWithRetry(decode: () => Promise<Decoded>): Promise<void> {
    const decoded = await decode();
    if (decoded.kind === "skip") {
      const quiet = decoded.reason === "status broadcast" || decoded.reason === "our own message";
      logger[quiet ? "debug" : "info"]({ id: decoded.id ? maskChatIds(decoded.id) : null, reason: decoded.reason }, "whatsapp: message skipped");
      return;
    }
    const message = decoded.message;
    if (seen.has(message.externalId)) {
      logger.debug({ id: maskChatIds(message.externalId) }, "whatsapp: duplicate message dropped");
      return;
    }
    for (let attempt = 0; ; attempt++) {
      const channelHost = stopped ? null : host;
      try {
        if (!channelHost) throw new Error("the channel is not running");
        await channelHost.ingest([message]);
        seen.add(message.externalId);
        return;
      } catch (err) {
        const wait = retryDelays[attempt];
        if (wait === undefined || stopped) {
          logger.error(
            { id: maskChatIds(message.externalId), error: describeWaError(err) },
            "whatsapp: a message could not be stored and is lost (WhatsApp Web does not redeliver)",
          );
          return;
        }
        logger.warn({ id: maskChatIds(message.externalId), retryInMs: wait, error: describeWaError(err) }, "whatsapp: storing a message failed; retrying");
        await new Promise<void>((r) => {
          const timer = setTimeout(done, wait);
          function done() {
            clearTimeout(timer);
            wakeRetry = null;
            r();
          }
          wakeRetry = done;
        });
      }
    }
  }

  function enqueue(decode: () => Promise<Decoded>): void {
    // One at a time, in arrival order: a customer's messages (and edits) are stored in the order they wrote them.
    queue = queue
      .then(() => ingestWithRetry(decode))
      .catch((err: unknown) => logger.error({ error: describeWaError(err) }, "whatsapp: handling a message failed"));
  }

  function onMessage(raw: unknown): void {
    enqueue(() => decodeWaMessage(raw, decodeOptions(raw)));
  }

  /** `message_edit` (message, newBody, prevBody): the customer edited a message; the hub records an edit of the stored one. */
  function onEdit(raw: unknown, newBody: unknown): void {
    enqueue(() => decodeWaEdit(raw, newBody, decodeOptions(raw)));
  }

  function report(externalId: string, state: "delivered" | "read" | "failed"): void {
    const channelHost = host;
    if (!channelHost) return;
    const messageId = sent.get(externalId);
    channelHost
      .deliveryUpdate({
        channel: "whatsapp",
        externalId,
        ...(messageId ? { messageId } : {}),
        state,
        ...(state === "failed" ? { error: "WhatsApp reported the message as not delivered (ACK_ERROR)" } : {}),
      })
      .catch((err: unknown) => logger.warn({ error: describeWaError(err) }, "whatsapp: recording a delivery update failed"));
  }

  function onAck(raw: unknown, ack: unknown): void {
    const state = ackToDeliveryState(Number(ack));
    const externalId = (raw as { id?: { _serialized?: unknown } } | null)?.id?._serialized;
    if (state === null || typeof externalId !== "string") return;
    if (!sent.has(externalId) && sendsInFlight > 0) {
      // Possibly ours, and sendMessage has not returned its id yet: hold it until it does.
      earlyAcks.set(externalId, later(earlyAcks.get(externalId), state));
      if (earlyAcks.size > 1000) earlyAcks.delete(earlyAcks.keys().next().value!);
      return;
    }
    report(externalId, state);
  }

  function flushEarlyAcks(): void {
    if (sendsInFlight > 0) return;
    for (const [id, state] of earlyAcks) report(id, state);
    earlyAcks.clear();
  }

  function chatOf(address: Record<string, unknown>): string {
    const parsed = whatsappAddressSchema.safeParse(address);
    if (!parsed.success) throw new SendError("invalid_recipient", 'a WhatsApp address is { chatId: "<number>@c.us" }');
    return parsed.data.chatId;
  }

  function clientOptions(): WaClientOptions {
    return { sessionDir, executablePath: config.chromium_path, headless: config.headless, ...(config.client_id ? { clientId: config.client_id } : {}) };
  }

  return {
    id: "whatsapp",
    capabilities: { maxTextLength: WHATSAPP_MAX_TEXT, buttons: false, attachments: false, typing: false, replyWindowHours: null },

    mount(app: Express) {
      if (!config.enabled) return;
      mountQrRoutes(app, {
        path: config.qr_path,
        adminToken: config.admin_token,
        logger,
        state: () => session?.state() ?? { phase: "stopped", detail: startError ?? "not started", qr: null, retryInMs: null, failures: 0, since: clock.now() },
      });
    },

    async start(channelHost: ChannelHost) {
      host = channelHost;
      stopped = false;
      if (!config.enabled || session) return;
      try {
        // Owner-only: the session directory is a login to the WhatsApp account.
        mkdirSync(sessionDir, { recursive: true, mode: 0o700 });
        client = await options.clientFactory(clientOptions());
      } catch (err) {
        startError = `cannot create the WhatsApp Web client: ${describeWaError(err)}`;
        logger.error(`whatsapp: ${startError}`);
        return;
      }
      client.on("message", onMessage);
      client.on("message_edit", onEdit);
      client.on("message_ack", onAck);
      session = createSession({
        client,
        logger,
        clock,
        qrHint,
        initialBackoffMs: config.reconnect_delay,
        maxBackoffMs: config.reconnect_max_delay,
        onQr(qr) {
          const terminal = options.terminal;
          if (!config.print_qr || !terminal) return;
          terminalQr(qr).then(
            (art) => terminal(`\nWhatsApp login: on the phone open WhatsApp → Linked devices → Link a device, and scan:\n${art}\n`),
            (err: unknown) => logger.warn({ error: describeWaError(err) }, "whatsapp: printing the QR code failed"),
          );
        },
      });
      logger.info({ sessionDir: config.session_dir }, "whatsapp: starting (session under the data directory)");
      // Never awaited: the hub must start even when the browser cannot, and a scan may take hours.
      session.start();
    },

    async stop() {
      stopped = true;
      wakeRetry?.();
      await session?.stop();
      session = null;
      await queue;
    },

    status() {
      return connectionStatus({ enabled: config.enabled, problem: startError, stopped, state: session?.state() ?? null, healthy: ["ready"] });
    },

    sessionState() {
      return session?.state() ?? { phase: "stopped", detail: startError ?? "not started", qr: null, retryInMs: null, failures: 0, since: clock.now() };
    },

    async send(address: Record<string, unknown>, message: OutboundMessage): Promise<SendResult> {
      const chatId = chatOf(address);
      if (stopped || !session || !client) throw new SendError("transient", "the WhatsApp channel is not running");
      const s = session.state();
      if (s.phase === "logged_out" || s.phase === "auth_failure" || s.phase === "blocked") throw new SendError("auth", s.detail);
      if (!session.isReady()) throw new SendError("transient", `WhatsApp is not connected (${s.phase})`);
      if (message.text.trim() === "") throw new SendError("unsupported", "WhatsApp cannot send an empty text message");
      if (message.text.length > WHATSAPP_MAX_TEXT) throw new SendError("unsupported", `text longer than ${WHATSAPP_MAX_TEXT} characters`);
      if (message.attachments.length > 0)
        logger.warn(
          { messageId: message.messageId, count: message.attachments.length },
          "whatsapp: outbound attachments are not supported; sending the text only",
        );
      sendsInFlight++;
      try {
        const result = await client.sendMessage(chatId, message.text);
        const externalId = result?.id?._serialized;
        if (typeof externalId !== "string" || externalId === "") throw new SendError("transient", "WhatsApp did not return a message id");
        remember(externalId, message.messageId);
        const early = earlyAcks.get(externalId);
        if (early) {
          earlyAcks.delete(externalId);
          // After this send resolves, so the outbox's "sent" and this update race harmlessly (states only move forward).
          setImmediate(() => report(externalId, early));
        }
        return { externalId };
      } catch (err) {
        throw toSendError(err);
      } finally {
        sendsInFlight--;
        flushEarlyAcks();
      }
    },

    fetchMedia: (ref: string) => media.fetch(ref),
  };
}

const ORDER = { delivered: 1, read: 2, failed: 0 } as const;
function later(a: "delivered" | "read" | "failed" | undefined, b: "delivered" | "read" | "failed"): "delivered" | "read" | "failed" {
  return a === undefined || ORDER[b] >= ORDER[a] ? b : a;
}

/** The sender's number from their contact card, for senders known only by a privacy id (@lid). */
async function phoneFromContact(raw: unknown): Promise<string | null> {
  const getContact = (raw as { getContact?: unknown } | null)?.getContact;
  if (typeof getContact !== "function") return null;
  const contact = (await (getContact as () => Promise<unknown>).call(raw)) as { number?: unknown } | null;
  const digits = typeof contact?.number === "string" ? contact.number.replace(/\D/g, "") : "";
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}

/** How long loading an order's items may take before the order is shown from its count and total alone. */
const ORDER_DETAIL_TIMEOUT_MS = 5000;

/** An order message's items through whatsapp-web.js's `Message.getOrder()` (a call into WhatsApp Web's page); null when it has none or fails. */
async function orderOf(raw: unknown): Promise<unknown> {
  const getOrder = (raw as { getOrder?: unknown } | null)?.getOrder;
  if (typeof getOrder !== "function") return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((r) => {
    timer = setTimeout(() => r(null), ORDER_DETAIL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([(getOrder as () => Promise<unknown>).call(raw), timeout]);
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
