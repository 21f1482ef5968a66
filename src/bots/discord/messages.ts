import type { Message } from "discord.js";
import { actorOf, mayAct, memberRoleIds, rolesInGuild } from "./access.js";
import { classifyThreadMessage } from "./classify.js";
import { replyConfirmation } from "./confirm.js";
import { describeResult, handleAction, type DiscordContext } from "./context.js";

/**
 * A message typed in an escalation thread. Echo guard first: messages by
 * bots (including this one), webhooks and system messages are never agent
 * input. Then the thread must belong to a conversation, the author must be
 * allowed to act, and {@link classifyThreadMessage} decides note or reply —
 * internal unless explicitly a reply. The bot reacts 📝 to a note and posts
 * a confirmation with an Undo button for a reply.
 */
export async function onMessage(ctx: DiscordContext, message: Message): Promise<void> {
  if (message.author.bot || message.author.id === ctx.client.user?.id || message.webhookId !== null || message.system) return;
  if (!message.inGuild() || !ctx.desk) return;
  if (!ctx.firstSeen(`message:${message.id}`)) return;
  const threadId = message.channelId;
  const conversationId = await ctx.desk.conversationForThread("discord", threadId);
  if (!conversationId) return;

  const roles = message.member ? memberRoleIds(message.member) : await rolesInGuild(message.guild, message.author.id);
  if (!mayAct(roles, ctx.config.agent_roles)) {
    ctx.deps.logger.debug({ thread: threadId, user: message.author.id }, "discord: message from a member without an agent role ignored");
    return;
  }

  const text = [message.content, ...message.attachments.map((a) => a.url)].filter((s) => s.trim().length > 0).join("\n");
  if (!text.trim()) return;
  const parentId = message.channel.isThread() ? message.channel.parentId : null;
  const intent = classifyThreadMessage(text, ctx.deps.behaviour, parentId ? ctx.memory.repliesByDefault(parentId) : false);
  const actor = actorOf(message.author, message.member);
  if (intent.kind === "set_attribute") {
    const result = await handleAction(ctx, conversationId, actor, message.id, intent, threadId);
    if (result.ok) await message.react("🏷️").catch(() => undefined);
    if (!result.ok || !result.duplicate)
      await message.reply({ content: describeResult(result, "Attribute set."), allowedMentions: { parse: [], repliedUser: false } });
    return;
  }
  if (!intent.text) return;

  const result = await handleAction(ctx, conversationId, actor, message.id, intent, threadId);
  if (intent.kind === "note") {
    if (result.ok) await message.react("📝").catch(() => undefined);
    else await message.reply({ content: describeResult(result, ""), allowedMentions: { parse: [], repliedUser: false } });
    return;
  }
  if (result.ok && !result.duplicate) await message.react("📨").catch(() => undefined);
  const confirmation = replyConfirmation(ctx, threadId, result, "Reply");
  await message.reply({ ...confirmation, allowedMentions: { parse: [], repliedUser: false } });
}
