import type { WebSocket } from "ws";
import type { ChannelHost, OutboundMessage } from "../../core/channel/adapter.js";
import type { ChannelDeps } from "../../core/channel/module.js";
import type { Message } from "../../core/model/index.js";
import type { WebChannelConfig } from "./config.js";
import { WebChatError } from "./errors.js";
import { toPublicHistory, type PostMessageResponse, type PublicMessage } from "./protocol.js";
import { RateLimiter } from "./rate-limit.js";
import { SeenLedger } from "./seen-ledger.js";
import type { VisitorSockets } from "./visitor-sockets.js";

/** Messages per visitor per window (token bucket), over HTTP and websocket together. */
export const MESSAGE_RATE = { capacity: 20, windowMs: 10_000 };

/**
 * What the web chat does, independent of transport: the HTTP routes and the
 * websocket both call this, so the rules (validation, rate limit, dedupe,
 * fan-out to a visitor's tabs) are written once.
 */
export class ChatService {
  private readonly limiter: RateLimiter;
  private readonly ledger = new SeenLedger();
  private readonly lastAuthor = new Map<string, "ai" | "agent">();

  constructor(
    private readonly config: WebChannelConfig,
    private readonly deps: ChannelDeps,
    private readonly sockets: VisitorSockets,
    private readonly getHost: () => ChannelHost | null,
  ) {
    this.limiter = new RateLimiter({ ...MESSAGE_RATE, now: () => deps.clock.now().getTime() });
  }

  /** The visitor's customer-visible history, oldest first (internal notes never included). */
  async history(visitorId: string): Promise<PublicMessage[]> {
    const messages = await this.deps.history({ kind: "web", value: visitorId }, this.config.history_limit);
    for (const m of messages) this.learn(visitorId, m);
    return toPublicHistory(messages, this.config.history_limit);
  }

  /**
   * Stores a customer message. Resolves only after the hub persisted it; the
   * same clientMessageId twice gives the same messageId. The message is echoed
   * to the visitor's other sockets (`from` is the one it came on, if any).
   */
  async postMessage(visitorId: string, input: { clientMessageId: string; text: string }, from?: WebSocket): Promise<PostMessageResponse> {
    const text = input.text.trim();
    if (text.length === 0) throw new WebChatError(422, "empty_text", "text must not be empty");
    if (text.length > this.config.max_text_length) {
      throw new WebChatError(413, "text_too_long", `text is longer than ${this.config.max_text_length} characters`);
    }
    const host = this.getHost();
    if (!host) throw new WebChatError(503, "not_ready", "the web chat is not accepting messages right now; try again shortly", 2000);
    const rate = this.limiter.take(visitorId);
    if (!rate.ok) throw new WebChatError(429, "rate_limited", "too many messages; slow down a little", rate.retryAfterMs);

    const receivedAt = this.deps.clock.now();
    let outcome;
    try {
      [outcome] = await host.ingest([{
        channel: "web",
        externalId: `${visitorId}:${input.clientMessageId}`,
        sender: { kind: "web", value: visitorId },
        address: { visitorId },
        text,
        attachments: [],
        receivedAt,
      }]);
    } catch (err) {
      this.deps.logger.error({ err, visitorId }, "web chat: ingest failed");
      throw new WebChatError(503, "unavailable", "the message could not be stored; please try again", 2000);
    }
    if (!outcome) throw new WebChatError(503, "unavailable", "the message could not be stored; please try again", 2000);

    if (!outcome.duplicate) {
      const message: PublicMessage = {
        id: outcome.messageId, direction: "inbound", authorKind: "customer", text,
        createdAt: receivedAt.toISOString(), deliveryState: "received",
      };
      void this.sockets.push(visitorId, { type: "message", message }, from).catch(() => undefined);
    }
    return { messageId: outcome.messageId, conversationId: outcome.conversationId, state: "received" };
  }

  /** Pushes an outbound message to the visitor's sockets; resolves with how many got it. */
  async deliver(visitorId: string, message: OutboundMessage): Promise<number> {
    if (this.sockets.visitorHasSockets(visitorId) === false) return 0;
    const authorKind = message.authorKind;
    if (authorKind === "agent" || authorKind === "ai") this.lastAuthor.set(visitorId, authorKind);
    this.ledger.remember(visitorId, message.messageId);
    const frame: PublicMessage = {
      id: message.messageId, direction: "outbound", authorKind, text: message.text,
      createdAt: message.createdAt.toISOString(), deliveryState: "delivered",
    };
    return this.sockets.push(visitorId, { type: "message", message: frame });
  }

  async typing(visitorId: string, on: boolean): Promise<void> {
    await this.sockets.push(visitorId, { type: "typing", on, author: this.lastAuthor.get(visitorId) ?? "ai" });
  }

  /** The visitor saw these messages: report each of their outbound messages as read, once. */
  async markSeen(visitorId: string, messageIds: readonly string[]): Promise<void> {
    const host = this.getHost();
    if (!host) return;
    const ids = [...new Set(messageIds)];
    if (ids.some((id) => this.ledger.state(visitorId, id) === "unknown")) await this.history(visitorId);
    for (const id of ids) {
      if (this.ledger.state(visitorId, id) !== "unread") continue;
      this.ledger.markRead(visitorId, id);
      try {
        await host.deliveryUpdate({ channel: "web", messageId: id, state: "read" });
      } catch (err) {
        this.deps.logger.warn({ err, visitorId, messageId: id }, "web chat: delivery update failed");
      }
    }
  }

  private learn(visitorId: string, m: Message): void {
    if (m.direction === "outbound") this.ledger.remember(visitorId, m.id, m.deliveryState === "read");
  }

}
