import type { WebSocket } from "ws";
import type { ChannelHost, OutboundMessage } from "../../core/channel/adapter.js";
import type { ChannelDeps } from "../../core/channel/module.js";
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import type { Message } from "../../core/model/index.js";
import type { WebChannelConfig } from "./config.js";
import { WebChatError } from "./errors.js";
import { toPublicHistory, type PostMessageResponse, type PublicMessage } from "./protocol.js";
import { createRateLimiter } from "./rate-limit.js";
import { createSeenLedger } from "./seen-ledger.js";
import type { VisitorSockets } from "./visitor-sockets.js";

/** Messages per visitor per window (token bucket), over HTTP and websocket together. */
export const MESSAGE_RATE = { capacity: 20, windowMs: 10_000 };

export interface ChatServiceDeps {
  config: WebChannelConfig;
  clock: Clock;
  logger: Logger;
  /** Reads the customer-visible history of a visitor (see ChannelDeps). */
  history: ChannelDeps["history"];
  sockets: VisitorSockets;
  /** The hub while the channel is running; null before start and after stop. */
  getHost: () => ChannelHost | null;
}

/**
 * What the web chat does, independent of transport: the HTTP routes and the
 * websocket both call this, so the rules (validation, rate limit, dedupe,
 * fan-out to a visitor's tabs) are written once.
 */
export interface ChatService {
  /** The visitor's customer-visible history, oldest first (internal notes never included). */
  history(visitorId: string): Promise<PublicMessage[]>;
  /**
   * Stores a customer message. Resolves only after the hub persisted it; the
   * same clientMessageId twice gives the same messageId. The message is echoed
   * to the visitor's other sockets (`from` is the one it came on, if any).
   */
  postMessage(visitorId: string, input: { clientMessageId: string; text: string }, from?: WebSocket): Promise<PostMessageResponse>;
  /** Pushes an outbound message to the visitor's sockets; resolves with how many got it. */
  deliver(visitorId: string, message: OutboundMessage): Promise<number>;
  typing(visitorId: string, on: boolean): Promise<void>;
  /** The visitor saw these messages: report each of their outbound messages as read, once. */
  markSeen(visitorId: string, messageIds: readonly string[]): Promise<void>;
}

export function createChatService(deps: ChatServiceDeps): ChatService {
  const { config, clock, logger, sockets, getHost } = deps;
  const limiter = createRateLimiter({ ...MESSAGE_RATE, now: () => clock.now().getTime() });
  const ledger = createSeenLedger();
  const lastAuthor = new Map<string, "ai" | "agent">();

  function learn(visitorId: string, m: Message): void {
    if (m.direction === "outbound") ledger.remember(visitorId, m.id, m.deliveryState === "read");
  }

  async function history(visitorId: string): Promise<PublicMessage[]> {
    const messages = await deps.history({ kind: "web", value: visitorId }, config.history_limit);
    for (const m of messages) learn(visitorId, m);
    return toPublicHistory(messages, config.history_limit);
  }

  return {
    history,

    async postMessage(visitorId, input, from) {
      const text = input.text.trim();
      if (text.length === 0) throw new WebChatError(422, "empty_text", "text must not be empty");
      if (text.length > config.max_text_length) {
        throw new WebChatError(413, "text_too_long", `text is longer than ${config.max_text_length} characters`);
      }
      const host = getHost();
      if (!host) throw new WebChatError(503, "not_ready", "the web chat is not accepting messages right now; try again shortly", 2000);
      const rate = limiter.take(visitorId);
      if (!rate.ok) throw new WebChatError(429, "rate_limited", "too many messages; slow down a little", rate.retryAfterMs);

      const receivedAt = clock.now();
      let outcome;
      try {
        [outcome] = await host.ingest([
          {
            channel: "web",
            externalId: `${visitorId}:${input.clientMessageId}`,
            sender: { kind: "web", value: visitorId },
            address: { visitorId },
            text,
            attachments: [],
            receivedAt,
          },
        ]);
      } catch (err) {
        logger.error({ err, visitorId }, "web chat: ingest failed");
        throw new WebChatError(503, "unavailable", "the message could not be stored; please try again", 2000);
      }
      if (!outcome) throw new WebChatError(503, "unavailable", "the message could not be stored; please try again", 2000);

      if (!outcome.duplicate) {
        const message: PublicMessage = {
          id: outcome.messageId,
          direction: "inbound",
          authorKind: "customer",
          text,
          createdAt: receivedAt.toISOString(),
          deliveryState: "received",
        };
        void sockets.push(visitorId, { type: "message", message }, from).catch(() => undefined);
      }
      return { messageId: outcome.messageId, conversationId: outcome.conversationId, state: "received" };
    },

    async deliver(visitorId, message) {
      if (sockets.visitorHasSockets(visitorId) === false) return 0;
      const authorKind = message.authorKind;
      if (authorKind === "agent" || authorKind === "ai") lastAuthor.set(visitorId, authorKind);
      ledger.remember(visitorId, message.messageId);
      const frame: PublicMessage = {
        id: message.messageId,
        direction: "outbound",
        authorKind,
        text: message.text,
        createdAt: message.createdAt.toISOString(),
        deliveryState: "delivered",
      };
      return sockets.push(visitorId, { type: "message", message: frame });
    },

    async typing(visitorId, on) {
      await sockets.push(visitorId, { type: "typing", on, author: lastAuthor.get(visitorId) ?? "ai" });
    },

    async markSeen(visitorId, messageIds) {
      const host = getHost();
      if (!host) return;
      const ids = [...new Set(messageIds)];
      if (ids.some((id) => ledger.state(visitorId, id) === "unknown")) await history(visitorId);
      for (const id of ids) {
        if (ledger.state(visitorId, id) !== "unread") continue;
        ledger.markRead(visitorId, id);
        try {
          await host.deliveryUpdate({ channel: "web", messageId: id, state: "read" });
        } catch (err) {
          logger.warn({ err, visitorId, messageId: id }, "web chat: delivery update failed");
        }
      }
    },
  };
}
