import type { webApi } from "@slack/bolt";
import type { Clock } from "../../core/clock.js";
import type { BotBehaviour } from "../../core/escalation/module.js";
import type { AgentAction, AgentDesk, AgentResult } from "../../core/escalation/port.js";
import type { Logger } from "../../core/logger.js";
import type { ActorResolver, SlackActor } from "./actors.js";
import { channelLabel } from "./card.js";
import { ACTION, undoBlockId } from "./ids.js";
import { md, plain } from "./mrkdwn.js";
import type { ThreadRegistry } from "./threads.js";

/** Everything the listeners share; built once by the bot, passed in (no module state). */
export interface SlackContext {
  desk(): AgentDesk | null;
  client: webApi.WebClient;
  own: { botUserId?: string; botId?: string };
  behaviour: BotBehaviour;
  actors: ActorResolver;
  threads: ThreadRegistry;
  reactions: Map<string, "resolve" | "claim">;
  clock: Clock;
  logger: Logger;
}

/** Where to tell the acting agent how it went (an ephemeral message in the thread). */
export interface Where {
  channel?: string;
  threadTs?: string;
  /** The customer channel a reply goes to, when known (for the confirmation). */
  replyChannel?: string;
}

/**
 * Hands one agent action to the desk and tells the agent the outcome:
 * the desk's error message ephemerally when refused, and for a reply the
 * "Sent to customer on Telegram in 10 s — Undo" confirmation with an Undo
 * button (when the desk returned the queued message's id as `data.messageId`).
 */
export async function dispatch(
  ctx: SlackContext,
  conversationId: string,
  who: SlackActor,
  externalId: string,
  action: AgentAction,
  where: Where,
): Promise<AgentResult | null> {
  const desk = ctx.desk();
  if (!desk) return null;
  let result: AgentResult;
  try {
    result = await desk.handle({
      conversationId,
      actor: who.actor,
      externalId,
      at: ctx.clock.now(),
      ...action,
      ...(where.threadTs ? { thread: { platform: "slack", threadId: where.threadTs } } : {}),
    });
  } catch (err) {
    ctx.logger.error({ err, conversationId, kind: action.kind }, "slack: the desk failed to apply an agent action");
    await ephemeral(ctx, who.actor.userId, where, "Something went wrong; the action was not applied. Please try again.");
    return null;
  }
  if (!result.ok) {
    ctx.logger.info({ conversationId, kind: action.kind, error: result.error }, "slack: agent action refused by the desk");
    await ephemeral(ctx, who.actor.userId, where, result.message);
    return result;
  }
  if (result.duplicate) return result;
  if (action.kind === "reply" || action.kind === "canned") await confirmReply(ctx, conversationId, who.actor.userId, where, result);
  else if (result.message) await ephemeral(ctx, who.actor.userId, where, result.message);
  return result;
}

async function confirmReply(ctx: SlackContext, conversationId: string, user: string, where: Where, result: AgentResult & { ok: true }): Promise<void> {
  const data = result.data ?? {};
  const messageId = typeof data.messageId === "string" ? data.messageId : null;
  const channel = typeof data.channel === "string" ? channelLabel(data.channel) : (where.replyChannel ?? "the customer's channel");
  const secs = Math.round(ctx.behaviour.undoWindowMs / 1000);
  const text = messageId && secs > 0 ? `Sent to customer on ${channel} in ${secs} s — Undo` : `Sent to customer on ${channel}.`;
  const blocks =
    messageId && secs > 0
      ? [
          {
            type: "section",
            block_id: undoBlockId(conversationId),
            text: md(`:outbox_tray: ${text.replace(" — Undo", "")}.`),
            accessory: { type: "button", action_id: ACTION.undo, text: plain("Undo"), value: messageId, style: "danger" },
          },
        ]
      : undefined;
  await ephemeral(ctx, user, where, text, blocks);
}

/** An ephemeral message to one user in the thread; failures are logged, never thrown (feedback is best-effort). */
export async function ephemeral(ctx: SlackContext, user: string, where: Where, text: string, blocks?: Record<string, unknown>[]): Promise<void> {
  if (!where.channel) return;
  try {
    await ctx.client.chat.postEphemeral({
      channel: where.channel,
      user,
      text,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      ...(blocks ? { blocks: blocks as never } : {}),
    });
  } catch (err) {
    ctx.logger.warn({ code: (err as { data?: { error?: string } }).data?.error ?? "request_error" }, "slack: could not post an ephemeral message");
  }
}
