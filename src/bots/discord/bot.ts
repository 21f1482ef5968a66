import type { EscalationTarget } from "../../core/escalation/port.js";
import { Client, Events, GatewayIntentBits, Partials, Routes, type ClientOptions } from "discord.js";
import type { BotDeps } from "../../core/escalation/module.js";
import { BotError, type AgentDesk, type EscalationBot } from "../../core/escalation/port.js";
import { slashCommands } from "./commands.js";
import type { DiscordConfig } from "./config.js";
import { createSeenSet, type DiscordContext } from "./context.js";
import { isTokenFailure, toBotError } from "./errors.js";
import { onInteraction } from "./interactions.js";
import { onMessage } from "./messages.js";
import { onReaction } from "./reactions.js";
import { createStatusTracker } from "./status.js";
import { createTargetMemory } from "./target-memory.js";
import { createThreadOps } from "./threads.js";

/** Gateway intents: guilds (channels, roles), guild messages + their content (agent notes and replies), reactions (✅/👀). Message Content is privileged: enable it in the Developer Portal. */
export const DISCORD_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.GuildMessageReactions,
] as const;

const READY_TIMEOUT_MS = 30_000;

export interface DiscordBot extends EscalationBot {
  readonly platform: "discord";
}

/**
 * The Discord escalation bot: a discord.js Client on the gateway (agent
 * input) plus its REST client (threads, cards, mirrors). `start` logs in,
 * waits for READY, and registers the slash commands in the configured guild
 * (PUT applications/{app}/guilds/{guild}/commands; globally without a guild).
 * Errors surface as BotError; a rejected token makes status() not ok.
 */
export function createDiscordBot(config: DiscordConfig, deps: BotDeps): DiscordBot {
  const log = deps.logger.child({ bot: "discord" });
  const status = createStatusTracker();
  let client = buildClient(config);
  const ctx: DiscordContext = {
    config,
    deps: { ...deps, logger: log },
    client,
    desk: null,
    memory: seededMemory(createTargetMemory(deps.dataDir || null), deps.behaviour.targets ?? []),
    status,
    replyTo: new Map(),
    firstSeen: createSeenSet(),
  };
  const ops = createThreadOps(ctx);
  let startedOnce = false;

  function wire(c: Client): void {
    const guard = (what: string, p: Promise<void>) => p.catch((e: unknown) => log.warn({ err: e }, `discord: handling ${what} failed`));
    c.on(Events.MessageCreate, (m) => void guard("a message", onMessage(ctx, m)));
    c.on(Events.InteractionCreate, (i) => void guard("an interaction", onInteraction(ctx, i)));
    c.on(Events.MessageReactionAdd, (r, u) => void guard("a reaction", onReaction(ctx, r, u)));
    c.on(Events.Error, (e) => log.warn({ err: e }, "discord: client error"));
    c.on(Events.ShardDisconnect, (ev) => {
      if (ev.code === 4004) status.tokenRejected("discord: the gateway rejected the bot token (4004)");
      else if (ev.code === 4014) status.down("discord: a privileged intent is not enabled (4014): enable Message Content in the Developer Portal → Bot");
      else status.down(`discord: gateway disconnected (${ev.code})`);
      log.warn({ code: ev.code }, "discord: gateway disconnected and will not reconnect");
    });
    const back = () => status.connected(`connected as ${c.user?.tag ?? "bot"}`);
    c.on(Events.ShardResume, back);
    c.on(Events.ShardReady, () => {
      if (c.isReady()) back(); // a reconnect after start; the first READY is handled by start()
    });
  }

  async function registerCommands(c: Client): Promise<void> {
    const app = config.application_id ?? c.application?.id;
    if (!app) {
      status.warn("slash commands not registered: set bots.discord.application_id");
      return;
    }
    const route = config.guild_id ? Routes.applicationGuildCommands(app, config.guild_id) : Routes.applicationCommands(app);
    try {
      await c.rest.put(route, { body: slashCommands(deps.behaviour) });
      status.warn(null);
    } catch (e) {
      const err = toBotError(e);
      status.warn(`slash commands not registered (${err.message}); invite the bot with the applications.commands scope (threadline discord invite-url)`);
      log.warn({ err }, "discord: slash commands not registered");
    }
  }

  return {
    platform: "discord",
    async start(desk: AgentDesk): Promise<void> {
      if (!config.token) throw new BotError("auth", "discord: bots.discord.token is not set (DISCORD_BOT_TOKEN)");
      ctx.desk = desk;
      if (startedOnce) {
        client = buildClient(config);
        ctx.client = client;
      }
      startedOnce = true;
      wire(client);
      let timer: NodeJS.Timeout | undefined;
      const ready = new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new BotError("transient", "discord: no READY from the gateway within 30 s")), READY_TIMEOUT_MS);
        client.once(Events.ClientReady, () => resolve());
      });
      ready.catch(() => undefined); // observed below; never an unhandled rejection when login fails first
      try {
        await client.login(config.token);
        await ready;
      } catch (e) {
        clearTimeout(timer);
        const err = toBotError(e);
        if (isTokenFailure(e)) status.tokenRejected(err.message);
        else status.down(err.message);
        await client.destroy().catch(() => undefined);
        throw err;
      }
      clearTimeout(timer);
      status.connected(`connected as ${client.user?.tag ?? "bot"}`);
      await registerCommands(client);
      log.info({ guild: config.guild_id ?? null }, "discord: connected");
    },
    async stop(): Promise<void> {
      ctx.desk = null;
      client.removeAllListeners();
      await client.destroy();
      status.down("stopped");
    },
    status: () => status.status(),
    openThread: (target, view) => ops.openThread(target, view),
    mirror: (ref, entry) => ops.mirror(ref, entry),
    update: (ref, view) => ops.update(ref, view),
    notify: (target, text, options) => ops.notify(target, text, options),
  };
}

function buildClient(config: DiscordConfig): Client {
  const options: ClientOptions = {
    intents: [...DISCORD_INTENTS],
    // Threads and messages created before a restart are not cached; partials let their events through.
    partials: [Partials.Channel, Partials.Message, Partials.Reaction, Partials.User, Partials.GuildMember],
    rest: {
      api: config.api_url.replace(/\/+$/, ""),
      // Short waits are sat out by discord.js; longer ones go back to the hub as rate_limited.
      rejectOnRateLimit: (d) => Math.max(d.retryAfter, d.timeToReset) > config.rate_limit_max_wait,
    },
    allowedMentions: { parse: [] },
  };
  return new Client(options);
}

/** The configured targets override what the memory file remembers from an older config. */
function seededMemory(memory: ReturnType<typeof createTargetMemory>, targets: readonly EscalationTarget[]): ReturnType<typeof createTargetMemory> {
  for (const target of targets) memory.remember(target);
  return memory;
}
