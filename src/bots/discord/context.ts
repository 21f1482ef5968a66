import { LRUCache } from "lru-cache";
import type { Client } from "discord.js";
import type { BotDeps } from "../../core/escalation/module.js";
import type { AgentAction, AgentActor, AgentDesk, AgentResult, ThreadView } from "../../core/escalation/port.js";
import type { DiscordConfig } from "./config.js";
import type { StatusTracker } from "./status.js";
import type { TargetMemory } from "./target-memory.js";

/** What the bot's event handlers share. Built once per bot in bot.ts. */
export interface DiscordContext {
  config: DiscordConfig;
  deps: BotDeps;
  client: Client;
  /** Set by `start`; handlers ignore events before that. */
  desk: AgentDesk | null;
  memory: TargetMemory;
  status: StatusTracker;
  /** Where a reply goes, per thread, from the last rendered view (the reply modal shows it). */
  replyTo: Map<string, ThreadView["replyTo"]>;
  /** Drops platform events seen before (gateway replays, double deliveries): true the first time only. */
  firstSeen(key: string): boolean;
}

/** Bounded "seen" set: remembers the last `max` keys. */
export function createSeenSet(max = 5000): (key: string) => boolean {
  const seen = new LRUCache<string, true>({ max });
  return (key) => {
    if (seen.has(key)) return false;
    seen.set(key, true);
    return true;
  };
}

/** Hands one agent action for a conversation to the desk. */
export function handleAction(
  ctx: DiscordContext,
  conversationId: string,
  actor: AgentActor,
  externalId: string,
  action: AgentAction,
  /** The Discord thread the action came from (loop-in side threads' notes are shown in the main thread too). */
  threadId?: string,
): Promise<AgentResult> {
  if (!ctx.desk) return Promise.resolve({ ok: false, error: "invalid", message: "Threadline is not connected yet; try again in a moment." });
  return ctx.desk.handle({
    conversationId,
    actor,
    externalId,
    at: ctx.deps.clock.now(),
    ...action,
    ...(threadId ? { thread: { platform: "discord", threadId } } : {}),
  });
}

/** A short human text for a result, shown to the acting agent. */
export function describeResult(result: AgentResult, done: string): string {
  if (!result.ok) return `⚠️ ${result.message}`;
  if (result.duplicate) return "Already done.";
  return result.message ?? done;
}

/** The message id of a queued reply, if the desk returned one (`data.messageId`), for the Undo button. */
export function queuedMessageId(result: AgentResult): string | null {
  if (!result.ok || !result.data) return null;
  const id = result.data.messageId;
  return typeof id === "string" && /^[\w-]{1,60}$/.test(id) ? id : null;
}

/** Until when a queued reply can be undone: the desk's `data.undoUntil`, else now + the configured window. */
export function undoDeadline(ctx: DiscordContext, result: AgentResult): Date {
  const raw = result.ok ? result.data?.undoUntil : undefined;
  if (typeof raw === "string" || typeof raw === "number" || raw instanceof Date) {
    const d = new Date(raw);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return new Date(ctx.deps.clock.now().getTime() + ctx.deps.behaviour.undoWindowMs);
}
