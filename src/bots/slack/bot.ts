import { App, SocketModeReceiver, webApi } from "@slack/bolt";
import type { Express } from "express";
import type { BotDeps } from "../../core/escalation/module.js";
import type { HttpEscalationBot } from "../../core/escalation/module.js";
import { BotError, type AgentDesk, type EscalationTarget } from "../../core/escalation/port.js";
import type { EscalationRef } from "../../core/model/index.js";
import { createActorResolver } from "./actors.js";
import { boltLogger } from "./bolt-logger.js";
import { renderCard } from "./card.js";
import { missingModeSecret, type SlackConfig } from "./config.js";
import type { SlackContext } from "./context.js";
import { mapSlackError } from "./errors.js";
import { registerEventListeners } from "./events.js";
import { registerInteractionListeners } from "./interactions.js";
import { renderMirror } from "./mirror.js";
import { esc } from "./mrkdwn.js";
import { reactionTable } from "./reactions.js";
import { createMountedReceiver } from "./receiver.js";
import { createStatusTracker } from "./status.js";
import { createThreadRegistry } from "./threads.js";

export interface SlackBotOptions {
  /** Web API retries per call (default 2; tests pass 0 — the hub retries BotError transient/rate_limited itself). */
  retries?: number;
  /** Web API call timeout in ms (default 10 000). */
  timeoutMs?: number;
}

export interface SlackBot extends HttpEscalationBot {
  /** The Bolt app once started (tests assert how it was built, e.g. Socket Mode). */
  readonly app: App | null;
}

/**
 * Builds the Bolt app for the configured mode: http → our receiver on the
 * hub's express app; socket → Bolt's SocketModeReceiver with the app-level
 * token (its apps.connections.open call goes to the same api_url).
 */
export function buildSlackApp(
  config: SlackConfig,
  parts: {
    receiver: ReturnType<typeof createMountedReceiver>;
    logger: ReturnType<typeof boltLogger>;
    clientOptions: webApi.WebClientOptions;
    botId?: string;
    botUserId?: string;
  },
): App {
  const common = {
    token: config.bot_token!,
    ...(parts.botId ? { botId: parts.botId } : {}),
    ...(parts.botUserId ? { botUserId: parts.botUserId } : {}),
    logger: parts.logger,
    clientOptions: parts.clientOptions,
    convoStore: false as const,
    ignoreSelf: true,
  };
  if (config.mode === "socket") {
    const receiver = new SocketModeReceiver({
      appToken: config.app_token!,
      logger: parts.logger,
      installerOptions: { clientOptions: parts.clientOptions },
    });
    return new App({ ...common, socketMode: true, appToken: config.app_token!, receiver });
  }
  return new App({ ...common, receiver: parts.receiver });
}

/**
 * The Slack escalation bot (see the contract in core/escalation/port.ts).
 * Outbound calls go through one WebClient; every failure is mapped to a
 * BotError and recorded in `status()` (token-level → whole bot, channel-level
 * → that target).
 */
export function createSlackBot(config: SlackConfig, deps: BotDeps, options: SlackBotOptions = {}): SlackBot {
  const logger = deps.logger; // the hub already binds { bot: "slack" }
  const bLogger = boltLogger(logger);
  const misconfigured = missingModeSecret(config);
  const status = createStatusTracker({ ok: false, detail: misconfigured ? `disabled: ${misconfigured}` : "not started" });
  const clientOptions: webApi.WebClientOptions = {
    ...(config.api_url ? { slackApiUrl: config.api_url.endsWith("/") ? config.api_url : `${config.api_url}/` } : {}),
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 500, maxTimeout: 4000 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logger: bLogger,
  };
  const client = new webApi.WebClient(config.bot_token, clientOptions);
  // Posts whose repeat would be visible (a thread's first post) are never retried inside the SDK: a 5xx or a
  // timeout after Slack took the post would open a second thread. The relay retries them after findThread.
  const onceClient = new webApi.WebClient(config.bot_token, { ...clientOptions, retryConfig: { retries: 0 } });
  const receiver = createMountedReceiver({
    path: config.events_path,
    signingSecret: config.mode === "http" ? (config.signing_secret ?? null) : null,
    logger,
    boltLogger: bLogger,
    now: () => deps.clock.now().getTime(),
  });
  const threads = createThreadRegistry();
  for (const target of deps.behaviour.targets ?? []) threads.rememberTarget(target);
  const { byName: reactions, unknown } = reactionTable(deps.behaviour.reactions);
  if (unknown.length > 0) logger.warn({ emoji: unknown }, "slack: reactions without a known Slack name are ignored; write them as :name:");
  let desk: AgentDesk | null = null;
  let app: App | null = null;
  const own: { botUserId?: string; botId?: string } = {
    ...(config.bot_user_id ? { botUserId: config.bot_user_id } : {}),
    ...(config.bot_id ? { botId: config.bot_id } : {}),
  };
  const ctx: SlackContext = {
    desk: () => desk,
    client,
    own,
    behaviour: deps.behaviour,
    threads,
    reactions,
    clock: deps.clock,
    logger,
    actors: createActorResolver(
      (user) => client.users.info({ user }),
      () => deps.clock.now().getTime(),
    ),
  };

  /** Runs one Web API call, mapping failures to BotError and keeping status per target. */
  async function call<T>(method: string, target: string | null, fn: () => Promise<T>): Promise<T> {
    if (misconfigured) throw new BotError("auth", `slack bot disabled: ${misconfigured}`);
    try {
      const result = await fn();
      status.succeeded(target);
      return result;
    } catch (err) {
      const mapped = mapSlackError(err, method);
      status.failed(mapped, target);
      logger.warn({ method, code: mapped.code, kind: mapped.error.kind, target }, `slack: ${method} failed (${mapped.code})`);
      throw mapped.error;
    }
  }
  /** Message metadata type on every escalation thread's first post (Slack message metadata). */
  const ESCALATION_METADATA = "threadline_escalation";
  /** How many of the channel's newest messages a lost thread is looked for in (a retry follows the post within minutes). */
  const FIND_THREAD_SCAN = 200;
  const targetKey = (channel: string) => threads.targetOfChannel(channel)?.name ?? channel;

  return {
    platform: "slack",
    get app() {
      return app;
    },

    mount(expressApp: Express) {
      if (config.mode === "http") receiver.mount(expressApp);
    },

    async start(agentDesk) {
      desk = agentDesk;
      if (misconfigured) {
        logger.error(`slack: not running: ${misconfigured}`);
        return;
      }
      if (!own.botUserId || !own.botId) {
        try {
          const who = await call("auth.test", null, () => client.auth.test());
          if (who.user_id) own.botUserId = who.user_id;
          if (who.bot_id) own.botId = who.bot_id;
        } catch (err) {
          logger.error({ kind: (err as BotError).kind }, "slack: not running: auth.test failed");
          return;
        }
      }
      app = buildSlackApp(config, { receiver, logger: bLogger, clientOptions, ...own });
      registerEventListeners(app, ctx);
      registerInteractionListeners(app, ctx);
      app.error(async (err) => {
        logger.error({ err }, "slack: a listener failed");
      });
      try {
        await app.start();
      } catch (err) {
        status.disabled(`socket mode connection failed: ${(err as Error).message}`);
        logger.error({ err }, "slack: could not connect");
        return;
      }
      status.started(config.mode === "socket" ? "connected (socket mode)" : `receiving events at ${config.events_path}`);
      logger.info({ mode: config.mode }, "slack: bot running");
    },

    async stop() {
      const running = app;
      app = null;
      desk = null;
      status.stopped();
      if (running) await running.stop().catch((err: unknown) => logger.warn({ err }, "slack: stop failed"));
    },

    status: () => status.status(),

    async openThread(target: EscalationTarget, view) {
      threads.rememberTarget(target);
      const { text, blocks } = renderCard(view, { mention: target.mention, cannedNames: deps.behaviour.cannedNames, targetNames: deps.behaviour.targetNames });
      const posted = await call("chat.postMessage", target.name, () =>
        onceClient.chat.postMessage({
          channel: target.channel,
          text,
          blocks: blocks as never,
          unfurl_links: false,
          unfurl_media: false,
          // Names the conversation on the message itself, so a retry after a lost answer finds this thread (findThread).
          metadata: { event_type: ESCALATION_METADATA, event_payload: { conversation_id: view.conversation.id } },
        }),
      );
      const ts = posted.ts;
      if (!ts) throw new BotError("transient", "slack chat.postMessage: no ts in the answer");
      const channel = posted.channel ?? target.channel;
      threads.remember(ts, { conversationId: view.conversation.id, channel, replyTo: view.replyTo, contactName: view.contact.name, mention: target.mention });
      let url: string | undefined;
      try {
        url = (await client.chat.getPermalink({ channel, message_ts: ts })).permalink;
      } catch {
        url = undefined; // a link is a convenience; the thread exists
      }
      return { platform: "slack", target: channel, threadId: ts, ...(url ? { url } : {}) };
    },

    async findThread(target: EscalationTarget, conversationId: string) {
      threads.rememberTarget(target);
      const found = await call("conversations.history", target.name, () =>
        client.conversations.history({ channel: target.channel, include_all_metadata: true, limit: FIND_THREAD_SCAN }),
      );
      const starter = (found.messages ?? []).find(
        (m) =>
          m.metadata?.event_type === ESCALATION_METADATA &&
          (m.metadata.event_payload as { conversation_id?: unknown } | undefined)?.conversation_id === conversationId,
      );
      // The relay re-renders the card right after, which also makes the thread known to this process again.
      if (!starter?.ts) return null;
      let url: string | undefined;
      try {
        url = (await client.chat.getPermalink({ channel: target.channel, message_ts: starter.ts })).permalink;
      } catch {
        url = undefined;
      }
      return { platform: "slack", target: target.channel, threadId: starter.ts, ...(url ? { url } : {}) };
    },

    async mirror(ref: EscalationRef, entry) {
      const info = threads.info(ref.threadId);
      const { text, blocks } = renderMirror(entry, info?.contactName ?? null);
      const posted = await call("chat.postMessage", targetKey(ref.target), () =>
        client.chat.postMessage({ channel: ref.target, thread_ts: ref.threadId, text, blocks: blocks as never, unfurl_links: false, unfurl_media: false }),
      );
      if (posted.ts) threads.rememberMessage(posted.ts, ref.threadId);
    },

    async update(ref: EscalationRef, view) {
      const info = threads.info(ref.threadId);
      threads.remember(ref.threadId, { conversationId: view.conversation.id, channel: ref.target, replyTo: view.replyTo, contactName: view.contact.name });
      const { text, blocks } = renderCard(view, {
        mention: info?.mention ?? [],
        cannedNames: deps.behaviour.cannedNames,
        targetNames: deps.behaviour.targetNames,
      });
      await call("chat.update", targetKey(ref.target), () => client.chat.update({ channel: ref.target, ts: ref.threadId, text, blocks: blocks as never }));
    },

    async notify(target: EscalationTarget, text: string, notifyOptions?: { linkTo?: EscalationRef }) {
      threads.rememberTarget(target);
      const link = notifyOptions?.linkTo?.url ? ` (<${notifyOptions.linkTo.url}|original thread>)` : "";
      const body = `${target.mention.length > 0 ? `${target.mention.join(" ")} ` : ""}${esc(text)}${link}`;
      const posted = await call("chat.postMessage", target.name, () =>
        client.chat.postMessage({ channel: target.channel, text: body, unfurl_links: false, unfurl_media: false }),
      );
      if (!posted.ts) throw new BotError("transient", "slack chat.postMessage: no ts in the answer");
      return { platform: "slack", target: posted.channel ?? target.channel, threadId: posted.ts };
    },
  };
}
