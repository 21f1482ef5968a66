import { SendError, type ChannelAdapter, type InboundMessage, type OutboundMessage, type SendErrorKind } from "../../src/core/channel/adapter.js";
import type { ChannelId } from "../../src/core/model/index.js";

export interface RecordingAdapter extends ChannelAdapter {
  sent: { address: Record<string, unknown>; message: OutboundMessage }[];
  /** Failures to throw on the next sends, in order. */
  failNext: { kind: SendErrorKind; retryAfterMs?: number }[];
  typingCalls: boolean[];
}

/** A channel adapter that records what it is asked to send and can be told to fail. Passed in, never mocked. */
export function recordingAdapter(id: ChannelId = "web", options: { delivered?: boolean } = {}): RecordingAdapter {
  const a: RecordingAdapter = {
    id,
    capabilities: { maxTextLength: 4000, buttons: false, attachments: false, typing: true, replyWindowHours: null },
    sent: [],
    failNext: [],
    typingCalls: [],
    async send(address, message) {
      const failure = a.failNext.shift();
      if (failure) throw new SendError(failure.kind, `simulated ${failure.kind}`, failure.retryAfterMs);
      a.sent.push({ address, message });
      return { externalId: `ext-${a.sent.length}`, delivered: options.delivered ?? false };
    },
    async typing(_address, on) {
      a.typingCalls.push(on);
    },
    async start() {},
    async stop() {},
    status: () => ({ ok: true, detail: "fake" }),
  };
  return a;
}

let counter = 0;
/** An inbound web message from a visitor. */
export function webInbound(visitorId: string, text: string, externalId = `m-${++counter}`): InboundMessage {
  return {
    channel: "web",
    externalId,
    sender: { kind: "web", value: visitorId },
    address: { visitorId },
    text,
    attachments: [],
    receivedAt: new Date(),
  };
}

/** A Telegram text message from chat 777 ("Ana"), as the Telegram adapter would ingest it. */
export function telegramInbound(text: string, externalId: string): InboundMessage {
  return {
    channel: "telegram",
    externalId,
    sender: { kind: "telegram", value: "777", name: "Ana" },
    address: { chatId: 777 },
    text,
    attachments: [],
    receivedAt: new Date(),
  };
}
