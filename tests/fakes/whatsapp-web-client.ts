import { EventEmitter } from "node:events";
import type { WaClient, WaClientFactory, WaClientOptions, WaMessageLike } from "../../src/adapters/whatsapp/index.js";

/**
 * A stand-in for whatsapp-web.js's Client. The real one drives WhatsApp Web
 * in Chromium and cannot log in without a phone scanning a QR code (nor reach
 * web.whatsapp.com from a test machine), so the adapter takes anything shaped
 * like it and the tests inject this. It emits the library's events with the
 * library's argument shapes (a Message-like object for `message` and
 * `message_ack`, the ack number, the disconnect reason) and records what the
 * adapter asks of it.
 */
export interface FakeWaClient extends WaClient {
  readonly options: WaClientOptions;
  initializeCalls: number;
  destroyCalls: number;
  /** Errors the next initialize() calls reject with, in order. */
  failInitialize: Error[];
  /** Errors the next sendMessage() calls reject with, in order. */
  failSend: Error[];
  sent: { chatId: string; text: string; id: string }[];
  /** Media bytes served by downloadMedia() per message id; `null` = expired on WhatsApp's side. */
  media: Map<string, { mimetype: string; data: Buffer; filename?: string } | null>;
  /** Emits an incoming message built like whatsapp-web.js's Message; returns it. */
  receive(fields: IncomingFields): FakeWaMessage;
  /** Emits an already built message again (WhatsApp Web re-emitting after a reconnect). */
  emitMessage(message: FakeWaMessage): void;
  ack(externalId: string, ack: number): void;
  /** Emits `message_edit` for a received message, the way whatsapp-web.js does (message with the new body, new body, previous body). */
  edit(message: FakeWaMessage, newBody: string): FakeWaMessage;
  showQr(qr: string): void;
  becomeReady(): void;
  disconnect(reason: string): void;
  failAuth(message: string): void;
}

export interface IncomingFields {
  id?: string;
  from: string;
  author?: string;
  body?: string;
  type?: string;
  fromMe?: boolean;
  timestamp?: number;
  notifyName?: string;
  mimetype?: string;
  filename?: string;
  size?: number;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  /** What getContact() answers (senders known by an @lid privacy id). */
  contactNumber?: string;
  /** Contact cards, as whatsapp-web.js exposes them on `vCards`. */
  vCards?: string[];
  pollName?: string;
  pollOptions?: { name: string; localId: number }[];
  selectedRowId?: string;
  selectedButtonId?: string;
  /** More of WhatsApp Web's own message data (`_data`), e.g. an order's orderTitle, itemCount, totalAmount1000, totalCurrencyCode, message. */
  data?: Record<string, unknown>;
  /** What getOrder() answers for an order message (`{ products, subtotal, total, currency }`); undefined = WhatsApp Web could not load it. */
  order?: unknown;
}

export interface FakeWaMessage extends WaMessageLike {
  id: { _serialized: string; fromMe: boolean; remote: string; id: string };
}

let counter = 0;

export function createFakeWaClient(options: WaClientOptions): FakeWaClient {
  const emitter = new EventEmitter();
  const messages = new Map<string, FakeWaMessage>();

  function build(f: IncomingFields): FakeWaMessage {
    const local = f.id ?? `3EB0${(++counter).toString(16).toUpperCase().padStart(16, "0")}`;
    const fromMe = f.fromMe ?? false;
    const serialized = `${fromMe}_${f.from}_${local}`;
    const type = f.type ?? "chat";
    const hasMedia = ["image", "video", "audio", "ptt", "document", "sticker"].includes(type);
    const message: FakeWaMessage = {
      id: { _serialized: serialized, fromMe, remote: f.from, id: local },
      from: f.from,
      to: "4930999999@c.us",
      author: f.author,
      fromMe,
      body: f.body ?? "",
      type,
      timestamp: f.timestamp ?? Math.floor(Date.now() / 1000),
      hasMedia,
      isStatus: f.from === "status@broadcast",
      broadcast: false,
      location: f.location,
      _data: { notifyName: f.notifyName, mimetype: f.mimetype, filename: f.filename, size: f.size, ...f.data },
      ...(f.vCards ? { vCards: f.vCards } : {}),
      ...(f.pollName !== undefined ? { pollName: f.pollName, pollOptions: f.pollOptions ?? [] } : {}),
      ...(f.selectedRowId ? { selectedRowId: f.selectedRowId } : {}),
      ...(f.selectedButtonId ? { selectedButtonId: f.selectedButtonId } : {}),
      async getOrder() {
        if (type !== "order") return undefined;
        return f.order;
      },
      async downloadMedia() {
        const m = fake.media.get(serialized);
        if (m === undefined || m === null) return undefined;
        return { mimetype: m.mimetype, data: m.data.toString("base64"), filename: m.filename ?? null, filesize: m.data.length };
      },
      async getContact() {
        return { number: f.contactNumber ?? null, pushname: f.notifyName };
      },
    };
    messages.set(serialized, message);
    return message;
  }

  const fake = Object.assign(emitter, {
    options,
    initializeCalls: 0,
    destroyCalls: 0,
    failInitialize: [] as Error[],
    failSend: [] as Error[],
    sent: [] as { chatId: string; text: string; id: string }[],
    media: new Map<string, { mimetype: string; data: Buffer; filename?: string } | null>(),
    async initialize() {
      fake.initializeCalls++;
      const failure = fake.failInitialize.shift();
      if (failure) throw failure;
    },
    async sendMessage(chatId: string, text: string): Promise<WaMessageLike> {
      const failure = fake.failSend.shift();
      if (failure) throw failure;
      const id = `true_${chatId}_3EB0OUT${++counter}`;
      fake.sent.push({ chatId, text, id });
      return { id: { _serialized: id, fromMe: true, remote: chatId }, body: text, fromMe: true, type: "chat", ack: 1 };
    },
    async destroy() {
      fake.destroyCalls++;
    },
    async getMessageById(id: string) {
      return messages.get(id) ?? null;
    },
    receive(fields: IncomingFields) {
      const message = build(fields);
      emitter.emit("message", message);
      return message;
    },
    emitMessage(message: FakeWaMessage) {
      emitter.emit("message", message);
    },
    edit(message: FakeWaMessage, newBody: string) {
      const previous = String(message.body ?? "");
      const edited: FakeWaMessage = { ...message, body: newBody, latestEditSenderTimestampMs: Date.now() + ++counter };
      emitter.emit("message_edit", edited, newBody, previous);
      return edited;
    },
    ack(externalId: string, ack: number) {
      emitter.emit("message_ack", { id: { _serialized: externalId, fromMe: true }, fromMe: true, ack }, ack);
    },
    showQr: (qr: string) => void emitter.emit("qr", qr),
    becomeReady() {
      emitter.emit("authenticated");
      emitter.emit("ready");
    },
    disconnect: (reason: string) => void emitter.emit("disconnected", reason),
    failAuth: (message: string) => void emitter.emit("auth_failure", message),
  });
  return fake;
}

/** A client factory that builds fakes and keeps them (and the options it was given) for the test to drive. */
export function fakeClientFactory(): { factory: WaClientFactory; clients: FakeWaClient[]; last(): FakeWaClient } {
  const clients: FakeWaClient[] = [];
  return {
    clients,
    factory: async (options) => {
      const client = createFakeWaClient(options);
      clients.push(client);
      return client;
    },
    last() {
      const c = clients.at(-1);
      if (!c) throw new Error("no WhatsApp client was created (is the channel enabled and started?)");
      return c;
    },
  };
}
