import type { Express } from "express";
import type { Server } from "node:http";
import type { Clock } from "../core/clock.js";
import type { MissingEnv } from "../core/config/interpolate.js";
import type { ThreadlineConfig } from "../core/config/schema.js";
import { createAgentDesk } from "../core/escalation/desk.js";
import { isHttpBot, type BotModule } from "../core/escalation/module.js";
import type { AgentDesk, EscalationBot } from "../core/escalation/port.js";
import { createEscalationRelay, type EscalationRelay } from "../core/escalation/relay.js";
import { createThreadIndex } from "../core/escalation/threads.js";
import { targetOf } from "../core/escalation/routing.js";
import type { Logger } from "../core/logger.js";
import type { Store } from "../core/store/port.js";
import { planBots, type BotPlan } from "./channel-plan.js";
import { inboxBot } from "../bots/inbox/index.js";

export interface EscalationWiring {
  plan: BotPlan[];
  relay: EscalationRelay;
  desk: AgentDesk;
  bots: ReadonlyMap<string, EscalationBot>;
  /** Mounts HTTP bots' routes (Slack Events API); before the server listens. */
  mount(app: Express, server: Server): void;
  /** Connects the bots and opens threads left pending by a previous run. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the internal side: the bots from the registry (those missing a
 * secret are reported, not fatal; tests and simulate pass bots in), the
 * agent desk that applies their actions and the relay that posts to them.
 */
export async function wireEscalation(options: {
  config: ThreadlineConfig;
  missingEnv: readonly MissingEnv[];
  modules: readonly BotModule[];
  overrides: Readonly<Record<string, EscalationBot>>;
  store: Store;
  clock: Clock;
  logger: Logger;
  dataDir: string;
  onQueued(): void;
  /** Screen-share instructions for call invitations (from the knowledge base). */
  screenShareHelp?(): string | null;
  /** An agent changed the conversation (e.g. snoozed it): its timers follow its state. Must not throw. */
  onConversationChanged?(conversationId: string): void;
  /** Queues card updates as durable store work (see RelayDeps.queueCardUpdates). */
  queueCardUpdates?(conversationId: string): Promise<void>;
}): Promise<EscalationWiring> {
  const { config, store, clock, logger } = options;
  // The built-in inbox is always there (a hub started without the registry, as in tests, included).
  const modules = options.modules.some((m) => m.platform === "inbox") ? options.modules : [...options.modules, inboxBot as BotModule];
  const plan = planBots(config, modules, options.missingEnv);
  const bots = new Map<string, EscalationBot>();
  const behaviour = {
    replyPrefix: config.escalation.reply_prefix,
    notePrefix: config.escalation.note_prefix,
    setPrefix: config.escalation.set_prefix,
    reactions: config.escalation.reactions,
    undoWindowMs: config.escalation.undo_window,
    cannedNames: Object.keys(config.escalation.canned),
    targetNames: Object.keys(config.escalation.targets),
  };
  for (const entry of plan) {
    if (entry.state !== "on" || options.overrides[entry.id]) continue;
    const module = modules.find((m) => m.platform === entry.id)!;
    const targets = Object.keys(config.escalation.targets)
      .map((n) => targetOf(config.escalation, n)!)
      .filter((t) => t.platform === entry.id);
    bots.set(
      entry.id,
      await module.create(module.configSchema.parse(entry.config), {
        logger: logger.child({ bot: entry.id }),
        clock,
        dataDir: options.dataDir,
        publicUrl: config.hub.public_url,
        behaviour: { ...behaviour, targets },
      }),
    );
  }
  for (const [platform, bot] of Object.entries(options.overrides)) bots.set(platform, bot);

  const threads = createThreadIndex(store);
  const relay = createEscalationRelay({
    store,
    clock,
    logger: logger.child({ part: "escalation" }),
    escalation: config.escalation,
    agents: config.agents,
    bots,
    threads,
    attributes: config.attributes,
    ...(options.queueCardUpdates ? { queueCardUpdates: options.queueCardUpdates } : {}),
  });
  const desk = createAgentDesk({
    store,
    clock,
    logger: logger.child({ part: "desk" }),
    agents: config.agents,
    escalation: config.escalation,
    threads,
    attributes: config.attributes,
    onQueued: options.onQueued,
    ...(options.screenShareHelp ? { screenShareHelp: options.screenShareHelp } : {}),
    onChanged: (id) => {
      void relay.refresh(id).catch((err: unknown) => logger.warn({ err }, "card refresh failed"));
      options.onConversationChanged?.(id);
    },
    loopIn: (conversation, target, text, agent) => relay.loopIn(conversation, target, text, agent),
    mirrorInternal: (conversation, text) =>
      void relay.mirrorText(conversation, text).catch((err: unknown) => logger.warn({ err }, "mirroring a side-thread note failed")),
  });
  return {
    plan,
    relay,
    desk,
    bots,
    mount(app, server) {
      for (const bot of bots.values()) if (isHttpBot(bot)) bot.mount(app, server);
    },
    async start() {
      for (const [platform, bot] of bots) {
        await bot.start(desk).catch((err: unknown) => logger.error({ err, bot: platform }, "bot failed to start; its targets are reported in /readyz"));
      }
      const pending = await relay.recover();
      if (pending > 0) logger.info({ pending }, "opening escalation threads left pending by a previous run");
    },
    async stop() {
      relay.stop();
      await relay.idle();
      for (const [platform, bot] of bots) await bot.stop().catch((err: unknown) => logger.warn({ err, bot: platform }, "bot stop failed"));
    },
  };
}
