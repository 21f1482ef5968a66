import type { App } from "@slack/bolt";
import { z } from "zod";
import type { AgentAction } from "../../core/escalation/port.js";
import { PRIORITIES, type Priority } from "../../core/model/index.js";
import { dispatch, ephemeral, type SlackContext, type Where } from "./context.js";
import { ACTION, conversationFromBlockId, modalMetaSchema, parseJson, replyButtonValueSchema, SHORTCUT_REPLY, VIEW, type ModalMeta } from "./ids.js";
import { INPUT, replyModal, resolveModal, tagModal } from "./modals.js";
import { fromSlackText } from "./mrkdwn.js";
import { snoozeUntil } from "./snooze.js";

const blockActionsSchema = z.object({
  type: z.literal("block_actions"),
  user: z.object({ id: z.string() }),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  channel: z.object({ id: z.string() }).optional(),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional() }).optional(),
  container: z
    .object({ channel_id: z.string().optional(), message_ts: z.string().optional(), thread_ts: z.string().optional(), is_ephemeral: z.boolean().optional() })
    .partial()
    .optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        block_id: z.string().optional(),
        action_ts: z.string(),
        value: z.string().optional(),
        selected_option: z.object({ value: z.string() }).optional(),
        selected_user: z.string().optional(),
      }),
    )
    .min(1),
});

const viewSubmissionSchema = z.object({
  type: z.literal("view_submission"),
  user: z.object({ id: z.string() }),
  view: z.object({
    id: z.string(),
    callback_id: z.string(),
    private_metadata: z.string().optional(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() }).loose())) }),
  }),
});

const shortcutSchema = z.object({
  type: z.literal("message_action"),
  callback_id: z.string(),
  trigger_id: z.string(),
  user: z.object({ id: z.string() }),
  channel: z.object({ id: z.string() }),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional(), text: z.string().optional() }),
});

/**
 * Interactivity: the card's buttons and selects, our modals and the
 * "Reply to customer" message shortcut. Every listener acknowledges first
 * (Slack wants an answer within 3 s) and then works.
 */
export function registerInteractionListeners(app: App, ctx: SlackContext): void {
  app.action(/^tl\./, async ({ ack, body }) => {
    await ack();
    const parsed = blockActionsSchema.safeParse(body);
    if (!parsed.success) return;
    await onBlockAction(ctx, parsed.data);
  });

  app.view(/^tl\./, async ({ ack, body }) => {
    const parsed = viewSubmissionSchema.safeParse(body);
    if (!parsed.success) return void (await ack());
    const v = parsed.data.view;
    const value = (block: string, action: string) => (v.state.values[block]?.[action]?.value ?? "").trim();
    if (v.callback_id === VIEW.reply && value(INPUT.replyText.block, INPUT.replyText.action).length === 0) {
      await ack({ response_action: "errors", errors: { [INPUT.replyText.block]: "Write the message to send." } });
      return;
    }
    if (v.callback_id === VIEW.tag && !/^[\p{L}\p{N}][\p{L}\p{N}_ -]{0,63}$/u.test(value(INPUT.tag.block, INPUT.tag.action))) {
      await ack({ response_action: "errors", errors: { [INPUT.tag.block]: "Letters, digits, spaces, - and _ (up to 64)." } });
      return;
    }
    await ack();
    const meta = parseJson(modalMetaSchema, v.private_metadata);
    if (!meta) return;
    let action: AgentAction | null = null;
    if (v.callback_id === VIEW.reply) action = { kind: "reply", text: value(INPUT.replyText.block, INPUT.replyText.action) };
    else if (v.callback_id === VIEW.resolve) {
      const note = value(INPUT.resolveNote.block, INPUT.resolveNote.action);
      action = note ? { kind: "resolve", note } : { kind: "resolve" };
    } else if (v.callback_id === VIEW.tag) action = { kind: "tag", tag: value(INPUT.tag.block, INPUT.tag.action) };
    if (!action) return;
    const who = await ctx.actors.resolve(parsed.data.user.id);
    await dispatch(ctx, meta.c, who, `view:${v.id}`, action, whereOf(ctx, meta));
  });

  app.shortcut(SHORTCUT_REPLY, async ({ ack, body }) => {
    await ack();
    const parsed = shortcutSchema.safeParse(body);
    if (!parsed.success) return;
    const s = parsed.data;
    const threadTs = s.message.thread_ts ?? s.message.ts;
    const conversationId = await ctx.threads.conversationFor(threadTs, ctx.desk());
    if (!conversationId) {
      await ephemeral(ctx, s.user.id, { channel: s.channel.id, threadTs }, "This message is not in a Threadline escalation thread.");
      return;
    }
    const info = ctx.threads.info(threadTs);
    const meta: ModalMeta = { c: conversationId, ch: s.channel.id, ts: threadTs, ...(info?.replyTo ? { to: info.replyTo.channel } : {}) };
    await openModal(ctx, s.trigger_id, replyModal(meta, info?.replyTo ?? null, fromSlackText(s.message.text ?? "")), s.user.id, meta);
  });
}

async function onBlockAction(ctx: SlackContext, body: z.infer<typeof blockActionsSchema>): Promise<void> {
  const a = body.actions[0]!;
  const conversationId = conversationFromBlockId(a.block_id);
  if (!conversationId) return;
  const channel = body.channel?.id ?? body.container?.channel_id;
  const known = ctx.threads.threadOfConversation(conversationId);
  const threadTs = body.container?.is_ephemeral
    ? (body.container.thread_ts ?? known?.threadTs)
    : (body.message?.thread_ts ?? body.message?.ts ?? body.container?.message_ts ?? known?.threadTs);
  const meta: ModalMeta = { c: conversationId, ...(channel ? { ch: channel } : {}), ...(threadTs ? { ts: threadTs } : {}) };
  const where = whereOf(ctx, meta);
  const externalId = `action:${a.action_id}:${a.action_ts}:${body.user.id}`;

  if (a.action_id === ACTION.reply || a.action_id === ACTION.resolve || a.action_id === ACTION.tag) {
    if (!body.trigger_id) return;
    if (a.action_id === ACTION.reply) {
      const to = parseJson(replyButtonValueSchema, a.value);
      const replyTo = to ? { channel: to.ch, recipient: to.r } : ((threadTs ? ctx.threads.info(threadTs)?.replyTo : undefined) ?? null);
      const m = { ...meta, ...(replyTo ? { to: replyTo.channel } : {}) };
      await openModal(ctx, body.trigger_id, replyModal(m, replyTo), body.user.id, m);
    } else {
      await openModal(ctx, body.trigger_id, a.action_id === ACTION.resolve ? resolveModal(meta) : tagModal(meta), body.user.id, meta);
    }
    return;
  }

  const who = await ctx.actors.resolve(body.user.id);
  const choice = a.selected_option?.value;
  let action: AgentAction | null = null;
  switch (a.action_id) {
    case ACTION.claim:
      action = { kind: "claim" };
      break;
    case ACTION.reopen:
      action = { kind: "reopen" };
      break;
    case ACTION.handback:
      action = { kind: "handback" };
      break;
    case ACTION.call:
      action = { kind: "call" };
      break;
    case ACTION.assign:
      action = a.selected_user ? { kind: "assign", agent: a.selected_user } : null;
      break;
    case ACTION.priority:
      action = choice && (PRIORITIES as readonly string[]).includes(choice) ? { kind: "priority", priority: choice as Priority } : null;
      break;
    case ACTION.canned:
      action = choice ? { kind: "canned", name: choice } : null;
      break;
    case ACTION.loopIn:
      action = choice ? { kind: "loop_in", target: choice } : null;
      break;
    case ACTION.snooze: {
      const until = choice ? snoozeUntil(choice, ctx.clock.now(), who.tzOffset) : null;
      action = until ? { kind: "snooze", until } : null;
      break;
    }
    case ACTION.undo:
      action = a.value ? { kind: "undo_reply", messageId: a.value } : null;
      break;
  }
  if (!action) return;
  const result = await dispatch(ctx, conversationId, who, externalId, action, where);
  if (action.kind === "undo_reply" && result?.ok && body.response_url) await replaceEphemeral(ctx, body.response_url, "Undone: the reply was not sent.");
}

function whereOf(ctx: SlackContext, meta: ModalMeta): Where {
  const known = ctx.threads.threadOfConversation(meta.c);
  const channel = meta.ch ?? known?.channel;
  const threadTs = meta.ts ?? known?.threadTs;
  const replyChannel = meta.to ?? (threadTs ? ctx.threads.info(threadTs)?.replyTo?.channel : undefined);
  return { ...(channel ? { channel } : {}), ...(threadTs ? { threadTs } : {}), ...(replyChannel ? { replyChannel } : {}) };
}

async function openModal(ctx: SlackContext, triggerId: string, view: Record<string, unknown>, user: string, meta: ModalMeta): Promise<void> {
  try {
    await ctx.client.views.open({ trigger_id: triggerId, view: view as never });
  } catch (err) {
    ctx.logger.warn({ code: (err as { data?: { error?: string } }).data?.error ?? "request_error" }, "slack: could not open a modal");
    await ephemeral(ctx, user, whereOf(ctx, meta), "Slack did not open the form (it expires after 3 s); please click again.");
  }
}

/** Replaces the ephemeral confirmation through its response_url (Slack's only way to edit an ephemeral message). */
async function replaceEphemeral(ctx: SlackContext, responseUrl: string, text: string): Promise<void> {
  try {
    const res = await fetch(responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ replace_original: true, text }),
    });
    if (!res.ok) ctx.logger.warn({ status: res.status }, "slack: could not update the confirmation");
  } catch {
    ctx.logger.warn("slack: could not update the confirmation");
  }
}
