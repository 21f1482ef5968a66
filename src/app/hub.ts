import { resolve } from "node:path";
import { demoShopRouter } from "./demo-shop/router.js";
import type { Fetch } from "../core/actions/http.js";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChannelAdapter, ChannelHost } from "../core/channel/adapter.js";
import { isHttpAdapter, type ChannelModule } from "../core/channel/module.js";
import { systemClock, type Clock } from "../core/clock.js";
import type { MissingEnv } from "../core/config/interpolate.js";
import type { ThreadlineConfig } from "../core/config/schema.js";
import type { Logger } from "../core/logger.js";
import { makeEvent, type ChannelId } from "../core/model/index.js";
import { createOutboxWorker, type OutboxWorker } from "../core/outbox/worker.js";
import { wireTimers } from "./timers.js";
import { queueTargets, targetOf } from "../core/escalation/routing.js";
import { createAssigner } from "../core/escalation/assignment.js";
import type { Decider } from "../core/pipeline/decision.js";
import { createDispatcher, type Dispatcher } from "../core/pipeline/dispatcher.js";
import { createExternalReplyRecorder, createIngest } from "../core/pipeline/ingest.js";
import type { Store } from "../core/store/port.js";
import { createHttpApp } from "./http.js";
import { createSqliteWriteProbe } from "./store-probe.js";
import { planChannels, type BotPlan, type ChannelPlan } from "./channel-plan.js";
import type { RunningKnowledgeBase } from "../knowledge/index.js";
import { createHubMetrics } from "./metrics.js";
import { buildDecider } from "./ai.js";
import { wireEscalation } from "./escalation.js";
import { mountConversationApi } from "./conversation-api.js";
import { wireConsole } from "./console.js";
import { mountContactApi } from "./contact-api.js";
import { applyVerifiedIdentity, linkOnMatch, resolveLiveContact } from "../core/identity/index.js";
import type { AiProvider } from "../ai/port.js";
import type { BotModule } from "../core/escalation/module.js";
import type { AgentDesk, EscalationBot } from "../core/escalation/port.js";
import type { EscalationRelay } from "../core/escalation/relay.js";
import type { WordVectorSource } from "../ai/local/word-vectors.js";
import { createEditHandler } from "./edits.js";
import { createResender } from "./dead-replies.js";
import { guardFloodsAsConfigured } from "../core/pipeline/flood-guard.js";
import { firesMessageRule } from "../ai/flow/risk-watch.js";

export interface HubOptions {
  config: ThreadlineConfig;
  missingEnv: MissingEnv[];
  channels: readonly ChannelModule[];
  /** Absolute data directory (SQLite file, channel state). */
  dataDir: string;
  logger: Logger;
  store: Store;
  clock?: Clock;
  /** Listen address; omit `listen` entirely to not open a port (simulate). */
  listen?: { host: string; port: number };
  /** Replaces the decision step (the AI core plugs in here; tests pass slow or failing ones). */
  decide?: Decider;
  /** Replaces adapters by channel id (simulate's virtual channels, tests' fakes). */
  adapterOverrides?: Partial<Record<ChannelId, ChannelAdapter>>;
  /** The running knowledge base: guards every AI answer, reports on /metrics, stopped before the store closes. */
  knowledge?: RunningKnowledgeBase;
  /** The AI provider (the composition root passes OpenAI with local fall-back); default: the local provider. */
  ai?: AiProvider;
  /** Word vectors for the local provider's classifier (src/app/word-vectors.ts); none = sparse features only. */
  wordVectors?: WordVectorSource;
  /** Bot platforms from the registry (src/bots/registry.ts); a platform configured under `bots:` runs when its secrets are set. */
  bots?: readonly BotModule[];
  /** Replaces bots by platform (simulate's virtual workspace, tests' fakes). */
  botOverrides?: Readonly<Record<string, EscalationBot>>;
  /** Transport for actions (simulate's declared stand-in responses); default: global fetch. */
  actionFetch?: Fetch;
  /** Base URL of relative action URLs; default: where the hub listens (the demo shop is served there), else hub.public_url. */
  actionBaseUrl?(): string;
}

export interface Hub {
  url: string | null;
  store: Store;
  plan: ChannelPlan[];
  /** What became of each registered bot platform (on / off / disabled, with the reason). */
  bots: BotPlan[];
  ingest: ChannelHost["ingest"];
  dispatcher: Dispatcher;
  outbox: OutboxWorker;
  /** Where agents' actions from Slack / Discord (or simulate) are applied. */
  desk: AgentDesk;
  relay: EscalationRelay;
  /** Waits until every decision is made and every due delivery attempted (simulate, tests). */
  settle(): Promise<void>;
  /** Graceful shutdown: stop intake, drain decisions and the outbox, stop channels, close the store. */
  stop(): Promise<void>;
}

/**
 * Composes and starts the hub from a validated config: channels from the
 * registry (those missing a secret are reported, not fatal), the ingest →
 * decision → outbox pipeline, HTTP with health checks, and crash recovery
 * (undecided messages are decided, pending deliveries resumed).
 */
export async function startHub(options: HubOptions): Promise<Hub> {
  const { config, logger, store } = options;
  const clock = options.clock ?? systemClock;
  const plan = planChannels(config, options.channels, options.missingEnv);
  const adapters = new Map<ChannelId, ChannelAdapter>();

  for (const entry of plan) {
    if (entry.state !== "on") continue;
    const override = options.adapterOverrides?.[entry.id];
    const module = options.channels.find((c) => c.id === entry.id)!;
    const adapter =
      override ??
      (await module.create(entry.config, {
        logger: logger.child({ channel: entry.id }),
        clock,
        dataDir: options.dataDir,
        publicUrl: config.hub.public_url,
        history: async (identity, limit) => {
          const contact = await store.findContactByIdentity(identity);
          if (!contact) return [];
          const [latest] = await store.listConversations({ contactId: contact.id, limit: 1 });
          if (!latest) return [];
          return (await store.listMessages(latest.id, { limit: limit * 2 })).filter((m) => m.direction !== "internal").slice(-limit);
        },
      }));
    adapters.set(entry.id, adapter);
  }
  for (const [id, adapter] of Object.entries(options.adapterOverrides ?? {}) as [ChannelId, ChannelAdapter][]) {
    if (!adapters.has(id)) adapters.set(id, adapter);
  }

  const outbox = createOutboxWorker({
    store,
    clock,
    logger: logger.child({ part: "outbox" }),
    adapter: (id) => adapters.get(id),
    // An agent's (or the AI's) message that can never be delivered is reported in the conversation's threads.
    onUndeliverable: (entry, error) => {
      consoleWiring.changed(entry.conversationId);
      void (async () => {
        const conversation = await store.getConversation(entry.conversationId);
        const message = await store.getMessage(entry.messageId);
        if (!conversation || !message) return;
        const preview = message.text.length > 80 ? `${message.text.slice(0, 77)}…` : message.text;
        await escalation.relay.mirrorText(
          conversation,
          `⚠ Not delivered to the customer on ${entry.channel}: “${preview}” (${error}). Resend it from the console (or \`threadline outbox resend ${entry.messageId} --via CHANNEL\`), pick another channel, or wait for the customer to write.`,
        );
      })().catch((err: unknown) => logger.warn({ err }, "reporting an undeliverable message failed"));
    },
    // A reply still failing after max_attempts keeps being retried; agents learn once that it is late.
    onDelayed: (entry, error) => {
      void (async () => {
        const conversation = await store.getConversation(entry.conversationId);
        if (conversation)
          await escalation.relay.mirrorText(
            conversation,
            `⏳ A reply to the customer on ${entry.channel} is delayed (${error}); it is retried until the channel takes it.`,
          );
      })().catch((err: unknown) => logger.warn({ err }, "reporting a delayed message failed"));
    },
    settings: {
      maxAttempts: config.outbox.max_attempts,
      baseDelayMs: config.outbox.base_delay,
      maxDelayMs: config.outbox.max_delay,
      leaseMs: config.outbox.lease,
      pollIntervalMs: config.outbox.poll_interval,
    },
  });
  const baseDecide =
    options.decide ??
    buildDecider({
      config,
      store,
      logger,
      clock,
      onQueued: () => outbox.nudge(),
      wordVectors: options.wordVectors ?? null,
      ...(options.actionFetch ? { actionFetch: options.actionFetch } : {}),
      actionBaseUrl: options.actionBaseUrl ?? (() => url ?? config.hub.public_url),
      // The relay is wired below; decisions run only after start-up, so it exists by then.
      reachable: (card, contact) => escalation.relay.reaches(card, contact),
      ...(options.ai ? { provider: options.ai } : {}),
      ...(options.knowledge ? { knowledge: options.knowledge } : {}),
    }).decide;
  // Automatic assignment per queue (round robin / least busy, capped); the relay and console are read lazily.
  const assigner = createAssigner({
    store,
    clock,
    agents: config.agents,
    businessHours: config.business_hours,
    policies: Object.fromEntries(Object.entries(config.queues).map(([id, q]) => [id, q.assignment])),
    onAssigned: (c, agent) => {
      consoleWiring.changed(c.id);
      void escalation.relay.refresh(c.id).catch((err: unknown) => logger.warn({ err }, "card refresh failed"));
      void escalation.relay
        .mirrorText(c, `👤 Assigned to ${agent.name} (${config.queues[c.queue ?? ""]?.assignment.mode.replace("_", " ")}).`)
        .catch((err: unknown) => logger.warn({ err }, "telling the threads about an assignment failed"));
    },
  });
  const assignQueue = (queue: string | null) => {
    if (queue) void assigner.fill(queue).catch((err: unknown) => logger.error({ err, queue }, "automatic assignment failed"));
  };
  // Timers (snooze wake-ups, SLA breaches) live in the store; the scheduler fires them. The relay is read lazily.
  const timers = wireTimers({
    config,
    store,
    clock,
    logger,
    relay: () => escalation.relay,
    onQueued: () => outbox.nudge(),
    dataDir: options.dataDir,
    kbDigest: () => options.knowledge?.digest() ?? null,
    alert: async (text) => {
      const target = config.escalation.fallback ? targetOf(config.escalation, config.escalation.fallback) : null;
      const bot = target ? escalation.bots.get(target.platform) : undefined;
      if (!target || !bot) return false;
      await bot.notify(target, text);
      return true;
    },
    postToQueue: async (queue, text) => {
      let posted = 0;
      for (const name of queueTargets(config.escalation, queue)) {
        const target = targetOf(config.escalation, name);
        const bot = target ? escalation.bots.get(target.platform) : undefined;
        if (!target || !bot) continue;
        try {
          await bot.notify(target, text);
          posted++;
        } catch (err) {
          logger.warn({ err, target: name }, "posting the handover digest failed");
        }
      }
      return posted;
    },
    conversationUrl: (id) => `${(url ?? config.hub.public_url).replace(/\/$/, "")}/console/c/${encodeURIComponent(id)}`,
    onShiftStart: async () => void (await assigner.fillAll()),
  });
  const consoleWiring = wireConsole({ config, store, clock, logger });
  const resend = createResender({
    store,
    clock,
    onResent: (id) => {
      outbox.nudge();
      consoleWiring.changed(id);
    },
  });
  /** Survey schedulings in flight after agents' changes (see `settle`). */
  const surveysScheduling = new Set<Promise<void>>();
  const escalation = await wireEscalation({
    config,
    missingEnv: options.missingEnv,
    modules: options.bots ?? [],
    overrides: options.botOverrides ?? {},
    store,
    clock,
    logger,
    dataDir: options.dataDir,
    onQueued: () => outbox.nudge(),
    queueCardUpdates: (id) => timers.cardUpdates(id),
    onConversationChanged: (id) => {
      timers.follow(id);
      const survey = timers.surveys.afterChange(id).catch((err: unknown) => logger.warn({ err }, "scheduling the satisfaction survey failed"));
      // Tracked, so `settle` (tests, simulate) sees the survey a resolution schedules.
      surveysScheduling.add(survey);
      void survey.finally(() => surveysScheduling.delete(survey));
      consoleWiring.changed(id);
      // A resolution or hand-back may free an agent's room: give out what waits in that queue.
      void store
        .getConversation(id)
        .then((c) => assignQueue(c?.queue ?? null))
        .catch(() => undefined);
    },
    screenShareHelp: () => {
      const id = config.escalation.call.screen_share_article;
      const served = id ? options.knowledge?.snapshot()?.served.find((a) => a.article.id === id) : undefined;
      if (!served) return null;
      const body = served.passages
        .map((p) => p.text)
        .join(" ")
        .replace(/\s+/g, " ")
        .trim();
      return `${served.article.title}: ${body.length > 600 ? `${body.slice(0, 597)}…` : body}`;
    },
  });
  // Every AI-written reply passes the forbidden-phrasing guard before it can be queued.
  // Per-contact flood control wraps everything: a contact over the limit costs no AI call (and gets one notice).
  const decide = guardFloodsAsConfigured(options.knowledge ? options.knowledge.guardDecisions(baseDecide) : baseDecide, config.limits, {
    store,
    logger: logger.child({ part: "limits" }),
    defaultLocale: config.hub.default_locale,
    mustDecide: (input) =>
      firesMessageRule(config.rules, config.queues, { text: input.message.text, contact: input.contact, conversation: input.conversation, now: input.now }),
  });
  const dispatcher = createDispatcher({
    store,
    clock,
    logger: logger.child({ part: "decision" }),
    decide,
    onQueued: () => outbox.nudge(),
    onDecided: (message, conversation, decision) => {
      if (decision.escalation) {
        timers.escalated(conversation.id, decision.escalation);
        assignQueue(decision.escalation.queue);
      } else timers.decided(conversation, decision);
      consoleWiring.decided(conversation, decision);
      const work = decision.escalation
        ? escalation.relay.open(conversation.id)
        : decision.raise
          ? escalation.relay.raise(conversation, message, decision.raise.note)
          : conversation.owner === "human" && message.direction === "inbound"
            ? timers.mirror(conversation, message)
            : null;
      void work?.catch((err: unknown) => logger.error({ err, conversationId: conversation.id }, "escalation relay failed"));
    },
    typing: async (conversation, on) => {
      const adapter = adapters.get(conversation.lastChannel);
      const address = conversation.addresses[conversation.lastChannel];
      if (adapter?.typing && adapter.capabilities.typing && address) await adapter.typing(address, on);
    },
  });
  let accepting = true;
  /** Re-renders the card of a contact's active conversation (its attributes changed); best effort. */
  const refreshContactCards = (contactId: string): void => {
    void (async () => {
      const active = await store.findActiveConversation(contactId);
      if (active?.handoff) await escalation.relay.refresh(active.id);
    })().catch((err: unknown) => logger.warn({ err, contactId }, "refreshing a card after an attribute change failed"));
  };
  const ingestMessages = createIngest({
    store,
    clock,
    logger: logger.child({ part: "ingest" }),
    policy: { continuityWindowMs: config.conversations.continuity_window, reopenWindowMs: config.conversations.reopen_window },
    onPersisted: (message, isNew) => dispatcher.submit(message, isNew),
    surveyAnswer: (contact, inbound) => timers.surveys.answer(contact, inbound),
    // A customer's edit (Telegram) reaches the threads ("edited: old → new") and the card; it is never answered again.
    onEdited: createEditHandler({
      store,
      clock,
      logger,
      mirror: (c, m, edit) => timers.mirror(c, m, edit),
      refreshCards: (id) => escalation.relay.refresh(id),
      changed: (id) => consoleWiring.changed(id),
    }),
    // The channel vouches for the sender's identity: the same number already known as a phone or WhatsApp identity is the same person.
    onNewContact: async (contact, identity) => {
      const outcome = await linkOnMatch({ store, clock }, { contactId: contact.id, identity, evidence: "channel" });
      return outcome.status === "merged" ? resolveLiveContact(store, contact.id) : contact;
    },
  });
  const host: ChannelHost = {
    async ingest(messages) {
      if (!accepting) throw new Error("the hub is shutting down");
      return ingestMessages(messages);
    },
    recordExternalReply: createExternalReplyRecorder({ store, clock, logger: logger.child({ part: "ingest" }) }),
    // A signed identity (web chat) links the site's user id and e-mail and sets declared attributes; open cards show them.
    async identify(input) {
      if (!accepting) throw new Error("the hub is shutting down");
      const outcome = await applyVerifiedIdentity({ store, clock, attributes: config.attributes }, input);
      if (outcome.status === "identified" && outcome.changed.length > 0) refreshContactCards(outcome.contactId);
      return outcome;
    },
    async deliveryUpdate(update) {
      const message = update.messageId
        ? await store.getMessage(update.messageId)
        : update.externalId
          ? await store.findMessageByExternalId(update.channel, update.externalId)
          : null;
      if (!message || message.direction !== "outbound") return;
      // The store keeps the state moving forward only and writes the event only when it moved.
      await store.setDeliveryState(message.id, update.state, { error: update.error ?? null }, [
        makeEvent(
          `message.${update.state}`,
          "customer",
          clock.now(),
          { conversationId: message.conversationId, contactId: message.contactId },
          { messageId: message.id, channel: update.channel },
        ),
      ]);
    },
  };

  let server: Server | null = null;
  let url: string | null = null;
  if (options.listen) {
    const http = createHttpApp({
      bodyLimitBytes: config.server.body_limit,
      logger,
      healthToken: config.server.health_token,
      ...(store.engine === "sqlite"
        ? { storeWritable: createSqliteWriteProbe({ sqlitePath: resolve(options.dataDir, config.store.sqlite.path), now: () => clock.now().getTime() }) }
        : {}),
      ready: () => {
        const checks: Record<string, unknown> = { store: { ok: true, engine: store.engine } };
        let ok = accepting;
        for (const [id, adapter] of adapters) {
          const s = adapter.status();
          checks[`channel:${id}`] = s;
          ok &&= s.ok;
        }
        if (options.knowledge) checks.knowledge = { ok: true, articles: options.knowledge.metrics().articles.servable };
        // A workspace outage degrades agents' side only; customers can still write, so it does not fail readiness.
        if (Object.keys(config.escalation.targets).length > 0) checks.escalation = { ...escalation.relay.status(), affects_readiness: false };
        return { ok, checks };
      },
    });
    const metrics = createHubMetrics({
      store,
      clock,
      logger,
      channels: () => adapters.keys(),
      ...(options.knowledge ? { knowledge: options.knowledge } : {}),
      ...(store.engine === "sqlite" ? { sqlitePath: resolve(options.dataDir, config.store.sqlite.path) } : {}),
    });
    http.app.get("/metrics", async (_req, res) => {
      res.type(metrics.contentType).send(await metrics.scrape());
    });
    server = createServer(http.app);
    const upgradePaths = new Set<string>();
    for (const adapter of adapters.values()) {
      if (!isHttpAdapter(adapter)) continue;
      adapter.mount(http.app, server);
      for (const p of adapter.upgradePaths ?? []) upgradePaths.add(p);
    }
    if (config.demo_shop.enabled) http.app.use("/demo-shop", demoShopRouter(clock));
    escalation.mount(http.app, server);
    mountConversationApi(http.app, { store, desk: escalation.desk, adminToken: config.hub.admin_token, logger, resend, agents: config.agents });
    consoleWiring.mount(http.app, escalation.desk, resend);
    mountContactApi(http.app, { store, clock, logger, adminToken: config.hub.admin_token, attributes: config.attributes, onChanged: refreshContactCards });
    // An upgrade no adapter claims would otherwise hang until the client gives up.
    server.on("upgrade", (req, socket) => {
      const path = new URL(req.url ?? "/", "http://hub").pathname;
      if (!upgradePaths.has(path)) socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    });
    http.finish();
  }

  for (const [id, adapter] of adapters) {
    await adapter.start(host);
    logger.debug({ channel: id }, "channel started");
  }
  await escalation.start();
  const recovered = await dispatcher.recover();
  if (recovered > 0) logger.info({ recovered }, "decided messages left undecided by a previous run");
  await timers.ensureRecurring();
  if (options.listen) {
    outbox.start();
    timers.scheduler.start();
  }

  if (server && options.listen) {
    const srv = server;
    await new Promise<void>((resolve, reject) => {
      srv.once("error", reject);
      srv.listen(options.listen!.port, options.listen!.host, () => resolve());
    });
    const addr = srv.address() as AddressInfo;
    const shownHost = addr.address === "0.0.0.0" || addr.address === "::" ? "localhost" : addr.address;
    url = `http://${shownHost}:${addr.port}`;
  }

  let stopping: Promise<void> | null = null;
  return {
    url,
    store,
    plan,
    bots: escalation.plan,
    ingest: host.ingest,
    dispatcher,
    outbox,
    desk: escalation.desk,
    relay: escalation.relay,
    async settle() {
      for (let i = 0; i < 100; i++) {
        await dispatcher.idle();
        await escalation.relay.idle();
        await Promise.all([...surveysScheduling]);
        const n = (await outbox.flush()) + (await timers.scheduler.flush());
        await dispatcher.idle();
        await escalation.relay.idle();
        if (n === 0) return;
      }
    },
    stop() {
      stopping ??= (async () => {
        accepting = false;
        const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
        server?.closeIdleConnections?.();
        await dispatcher.idle();
        await outbox.flush().catch(() => 0);
        await outbox.stop(config.server.shutdown_grace);
        await timers.scheduler.stop();
        await escalation.stop();
        for (const adapter of adapters.values()) await adapter.stop().catch((err: unknown) => logger.warn({ err }, "channel stop failed"));
        server?.closeAllConnections?.();
        await closed;
        await options.knowledge?.stop();
        await store.close();
      })();
      return stopping;
    },
  };
}
