import { z } from "zod";
import type { Hub } from "../app/hub.js";
import type { Clock } from "../core/clock.js";
import { durationSchema } from "../core/config/duration.js";
import { CHANNEL_IDS, type ChannelId, type Identity, type IdentityKind } from "../core/model/index.js";

/** What a step action can use while it runs. */
export interface ActionContext {
  hub: Hub;
  clock: Clock & { advance(ms: number): void };
  /** The scenario's default channel, or the step's `channel:`. */
  channel: ChannelId;
  contactName: string | null;
  identities: Map<IdentityKind, Identity>;
  nextExternalId(): string;
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
      const [outcome] = await ctx.hub.ingest([{
        channel: ctx.channel, externalId: ctx.nextExternalId(), sender: { kind: identity.kind, value: identity.value, name: ctx.contactName },
        address: addressFor(ctx.channel, identity), text, attachments: [], receivedAt: ctx.clock.now(),
      }]);
      return { label: `${ctx.channel} customer: ${text}`, conversationId: outcome!.conversationId, newConversation: outcome!.newConversation };
    },
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

function formatMs(ms: number): string {
  const units: [number, string][] = [[86_400_000, "d"], [3_600_000, "h"], [60_000, "m"], [1000, "s"]];
  for (const [size, unit] of units) if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

function identityFor(channel: ChannelId, identities: Map<IdentityKind, Identity>): Identity | undefined {
  switch (channel) {
    case "web": return identities.get("web");
    case "telegram": return identities.get("telegram");
    case "email": return identities.get("email");
    case "whatsapp":
    case "whatsapp-cloud": return identities.get("phone");
  }
}

function addressFor(channel: ChannelId, identity: Identity): Record<string, unknown> {
  switch (channel) {
    case "web": return { visitorId: identity.value };
    case "telegram": return { chatId: identity.value };
    case "email": return { email: identity.value };
    default: return { phone: identity.value };
  }
}
