import { z } from "zod";
import type { Hub } from "../app/hub.js";
import type { Clock } from "../core/clock.js";
import { durationSchema, parseDuration } from "../core/config/duration.js";
import type { AgentAction } from "../core/escalation/port.js";
import { CHANNEL_IDS, PRIORITIES, type ChannelId, type Identity, type IdentityKind } from "../core/model/index.js";

/** What a step action can use while it runs. */
export interface ActionContext {
  hub: Hub;
  clock: Clock & { advance(ms: number): void };
  /** The scenario's default channel, or the step's `channel:`. */
  channel: ChannelId;
  contactName: string | null;
  identities: Map<IdentityKind, Identity>;
  nextExternalId(): string;
  /** Conversation of the latest customer step (agent steps act on it). */
  lastConversationId(): string | null;
}

/** What a step did, for the report and for the expectations. */
export interface ActionResult {
  label: string;
  /** Set when the step put a customer message into a conversation. */
  conversationId?: string;
  newConversation?: boolean;
}

/**
 * One kind of scenario step (`customer:`, `wait:`, …): its schema and what it
 * does. Exactly one action key per step. Adding a step kind to
 * `threadline simulate` is adding one entry here.
 */
export interface StepAction<S extends z.ZodType> {
  schema: S;
  run(value: z.output<S>, ctx: ActionContext): Promise<ActionResult>;
}

const define = <S extends z.ZodType>(a: StepAction<S>) => a;

export const ACTIONS = {
  customer: define({
    schema: z.string().min(1).describe("The customer writes this (on the step's `channel:` or the scenario's)."),
    async run(text, ctx) {
      const identity = identityFor(ctx.channel, ctx.identities);
      if (!identity) throw new Error(`the scenario's contact has no identity for channel ${ctx.channel} (add it under contact:)`);
      const [outcome] = await ctx.hub.ingest([
        {
          channel: ctx.channel,
          externalId: ctx.nextExternalId(),
          sender: { kind: identity.kind, value: identity.value, name: ctx.contactName },
          address: addressFor(ctx.channel, identity),
          text,
          attachments: [],
          receivedAt: ctx.clock.now(),
        },
      ]);
      return { label: `${ctx.channel} customer: ${text}`, conversationId: outcome!.conversationId, newConversation: outcome!.newConversation };
    },
  }),
  agent: define({
    schema: z.string().min(1).describe("An agent writes an internal note in the escalation thread (never sent to the customer)."),
    run: (text, ctx) => actAsAgent(ctx, { kind: "note", text }, `agent note: ${text}`),
  }),
  agent_reply: define({
    schema: z.string().min(1).describe("An agent replies to the customer (explicitly; delivered after the undo window)."),
    run: (text, ctx) => actAsAgent(ctx, { kind: "reply", text }, `agent reply: ${text}`),
  }),
  agent_action: define({
    // Parsed at load time too, so a typo is a `file:line key:` error before anything runs.
    schema: z
      .string()
      .min(1)
      .superRefine((text, issues) => {
        try {
          parseAgentAction(text, new Date(0));
        } catch (e) {
          issues.addIssue({ code: "custom", message: (e as Error).message });
        }
      })
      .describe("claim | resolve [note] | reopen | snooze 2h | assign NAME | priority high | tag X | canned NAME | loop_in TEAM | call | handback"),
    // async: a parse error rejects (and is reported with its step number) instead of throwing past the runner.
    run: async (text, ctx) => actAsAgent(ctx, parseAgentAction(text, ctx.clock.now()), `agent action: ${text}`),
  }),
  wait: define({
    schema: durationSchema.describe("Advance the simulated clock by this much; due work (retries, timers) then runs."),
    async run(ms, ctx) {
      ctx.clock.advance(ms);
      return { label: `wait ${formatMs(ms)}` };
    },
  }),
} as const;

export const channelSchema = z.enum(CHANNEL_IDS);

/** The simulated agent (id "agent", or a configured agent of that id). */
const SIM_AGENT = { platform: "virtual", userId: "agent", name: "Agent" };

async function actAsAgent(ctx: ActionContext, action: AgentAction, label: string): Promise<ActionResult> {
  const conversationId = ctx.lastConversationId();
  if (!conversationId) throw new Error("an agent step needs an earlier customer step (there is no conversation yet)");
  const result = await ctx.hub.desk.handle({ conversationId, actor: SIM_AGENT, externalId: ctx.nextExternalId(), at: ctx.clock.now(), ...action });
  if (!result.ok) throw new Error(`${label}: ${result.message}`);
  return { label };
}

/** Parses `claim`, `resolve [note]`, `reopen`, `snooze 2h`, `assign NAME`, `priority high`, `tag X`, `canned NAME`, `loop_in TEAM`, `call`, `handback`. */
export function parseAgentAction(text: string, now: Date): AgentAction {
  const [verb = "", ...rest] = text.trim().split(/\s+/);
  const arg = rest.join(" ");
  const need = (what: string) => {
    if (!arg) throw new Error(`agent_action "${verb}" needs ${what}`);
    return arg;
  };
  switch (verb) {
    case "claim":
      return { kind: "claim" };
    case "resolve":
      return arg ? { kind: "resolve", note: arg } : { kind: "resolve" };
    case "reopen":
      return { kind: "reopen" };
    case "handback":
      return { kind: "handback" };
    case "call":
      return { kind: "call" };
    case "end_call":
      return { kind: "end_call" };
    case "assign":
      return { kind: "assign", agent: need("an agent id or name") };
    case "tag":
      return { kind: "tag", tag: need("a tag") };
    case "canned":
      return { kind: "canned", name: need("a canned response name") };
    case "loop_in":
      return { kind: "loop_in", target: need("a target name") };
    case "priority": {
      const p = need("low, normal, high or urgent");
      if (!(PRIORITIES as readonly string[]).includes(p)) throw new Error(`agent_action priority: expected low, normal, high or urgent, got "${p}"`);
      return { kind: "priority", priority: p as (typeof PRIORITIES)[number] };
    }
    case "snooze": {
      const ms = parseDuration(need("a duration such as 2h"));
      if (ms === null) throw new Error(`agent_action snooze: expected a duration such as 2h, got "${arg}"`);
      return { kind: "snooze", until: new Date(now.getTime() + ms) };
    }
    default:
      throw new Error(`unknown agent_action "${verb}" (claim, resolve, reopen, snooze, assign, priority, tag, canned, loop_in, call, handback)`);
  }
}

function formatMs(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "m"],
    [1000, "s"],
  ];
  for (const [size, unit] of units) if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

function identityFor(channel: ChannelId, identities: Map<IdentityKind, Identity>): Identity | undefined {
  switch (channel) {
    case "web":
      return identities.get("web");
    case "telegram":
      return identities.get("telegram");
    case "email":
      return identities.get("email");
    case "whatsapp":
    case "whatsapp-cloud":
      return identities.get("phone");
  }
}

function addressFor(channel: ChannelId, identity: Identity): Record<string, unknown> {
  switch (channel) {
    case "web":
      return { visitorId: identity.value };
    case "telegram":
      return { chatId: identity.value };
    case "email":
      return { email: identity.value };
    default:
      return { phone: identity.value };
  }
}
