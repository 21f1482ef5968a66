import type { Express } from "express";
import { z } from "zod";
import type { ChannelHost, OutboundMessage, SendResult } from "../../core/channel/adapter.js";
import { SendError } from "../../core/channel/adapter.js";
import type { ChannelDeps, HttpChannelAdapter } from "../../core/channel/module.js";
import type { WhatsappCloudConfig } from "./config.js";
import { createGraphClient, GRAPH_ERRORS, GraphApiError, type GraphClient } from "./graph-client.js";
import { MAX_TEXT_LENGTH, messageBody, templateBody } from "./outbound.js";
import { mountWebhookRoutes } from "./webhook-routes.js";
import { createReplyWindow, REPLY_WINDOW_HOURS, type ReplyWindow } from "./window.js";

/** Where a WhatsApp reply goes: the customer's number in E.164. */
export const whatsappCloudAddressSchema = z.object({ phone: z.string().regex(/^\+[1-9]\d{5,14}$/) });
export type WhatsappCloudAddress = z.output<typeof whatsappCloudAddressSchema>;

export const OUTSIDE_WINDOW_MESSAGE = "outside the 24-hour customer-service window; configure channels.whatsapp-cloud.window_template";

export interface WhatsappCloudAdapter extends HttpChannelAdapter {
  readonly id: "whatsapp-cloud";
  /** The customer-service window per customer (exposed for tests and diagnostics). */
  readonly replyWindow: ReplyWindow;
}

export interface WhatsappCloudOptions {
  /** Replaces the Graph API client (tests usually point `api_base` at a stand-in instead). */
  graph?: GraphClient;
}

/**
 * The WhatsApp Cloud API channel: a signed webhook in, the Graph API out.
 * Free text goes out only inside the 24-hour customer-service window; outside
 * it the configured template is sent instead, or the send fails as
 * `unsupported` so the outbox marks the message failed where agents see it.
 */
export function createWhatsappCloudAdapter(config: WhatsappCloudConfig, deps: ChannelDeps, options: WhatsappCloudOptions = {}): WhatsappCloudAdapter {
  const { logger, clock } = deps;
  const replyWindow = createReplyWindow();
  let host: ChannelHost | null = null;
  let stopped = false;
  let mounted = false;
  const graph =
    options.graph ??
    createGraphClient({
      apiBase: config.api_base,
      apiVersion: config.api_version,
      phoneNumberId: config.phone_number_id ?? "",
      accessToken: config.access_token ?? "",
    });

  function phoneOf(address: Record<string, unknown>): string {
    const parsed = whatsappCloudAddressSchema.safeParse(address);
    if (!parsed.success) throw new SendError("invalid_recipient", 'a WhatsApp address is { phone: "+<E.164 number>" }');
    return parsed.data.phone;
  }

  async function sendTemplate(to: string, message: OutboundMessage): Promise<SendResult> {
    const template = config.window_template;
    if (!template) throw new SendError("unsupported", OUTSIDE_WINDOW_MESSAGE);
    const externalId = await graph.sendMessage(templateBody(to, template));
    logger.info(
      { messageId: message.messageId, template: template.name },
      "whatsapp-cloud: outside the 24-hour window; sent the window template instead of the text",
    );
    return { externalId };
  }

  return {
    id: "whatsapp-cloud",
    replyWindow,
    capabilities: { maxTextLength: MAX_TEXT_LENGTH, buttons: true, attachments: false, typing: false, replyWindowHours: REPLY_WINDOW_HOURS },

    mount(app: Express) {
      if (!config.enabled) return;
      if (!config.app_secret || !config.verify_token) {
        logger.error("whatsapp-cloud: app_secret and verify_token are required; webhook not mounted");
        return;
      }
      mountWebhookRoutes(app, {
        path: config.webhook_path,
        appSecret: config.app_secret,
        verifyToken: config.verify_token,
        phoneNumberId: config.phone_number_id ?? "",
        clock,
        logger,
        getHost: () => (stopped ? null : host),
        onInbound: (phone, at) => replyWindow.record(phone, at),
        onWindowClosed: (phone) => replyWindow.close(phone),
      });
      mounted = true;
      logger.info({ path: config.webhook_path }, "whatsapp-cloud: webhook mounted");
    },

    async start(channelHost: ChannelHost) {
      host = channelHost;
      stopped = false;
    },

    async stop() {
      stopped = true;
    },

    status() {
      if (!config.enabled) return { ok: true, detail: "disabled" };
      if (stopped) return { ok: false, detail: "stopped" };
      if (!host) return { ok: false, detail: "not started" };
      if (!config.access_token) return { ok: false, detail: "access_token missing" };
      return { ok: true, detail: mounted ? `webhook at ${config.webhook_path}` : "sending only (webhook not mounted)" };
    },

    async send(address: Record<string, unknown>, message: OutboundMessage): Promise<SendResult> {
      const phone = phoneOf(address);
      if (stopped) throw new SendError("transient", "the WhatsApp channel is stopping");
      if (!config.access_token) throw new SendError("auth", "channels.whatsapp-cloud.access_token is not set");
      const to = phone.slice(1);
      // Free text is never sent outside the window: WhatsApp would refuse it (131047) or, worse, we would guess.
      if (!replyWindow.isOpen(phone, clock.now())) return sendTemplate(to, message);
      if (message.text.trim() === "") throw new SendError("unsupported", "WhatsApp cannot send an empty text message");
      if (message.text.length > MAX_TEXT_LENGTH) throw new SendError("unsupported", `text longer than ${MAX_TEXT_LENGTH} characters`);
      try {
        return { externalId: await graph.sendMessage(messageBody(to, message)) };
      } catch (err) {
        if (err instanceof GraphApiError && err.code === GRAPH_ERRORS.outsideWindow) {
          // WhatsApp knows better than our memory (e.g. clocks disagree): the window is closed.
          replyWindow.close(phone);
          return sendTemplate(to, message);
        }
        throw err;
      }
    },
  };
}
