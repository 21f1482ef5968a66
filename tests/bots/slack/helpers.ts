import express from "express";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSlackBot, type SlackBot, type SlackConfig } from "../../../src/bots/slack/index.js";
import { slackConfigSchema } from "../../../src/bots/slack/config.js";
import { keepRawBody } from "../../../src/core/channel/raw-body.js";
import { systemClock } from "../../../src/core/clock.js";
import type { BotBehaviour, BotDeps } from "../../../src/core/escalation/module.js";
import type { AgentDesk, AgentEvent, AgentResult, EscalationTarget, ThreadView } from "../../../src/core/escalation/port.js";
import { silentLogger } from "../../../src/core/logger.js";
import { makeConversation, type HandoffCard } from "../../../src/core/model/index.js";
import type { SlackStandIn } from "../../fakes/slack-api.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const AGENT = { id: "UAGENT01", name: "Mia", email: "mia@example.com" };

export const BEHAVIOUR: BotBehaviour = {
  replyPrefix: "!reply",
  notePrefix: "!note",
  reactions: { "✅": "resolve", "👀": "claim" },
  undoWindowMs: 10_000,
  cannedNames: ["refund-timeline", "shipping-delay"],
  targetNames: ["billing", "engineering"],
  targets: [],
};

export function target(overrides: Partial<EscalationTarget> = {}): EscalationTarget {
  return { name: "billing", platform: "slack", channel: "C0BILLING", mention: ["<!subteam^S0123>"], repliesByDefault: false, ...overrides };
}

export function card(overrides: Partial<HandoffCard> = {}): HandoffCard {
  return {
    goal: "Get a refund for order 1042",
    stepsTried: ["AI explained the refund policy", "Customer re-sent the order number"],
    risk: "high",
    rule: "chargeback",
    reason: "Customer threatens a chargeback",
    intent: "refund_request",
    confidence: 0.87,
    fields: { order_number: "1042", email: "ana@example.com" },
    missingFields: ["iban"],
    articles: [{ articleId: "refund-policy", version: 3, title: "Refund policy" }],
    nextAction: "Check the payment and offer the refund",
    queue: "billing",
    priority: "high",
    channel: "telegram",
    language: "de",
    languageNote: "Customer writes German; AI answered in English",
    conversationUrl: "https://support.example.com/api/conversations/cv1",
    slaDueAt: new Date("2026-11-24T10:30:00Z"),
    createdAt: new Date("2026-11-24T09:30:00Z"),
    ...overrides,
  };
}

export function threadView(overrides: { status?: "open" | "resolved"; assignee?: string | null; assigneeName?: string | null } = {}): ThreadView {
  const conversation = {
    ...makeConversation({ contactId: "ct1", channel: "telegram", at: new Date("2026-11-24T09:00:00Z"), queue: "billing" }),
    owner: "human" as const,
    priority: "high" as const,
  };
  conversation.status = overrides.status ?? "open";
  conversation.assignee = overrides.assignee ?? null;
  return {
    conversation,
    card: card(),
    contact: { id: "ct1", name: "Ana Müller" },
    replyTo: { channel: "telegram", recipient: "@ana_m" },
    assigneeName: overrides.assigneeName ?? null,
    canned: [{ name: "refund-timeline", text: "Refunds take 5 days." }],
  };
}

/** A recording AgentDesk: every event is kept (no dedupe here, so the bot's own dedupe is what tests see). */
export function recordingDesk() {
  const events: AgentEvent[] = [];
  const threads = new Map<string, string>();
  const state: { next: AgentResult | null; waiters: Set<() => void>; delayMs: number } = { next: null, waiters: new Set(), delayMs: 0 };
  const desk: AgentDesk & {
    events: AgentEvent[];
    threads: Map<string, string>;
    /** The result for the next handle() call (default: ok; replies get messageId + channel). */
    respondNext(r: AgentResult): void;
    /** Makes handle() slow (to show the HTTP answer does not wait for it). */
    setDelay(ms: number): void;
    waitFor(n: number, timeoutMs?: number): Promise<AgentEvent[]>;
  } = {
    events,
    threads,
    async handle(event) {
      if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
      events.push(event);
      for (const w of [...state.waiters]) w();
      const r = state.next;
      state.next = null;
      if (r) return r;
      if (event.kind === "reply" || event.kind === "canned") return { ok: true, data: { messageId: `msg-${events.length}`, channel: "telegram" } };
      return { ok: true };
    },
    async conversationForThread(platform, threadId) {
      return platform === "slack" ? (threads.get(threadId) ?? null) : null;
    },
    respondNext(r) {
      state.next = r;
    },
    setDelay(ms) {
      state.delayMs = ms;
    },
    waitFor(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.length < n) return false;
          state.waiters.delete(check);
          clearTimeout(timer);
          resolve(events);
          return true;
        };
        const timer = setTimeout(() => {
          state.waiters.delete(check);
          reject(new Error(`expected ${n} agent events, got ${events.length}: ${JSON.stringify(events.map((e) => e.kind))}`));
        }, timeoutMs);
        if (!check()) state.waiters.add(check);
      });
    },
  };
  return desk;
}
export type RecordingDesk = ReturnType<typeof recordingDesk>;

export function deps(overrides: Partial<BotDeps> = {}): BotDeps {
  return { logger: silentLogger(), clock: systemClock, dataDir: "/nonexistent", publicUrl: "https://support.example.com", behaviour: BEHAVIOUR, ...overrides };
}

export function configFor(api: SlackStandIn, extra: Record<string, unknown> = {}): SlackConfig {
  return slackConfigSchema.parse({ bot_token: api.botToken, signing_secret: SIGNING_SECRET, api_url: api.apiUrl, ...extra });
}

export function sign(body: string, secret = SIGNING_SECRET, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const sig = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "x-slack-signature": sig, "x-slack-request-timestamp": String(timestamp) };
}

/** The bot mounted on an express app shaped like the hub's (JSON parser keeping the raw body), listening locally. */
export async function mountedBot(
  api: SlackStandIn,
  options: { config?: Record<string, unknown>; behaviour?: Partial<BotBehaviour>; desk?: RecordingDesk } = {},
) {
  const desk = options.desk ?? recordingDesk();
  const bot: SlackBot = createSlackBot(configFor(api, options.config), deps({ behaviour: { ...BEHAVIOUR, ...options.behaviour } }), {
    retries: 0,
    timeoutMs: 3000,
  });
  const app = express();
  app.use(express.json({ type: ["application/json"], verify: keepRawBody }));
  const server: Server = createServer(app);
  bot.mount(app, server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  await bot.start(desk);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/slack/events`;

  const postRaw = (body: string, contentType: string, headers: Record<string, string>) =>
    fetch(url, { method: "POST", headers: { "content-type": contentType, ...headers }, body });
  /** Posts an Events API envelope, signed unless `headers` are given. */
  const postEvent = (payload: Record<string, unknown>, headers?: Record<string, string>) => {
    const body = JSON.stringify(payload);
    return postRaw(body, "application/json", headers ?? sign(body));
  };
  /** Posts an interaction (form-encoded payload=...), signed. */
  const postInteraction = (payload: Record<string, unknown>, headers?: Record<string, string>) => {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return postRaw(body, "application/x-www-form-urlencoded", headers ?? sign(body));
  };
  async function close() {
    await bot.stop();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
  return { bot, desk, server, url, postEvent, postInteraction, postRaw, close };
}
export type Mounted = Awaited<ReturnType<typeof mountedBot>>;

let eventSeq = 0;
/** An Events API envelope around `event`. */
export function envelope(event: Record<string, unknown>, eventId = `Ev${++eventSeq}${Date.now()}`): Record<string, unknown> {
  return {
    token: "legacy",
    team_id: "T0TEAM01",
    api_app_id: "A0TEST",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0TEAM01", user_id: "UBOT0001", is_bot: true }],
    event,
  };
}

let msgSeq = 0;
export function threadMessage(channel: string, threadTs: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "message",
    channel,
    user: AGENT.id,
    text,
    ts: `1800000000.${String(++msgSeq).padStart(6, "0")}`,
    thread_ts: threadTs,
    team: "T0TEAM01",
    ...extra,
  };
}

/** A block_actions payload for the card's control `actionId` (conversation in the block id, as rendered). */
export function blockAction(
  conversationId: string,
  channel: string,
  cardTs: string,
  action: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: "block_actions",
    user: { id: AGENT.id, username: "mia", team_id: "T0TEAM01" },
    api_app_id: "A0TEST",
    team: { id: "T0TEAM01", domain: "test" },
    trigger_id: `trig-${Date.now()}`,
    channel: { id: channel, name: "billing" },
    message: { ts: cardTs, type: "message", text: "card" },
    container: { type: "message", channel_id: channel, message_ts: cardTs, is_ephemeral: false },
    actions: [{ block_id: `tl.card:${conversationId}:1`, action_ts: `${Date.now() / 1000}${Math.random()}`, ...action }],
    ...extra,
  };
}

export function viewSubmission(
  callbackId: string,
  meta: Record<string, unknown>,
  values: Record<string, Record<string, { type: string; value: string | null }>>,
  viewId = `V${Date.now()}${Math.random()}`,
): Record<string, unknown> {
  return {
    type: "view_submission",
    team: { id: "T0TEAM01", domain: "test" },
    user: { id: AGENT.id, username: "mia", team_id: "T0TEAM01" },
    api_app_id: "A0TEST",
    view: { id: viewId, type: "modal", callback_id: callbackId, private_metadata: JSON.stringify(meta), state: { values }, hash: "h1", team_id: "T0TEAM01" },
  };
}

export async function eventually<T>(fn: () => T | undefined | false | null, timeoutMs = 3000, what = "condition"): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits a little and returns (for asserting that nothing happened). */
export const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));
