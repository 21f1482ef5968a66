import type { Express } from "express";
import type { Server } from "node:http";
import { z } from "zod";
import type { ChannelHost, OutboundMessage, SendResult } from "../../core/channel/adapter.js";
import { SendError } from "../../core/channel/adapter.js";
import type { ChannelDeps, HttpChannelAdapter } from "../../core/channel/module.js";
import type { DeliveryState } from "../../core/model/index.js";
import { createChatService } from "./chat-service.js";
import { publicWidgetConfig, type WebChannelConfig } from "./config.js";
import { mountHttpRoutes } from "./http-routes.js";
import { createIdentify } from "./identify.js";
import { createIpLimits } from "./ip-limits.js";
import { createOriginPolicy } from "./origin.js";
import { resolveTokenSecret } from "./secret.js";
import { createSocketServer, type SocketServer, SOCKET_PATH } from "./socket-server.js";
import { createVisitorSockets } from "./visitor-sockets.js";
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
export interface WebChannelAdapter extends HttpChannelAdapter {
  readonly id: "web";
  /** The bundled widget (built when mounted). */
  widgetBundle(): Promise<WidgetBundle>;
  typing(address: Record<string, unknown>, on: boolean): Promise<void>;
  /**
   * Tells the visitor's open widgets about a delivery state, e.g. that their
   * message was read when an agent opened the conversation. (Not part of the
   * channel contract yet; the widget also shows a message as read once an
   * agent or the AI answered after it.)
   */
  notifyDelivery(address: Record<string, unknown>, messageId: string, state: DeliveryState): Promise<void>;
}

export function createWebChannelAdapter(config: WebChannelConfig, deps: ChannelDeps, options: WebAdapterOptions = {}): WebChannelAdapter {
  const sockets = createVisitorSockets();
  const secret = resolveTokenSecret(config.token_secret, deps.dataDir, deps.logger);
  const origins = createOriginPolicy(config.allowed_origins, deps.publicUrl);
  let host: ChannelHost | null = null;
  let socketServer: SocketServer | null = null;
  let widget: Promise<WidgetBundle> | null = null;
  let widgetError: string | null = null;
  let stopped = false;
  const limits = createIpLimits(config.limits, { now: () => deps.clock.now().getTime(), logger: deps.logger });
  const service = createChatService({
    config,
    clock: deps.clock,
    logger: deps.logger,
    history: deps.history,
    sockets,
    getHost: () => (stopped ? null : host),
  });

  const identify = createIdentify({ secret: config.identity_secret, clock: deps.clock, logger: deps.logger, getHost: () => (stopped ? null : host) });

  function widgetBundle(): Promise<WidgetBundle> {
    return widget ?? Promise.reject(new Error("the web chat is not mounted"));
  }

  function visitorOf(address: Record<string, unknown>): string {
    const parsed = webAddressSchema.safeParse(address);
    if (!parsed.success) throw new SendError("invalid_recipient", 'a web chat address is { visitorId: "vis_…" }');
    return parsed.data.visitorId;
  }

  return {
    id: "web",
    upgradePaths: [SOCKET_PATH],
    capabilities: { maxTextLength: config.max_text_length, buttons: false, attachments: false, typing: true, replyWindowHours: null },

    mount(app: Express, server: Server) {
      if (!config.enabled) return;
      const widgetConfig = publicWidgetConfig(config);
      widget = buildWidgetBundle(widgetConfig, options.moduleUrl);
      widget.then(
        (w) => deps.logger.info({ bytes: Buffer.byteLength(w.code), source: w.source }, "web chat: widget bundle ready"),
        (err: unknown) => {
          widgetError = err instanceof Error ? err.message : String(err);
          deps.logger.error({ err }, "web chat: building the widget failed; /widget.js answers 503");
        },
      );
      mountHttpRoutes(app, {
        service,
        secret,
        origins,
        widgetConfig,
        widget: widgetBundle,
        demoPage: config.demo_page,
        logger: deps.logger,
        limits,
        identify,
      });
      socketServer = createSocketServer({ service, sockets, secret, origins, logger: deps.logger, limits });
      socketServer.attach(server);
    },

    widgetBundle,

    async start(channelHost: ChannelHost) {
      host = channelHost;
      stopped = false;
    },

    async stop() {
      stopped = true;
      await socketServer?.stop();
    },

    status() {
      if (!config.enabled) return { ok: true, detail: "disabled" };
      if (stopped) return { ok: false, detail: "stopped" };
      if (!host) return { ok: false, detail: "not started" };
      if (widgetError) return { ok: false, detail: `widget unavailable: ${widgetError}` };
      const n = sockets.count();
      return { ok: true, detail: `${n} open socket${n === 1 ? "" : "s"}` };
    },

    async send(address: Record<string, unknown>, message: OutboundMessage): Promise<SendResult> {
      const visitorId = visitorOf(address);
      if (stopped) throw new SendError("transient", "the web chat is stopping");
      const delivered = await service.deliver(visitorId, message);
      // No open socket: the message is stored, and the widget shows it from history on the next visit.
      return delivered > 0 ? { externalId: message.messageId, delivered: true } : { externalId: message.messageId };
    },

    async typing(address: Record<string, unknown>, on: boolean) {
      await service.typing(visitorOf(address), on);
    },

    async notifyDelivery(address: Record<string, unknown>, messageId: string, state: DeliveryState) {
      await sockets.push(visitorOf(address), { type: "delivery", messageId, state });
    },
  };
}
