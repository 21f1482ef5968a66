import type { Express } from "express";
import type { Server } from "node:http";
import { z } from "zod";
import type { ChannelCapabilities, ChannelHost, OutboundMessage, SendResult } from "../../core/channel/adapter.js";
import { SendError } from "../../core/channel/adapter.js";
import type { ChannelDeps, HttpChannelAdapter } from "../../core/channel/module.js";
import type { DeliveryState } from "../../core/model/index.js";
import { ChatService } from "./chat-service.js";
import { publicWidgetConfig, type WebChannelConfig } from "./config.js";
import { mountHttpRoutes } from "./http-routes.js";
import { OriginPolicy } from "./origin.js";
import { resolveTokenSecret } from "./secret.js";
import { SocketServer } from "./socket-server.js";
import { VisitorSockets } from "./visitor-sockets.js";
import { buildWidgetBundle, type WidgetBundle } from "./widget-bundle.js";

/** Where a web chat reply goes: the visitor (all their open tabs). */
export const webAddressSchema = z.object({ visitorId: z.string().regex(/^vis_[0-9a-f]{32}$/) });
export type WebAddress = z.output<typeof webAddressSchema>;

export interface WebAdapterOptions {
  /** Module URL the widget sources are looked up from (tests); defaults to this module's. */
  moduleUrl?: string;
}

/**
 * The web chat channel: serves the widget and demo page, the HTTP routes and
 * the websocket, and delivers replies to every open socket of a visitor.
 */
export class WebChannelAdapter implements HttpChannelAdapter {
  readonly id = "web" as const;
  readonly capabilities: ChannelCapabilities;
  private readonly sockets = new VisitorSockets();
  private readonly service: ChatService;
  private readonly secret: Buffer;
  private readonly origins: OriginPolicy;
  private host: ChannelHost | null = null;
  private socketServer: SocketServer | null = null;
  private widget: Promise<WidgetBundle> | null = null;
  private widgetError: string | null = null;
  private stopped = false;

  constructor(private readonly config: WebChannelConfig, private readonly deps: ChannelDeps, private readonly options: WebAdapterOptions = {}) {
    this.capabilities = { maxTextLength: config.max_text_length, buttons: false, attachments: false, typing: true, replyWindowHours: null };
    this.secret = resolveTokenSecret(config.token_secret, deps.dataDir, deps.logger);
    this.origins = new OriginPolicy(config.allowed_origins, deps.publicUrl);
    this.service = new ChatService(config, deps, this.sockets, () => (this.stopped ? null : this.host));
  }

  mount(app: Express, server: Server): void {
    if (!this.config.enabled) return;
    const widgetConfig = publicWidgetConfig(this.config);
    this.widget = buildWidgetBundle(widgetConfig, this.options.moduleUrl);
    this.widget.then(
      (w) => this.deps.logger.info({ bytes: Buffer.byteLength(w.code), source: w.source }, "web chat: widget bundle ready"),
      (err: unknown) => {
        this.widgetError = err instanceof Error ? err.message : String(err);
        this.deps.logger.error({ err }, "web chat: building the widget failed; /widget.js answers 503");
      },
    );
    mountHttpRoutes(app, {
      service: this.service,
      secret: this.secret,
      origins: this.origins,
      widgetConfig,
      widget: () => this.widgetBundle(),
      demoPage: this.config.demo_page,
      logger: this.deps.logger,
    });
    this.socketServer = new SocketServer({ service: this.service, sockets: this.sockets, secret: this.secret, origins: this.origins, logger: this.deps.logger });
    this.socketServer.attach(server);
  }

  /** The bundled widget (built when mounted). */
  widgetBundle(): Promise<WidgetBundle> {
    return this.widget ?? Promise.reject(new Error("the web chat is not mounted"));
  }

  async start(host: ChannelHost): Promise<void> {
    this.host = host;
    this.stopped = false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.socketServer?.stop();
  }

  status(): { ok: boolean; detail: string } {
    if (!this.config.enabled) return { ok: true, detail: "disabled" };
    if (this.stopped) return { ok: false, detail: "stopped" };
    if (!this.host) return { ok: false, detail: "not started" };
    if (this.widgetError) return { ok: false, detail: `widget unavailable: ${this.widgetError}` };
    const n = this.sockets.count();
    return { ok: true, detail: `${n} open socket${n === 1 ? "" : "s"}` };
  }

  async send(address: Record<string, unknown>, message: OutboundMessage): Promise<SendResult> {
    const visitorId = this.visitorOf(address);
    if (this.stopped) throw new SendError("transient", "the web chat is stopping");
    const delivered = await this.service.deliver(visitorId, message);
    // No open socket: the message is stored, and the widget shows it from history on the next visit.
    return delivered > 0 ? { externalId: message.messageId, delivered: true } : { externalId: message.messageId };
  }

  async typing(address: Record<string, unknown>, on: boolean): Promise<void> {
    await this.service.typing(this.visitorOf(address), on);
  }

  /**
   * Tells the visitor's open widgets about a delivery state, e.g. that their
   * message was read when an agent opened the conversation. (Not part of the
   * channel contract yet; the widget also shows a message as read once an
   * agent or the AI answered after it.)
   */
  async notifyDelivery(address: Record<string, unknown>, messageId: string, state: DeliveryState): Promise<void> {
    await this.sockets.push(this.visitorOf(address), { type: "delivery", messageId, state });
  }

  private visitorOf(address: Record<string, unknown>): string {
    const parsed = webAddressSchema.safeParse(address);
    if (!parsed.success) throw new SendError("invalid_recipient", "a web chat address is { visitorId: \"vis_…\" }");
    return parsed.data.visitorId;
  }
}
