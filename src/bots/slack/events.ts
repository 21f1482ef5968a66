import type { App } from "@slack/bolt";
import { z } from "zod";
import type { AgentAction } from "../../core/escalation/port.js";
import { classifyThreadMessage, isEcho } from "./classify.js";
import { dispatch, type SlackContext } from "./context.js";
import { fromSlackText } from "./mrkdwn.js";
import { baseReactionName } from "./reactions.js";

const envelopeSchema = z.object({ event_id: z.string().optional(), event: z.unknown() });

const messageEventSchema = z.object({
  type: z.literal("message"),
  subtype: z.string().optional(),
  channel: z.string(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  app_id: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
});

const reactionEventSchema = z.object({
  type: z.literal("reaction_added"),
  user: z.string(),
  reaction: z.string(),
  item: z.object({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }),
});

/** Message subtypes that are a person writing in the thread; edits, deletions, joins and the like are not actions. */
const HUMAN_SUBTYPES = new Set([undefined, "thread_broadcast", "file_share"]);

/**
 * Events API listeners: thread messages (notes and replies) and reactions.
 * Bolt has already acknowledged the event when these run.
 */
export function registerEventListeners(app: App, ctx: SlackContext): void {
  app.event("message", async ({ body }) => {
    const envelope = envelopeSchema.safeParse(body);
    const parsed = envelope.success ? messageEventSchema.safeParse(envelope.data.event) : null;
    if (!parsed?.success) return;
    const m = parsed.data;
    if (isEcho(m, ctx.own)) return;
    if (!HUMAN_SUBTYPES.has(m.subtype) || !m.user) return;
    if (!m.thread_ts || m.thread_ts === m.ts) return; // only replies inside a thread
    const conversationId = await ctx.threads.conversationFor(m.thread_ts, ctx.desk());
    if (!conversationId) return;
    ctx.threads.rememberMessage(m.ts, m.thread_ts);
    const target = ctx.threads.targetOfChannel(m.channel);
    const intent = classifyThreadMessage(fromSlackText(m.text ?? ""), {
      replyPrefix: ctx.behaviour.replyPrefix,
      notePrefix: ctx.behaviour.notePrefix,
      setPrefix: ctx.behaviour.setPrefix,
      // A shared file cannot be forwarded to the customer: its text stays internal.
      repliesByDefault: (target?.repliesByDefault ?? false) && m.subtype !== "file_share",
    });
    if (intent.kind === "ignore") return;
    const who = await ctx.actors.resolve(m.user);
    const info = ctx.threads.info(m.thread_ts);
    const action: AgentAction =
      intent.kind === "set_attribute" ? intent : { kind: m.subtype === "file_share" && intent.kind === "reply" ? "note" : intent.kind, text: intent.text };
    await dispatch(ctx, conversationId, who, `msg:${m.channel}:${m.ts}`, action, {
      channel: m.channel,
      threadTs: m.thread_ts,
      ...(info?.replyTo ? { replyChannel: info.replyTo.channel } : {}),
    });
  });

  app.event("reaction_added", async ({ body }) => {
    const envelope = envelopeSchema.safeParse(body);
    const parsed = envelope.success ? reactionEventSchema.safeParse(envelope.data.event) : null;
    if (!parsed?.success || !envelope?.success) return;
    const r = parsed.data;
    if (r.item.type !== "message" || !r.item.ts || !r.item.channel) return;
    if (ctx.own.botUserId && r.user === ctx.own.botUserId) return;
    const action = ctx.reactions.get(baseReactionName(r.reaction));
    if (!action) return;
    const threadTs = ctx.threads.threadOfMessage(r.item.ts) ?? r.item.ts;
    const conversationId = await ctx.threads.conversationFor(threadTs, ctx.desk());
    if (!conversationId) return;
    const who = await ctx.actors.resolve(r.user);
    const externalId = envelope.data.event_id ?? `reaction:${r.item.ts}:${r.user}:${r.reaction}`;
    await dispatch(ctx, conversationId, who, externalId, { kind: action }, { channel: r.item.channel, threadTs });
  });
}
