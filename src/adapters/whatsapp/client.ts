import type { EventEmitter } from "node:events";

/**
 * The part of whatsapp-web.js's `Client` this adapter uses, and nothing more.
 *
 * Why a narrow interface: the real Client drives a Chromium running
 * web.whatsapp.com, which cannot log in without a phone scanning a QR code
 * (and cannot even be reached from a test machine). Everything the adapter
 * does goes through this shape, so tests inject a stand-in EventEmitter
 * (tests/fakes/whatsapp-web-client.ts) while production builds the real
 * Client in `real-client.ts`, the only file that imports the package. No
 * whatsapp-web.js type leaves this folder.
 *
 * Events the adapter listens to (same names and arguments as the library):
 * - `qr` (qr: string): a login QR code to show; it rotates every ~20 s.
 * - `authenticated`: the phone accepted the QR code, or the saved session was restored.
 * - `auth_failure` (message: string): the saved session was rejected; a new scan is needed.
 * - `ready`: chats are loaded; sending works.
 * - `message` (message: WaMessageLike): a message someone else sent.
 * - `message_edit` (message: WaMessageLike, newBody: string, prevBody: string): someone edited a message.
 * - `message_ack` (message: WaMessageLike, ack: number): delivery progress of a message we sent.
 * - `disconnected` (reason: string): "LOGOUT" or a WhatsApp Web state such as "CONFLICT" or "UNPAIRED".
 */
export interface WaClient extends EventEmitter {
  /** Launches the browser and opens WhatsApp Web; rejects when that fails (no browser, no network). */
  initialize(): Promise<void>;
  /** Sends a text to a chat id such as "4915123456789@c.us"; resolves with the sent message. */
  sendMessage(chatId: string, content: string): Promise<WaMessageLike>;
  /** Closes the browser. Safe to call on a client that never started (the adapter ignores its errors). */
  destroy(): Promise<void>;
  /** Looks a message up again (lazy media download). */
  getMessageById?(messageId: string): Promise<WaMessageLike | null | undefined>;
}

/**
 * A message as whatsapp-web.js hands it over (its `Message` class). Typed
 * loosely on purpose: the adapter validates it with zod (decode.ts) before
 * reading anything, because WhatsApp Web's internal model changes without notice.
 */
export interface WaMessageLike {
  id: { _serialized: string; fromMe?: boolean; remote?: string };
  [key: string]: unknown;
}

/** Where the session lives and which browser runs it; what the factory needs to build a Client. */
export interface WaClientOptions {
  /** Absolute directory LocalAuth keeps the session in (the login survives restarts through it). */
  sessionDir: string;
  /** LocalAuth clientId, to run several numbers from one data directory. */
  clientId?: string;
  /** The system Chromium; a browser is never downloaded. */
  executablePath: string;
  headless: boolean;
}

/**
 * Builds a client. Asynchronous because the real factory loads whatsapp-web.js
 * (and puppeteer) lazily: about a second of start-up that hubs without this
 * channel should not pay.
 */
export type WaClientFactory = (options: WaClientOptions) => Promise<WaClient>;

/** whatsapp-web.js's MessageAck values. */
export const WA_ACK = { ERROR: -1, PENDING: 0, SERVER: 1, DEVICE: 2, READ: 3, PLAYED: 4 } as const;

/**
 * The hub's delivery state for an ack, or null when there is nothing to
 * record: PENDING is before "sent", and SERVER is what the outbox already
 * recorded as "sent" when sendMessage resolved. PLAYED (a voice note was
 * listened to) counts as read.
 */
export function ackToDeliveryState(ack: number): "delivered" | "read" | "failed" | null {
  switch (ack) {
    case WA_ACK.ERROR:
      return "failed";
    case WA_ACK.DEVICE:
      return "delivered";
    case WA_ACK.READ:
    case WA_ACK.PLAYED:
      return "read";
    default:
      return null;
  }
}
