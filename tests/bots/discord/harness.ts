import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDiscordBot, discordConfigSchema, type DiscordBot } from "../../../src/bots/discord/index.js";
import { manualClock } from "../../../src/core/clock.js";
import type { BotBehaviour } from "../../../src/core/escalation/module.js";
import type { AgentDesk, AgentEvent, AgentResult, EscalationTarget, ThreadView } from "../../../src/core/escalation/port.js";
import type { HandoffCard } from "../../../src/core/model/handoff.js";
import type { Conversation } from "../../../src/core/model/index.js";
import { captureLogs } from "../../helpers/log-capture.js";
import { startDiscordStandIn, type DiscordStandIn, type StoredMessage } from "../../fakes/discord-api.js";

/** A recording AgentDesk: which thread belongs to which conversation, every event handed over, and a scripted answer. */
export interface FakeDesk extends AgentDesk {
  threads: Map<string, string>;
  events: AgentEvent[];
  answer: (e: AgentEvent) => AgentResult;
}

export function fakeDesk(): FakeDesk {
  const desk: FakeDesk = {
    threads: new Map(),
    events: [],
    answer: (e) => (e.kind === "reply" || e.kind === "canned" ? { ok: true, data: { messageId: `msg_${e.externalId}` } } : { ok: true }),
    async handle(e) {
      desk.events.push(e);
      return desk.answer(e);
    },
    async conversationForThread(platform, threadId) {
      return platform === "discord" ? (desk.threads.get(threadId) ?? null) : null;
    },
  };
  return desk;
}

export const BEHAVIOUR: BotBehaviour = {
  replyPrefix: "!reply ",
  notePrefix: "!note ",
  reactions: { "✅": "resolve", "👀": "claim" },
  undoWindowMs: 30_000,
  cannedNames: ["refund-approved", "shipping-delay"],
  targetNames: ["billing", "security"],
  targets: [],
};

export function target(s: DiscordStandIn, overrides: Partial<EscalationTarget> = {}): EscalationTarget {
  return { name: "billing", platform: "discord", channel: s.channels.text, mention: [`<@&${s.roles.agent}>`], repliesByDefault: false, ...overrides };
}

export function view(overrides: { conversation?: Partial<Conversation>; card?: Partial<HandoffCard> } = {}): ThreadView {
  const at = new Date("2026-11-24T09:00:00Z");
  const card: HandoffCard = {
    goal: "Refund for a double-charged order 4711",
    stepsTried: ["AI explained the refund policy", "Customer sent the bank statement"],
    risk: "high",
    rule: "chargeback",
    reason: "The customer mentions a chargeback",
    intent: "refund",
    confidence: 0.87,
    fields: { order_id: "4711", amount: "59.90 EUR" },
    missingFields: ["iban"],
    articles: [{ articleId: "refunds", version: 3, title: "Refunds and returns" }],
    nextAction: "Confirm the double charge and refund one payment",
    queue: "billing",
    priority: "high",
    channel: "telegram",
    language: "de",
    languageNote: "Customer writes German",
    conversationUrl: "https://support.example.com/api/conversations/cv_1",
    slaDueAt: new Date("2026-11-24T10:00:00Z"),
    createdAt: at,
    ...overrides.card,
  };
  const conversation: Conversation = {
    id: "cv_1",
    contactId: "ct_1",
    status: "open",
    owner: "human",
    queue: "billing",
    priority: "high",
    tags: [],
    fields: card.fields,
    escalation: null,
    handoff: card,
    assignee: null,
    lastChannel: "telegram",
    addresses: {},
    version: 3,
    createdAt: at,
    updatedAt: at,
    lastMessageAt: at,
    snoozedUntil: null,
    ...overrides.conversation,
  };
  return {
    conversation,
    card,
    contact: { id: "ct_1", name: "Anna Schmidt" },
    replyTo: { channel: "Telegram", recipient: "@anna" },
    assigneeName: null,
    canned: [{ name: "refund-approved", text: "Your refund is on its way." }],
  };
}

export interface Person {
  user: Record<string, unknown> & { id: string };
  roles: string[];
}

export interface Harness {
  s: DiscordStandIn;
  bot: DiscordBot;
  desk: FakeDesk;
  clock: ReturnType<typeof manualClock>;
  logs: ReturnType<typeof captureLogs>;
  dataDir: string;
  agent: Person;
  outsider: Person;
  otherBot: Person;
  member(p: Person): Record<string, unknown>;
  /** Writes a message in a channel as a person (MESSAGE_CREATE). */
  say(p: Person, channelId: string, content: string): StoredMessage;
  /** The last interaction payload dispatched (to replay it). */
  lastInteraction: Record<string, unknown> | null;
  /** Dispatches an interaction and returns its id. */
  interact(p: Person, type: number, channelId: string, data: Record<string, unknown>, message?: StoredMessage): string;
  slash(p: Person, channelId: string, name: string, options?: Record<string, string>): string;
  click(p: Person, message: StoredMessage, customId: string): string;
  choose(p: Person, message: StoredMessage, customId: string, value: string): string;
  submit(p: Person, channelId: string, customId: string, fields: Record<string, string>): string;
  react(p: Person, channelId: string, messageId: string, emoji: string): void;
  /** The interaction callback the bot sent for an interaction. */
  callback(interactionId: string): Promise<{ type: number; data: Record<string, unknown> }>;
  /** Opens a thread for a conversation and registers it with the desk. */
  open(conversationId?: string, t?: Partial<EscalationTarget>): Promise<{ threadId: string; card: StoredMessage }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  config?: (s: DiscordStandIn) => Record<string, unknown>;
  behaviour?: Partial<BotBehaviour>;
  dataDir?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const s = await startDiscordStandIn();
  const desk = fakeDesk();
  const clock = manualClock(new Date("2026-11-24T09:00:00Z"));
  const logs = captureLogs();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "tl-discord-"));
  const config = discordConfigSchema.parse({
    token: s.token,
    application_id: s.applicationId,
    guild_id: s.guildId,
    api_url: s.apiUrl,
    ...options.config?.(s),
  });
  const bot = createDiscordBot(config, {
    logger: logs.logger,
    clock,
    dataDir,
    publicUrl: "http://localhost:3000",
    behaviour: { ...BEHAVIOUR, ...options.behaviour },
  });
  const person = (name: string, roles: string[], bot = false): Person => ({
    user: {
      id: s.newId(),
      username: name,
      discriminator: "0",
      global_name: name[0]!.toUpperCase() + name.slice(1),
      avatar: null,
      ...(bot ? { bot: true } : {}),
    },
    roles,
  });
  const agent = person("maria", [s.roles.agent]);
  const outsider = person("mallory", [s.roles.other]);
  const otherBot = person("otherbot", [], true);
  const memberOf = (p: Person) => ({
    roles: p.roles,
    joined_at: "2026-01-01T00:00:00.000Z",
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
    pending: false,
    premium_since: null,
    communication_disabled_until: null,
  });
  for (const p of [agent, outsider, otherBot]) s.members.set(p.user.id, { ...memberOf(p), user: p.user });
  await bot.start(desk);

  const h: Harness = {
    s,
    bot,
    desk,
    clock,
    logs,
    dataDir,
    agent,
    outsider,
    otherBot,
    lastInteraction: null,
    member: memberOf,
    say: (p, channelId, content) => s.postAsUser(channelId, p.user, content, memberOf(p)),
    interact(p, type, channelId, data, message) {
      const id = s.newId();
      const ch = s.threads.get(channelId) ?? { id: channelId, type: 0, guild_id: s.guildId };
      h.lastInteraction = {
        id,
        application_id: s.applicationId,
        type,
        data,
        guild_id: s.guildId,
        channel_id: channelId,
        channel: ch,
        member: { ...memberOf(p), user: p.user, permissions: "2248473465835073" },
        token: `itok-${id}`,
        version: 1,
        app_permissions: "2248473465835073",
        locale: "en-US",
        guild_locale: "en-US",
        entitlements: [],
        authorizing_integration_owners: { 0: s.guildId },
        context: 0,
        attachment_size_limit: 10485760,
        ...(message ? { message } : {}),
      };
      s.dispatch("INTERACTION_CREATE", h.lastInteraction);
      return id;
    },
    slash(p, channelId, name, opts = {}) {
      return h.interact(p, 2, channelId, {
        id: s.newId(),
        name,
        type: 1,
        guild_id: s.guildId,
        options: Object.entries(opts).map(([k, v]) => ({ name: k, type: 3, value: v })),
      });
    },
    click: (p, message, customId) => h.interact(p, 3, message.channel_id, { custom_id: customId, component_type: 2 }, message),
    choose: (p, message, customId, value) => h.interact(p, 3, message.channel_id, { custom_id: customId, component_type: 3, values: [value] }, message),
    submit(p, channelId, customId, fields) {
      return h.interact(p, 5, channelId, {
        custom_id: customId,
        components: Object.entries(fields).map(([k, v], n) => ({ type: 18, id: n * 2 + 1, component: { type: 4, id: n * 2 + 2, custom_id: k, value: v } })),
      });
    },
    react(p, channelId, messageId, emoji) {
      s.dispatch("MESSAGE_REACTION_ADD", {
        user_id: p.user.id,
        channel_id: channelId,
        message_id: messageId,
        guild_id: s.guildId,
        member: { ...memberOf(p), user: p.user },
        emoji: { id: null, name: emoji },
        burst: false,
        type: 0,
        burst_colors: [],
      });
    },
    async callback(interactionId) {
      const c = await s.waitForCall("POST", new RegExp(`^/interactions/${interactionId}/[^/]+/callback$`));
      return c.body as { type: number; data: Record<string, unknown> };
    },
    async open(conversationId = "cv_1", t = {}) {
      const ref = await bot.openThread(target(s, t), view({ conversation: { id: conversationId } }));
      desk.threads.set(ref.threadId, conversationId);
      const card = s.messages.get(ref.threadId);
      if (!card) throw new Error("card message not stored");
      return { threadId: ref.threadId, card };
    },
    async close() {
      await bot.stop().catch(() => undefined);
      await s.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}

/** Waits until `check` passes (polling), up to `ms`. */
export async function eventually(check: () => void, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
