import type { ChannelAdapter, OutboundMessage } from "../core/channel/adapter.js";
import type { ChannelId } from "../core/model/index.js";

export interface VirtualDelivery {
  channel: ChannelId;
  address: Record<string, unknown>;
  message: OutboundMessage;
  seq: number;
}

/**
 * A stand-in endpoint for one channel in `threadline simulate`: it accepts
 * every send and records it, so a scenario can assert what the customer
 * received and on which channel. The pipeline in front of it is the real one.
 */
export function createVirtualChannel(id: ChannelId, log: VirtualDelivery[]): ChannelAdapter {
  return {
    id,
    capabilities: { maxTextLength: 100_000, buttons: true, attachments: true, typing: false, replyWindowHours: null },
    async send(address, message) {
      log.push({ channel: id, address, message, seq: log.length });
      return { externalId: `virtual-${id}-${log.length}`, delivered: true };
    },
    async start() {},
    async stop() {},
    status: () => ({ ok: true, detail: "virtual" }),
  };
}
