import type { MessageReaction, PartialMessageReaction, PartialUser, User } from "discord.js";
import { actorOf, mayAct, rolesInGuild } from "./access.js";
import { describeResult, handleAction, type DiscordContext } from "./context.js";

/** Emoji compared without variation selectors ("✅" and "✅\uFE0F" are the same reaction). */
export function normaliseEmoji(e: string): string {
  return e.replace(/\uFE0F/g, "");
}

/**
 * A reaction on a message of an escalation thread (or on its card in the
 * parent channel, whose id is the thread's id) mapped through
 * `behaviour.reactions` (✅ → resolve, 👀 → claim). Bots' reactions (the
 * bot's own 📝/📨 acknowledgements) are ignored. A refusal is posted in the
 * thread naming the member (a reaction has no ephemeral answer).
 */
export async function onReaction(ctx: DiscordContext, reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): Promise<void> {
  if (!ctx.desk || user.bot || user.id === ctx.client.user?.id) return;
  const name = reaction.emoji.name;
  if (!name) return;
  const entry = Object.entries(ctx.deps.behaviour.reactions).find(([emoji]) => normaliseEmoji(emoji) === normaliseEmoji(name));
  if (!entry) return;
  const message = reaction.message;
  const externalId = `reaction:${message.id}:${user.id}:${normaliseEmoji(name)}`;
  if (!ctx.firstSeen(externalId)) return;

  let threadId = message.channelId;
  let conversationId = await ctx.desk.conversationForThread("discord", threadId);
  if (!conversationId) {
    threadId = message.id;
    conversationId = await ctx.desk.conversationForThread("discord", threadId);
  }
  if (!conversationId) return;

  const guild = message.guild ?? (message.guildId ? (ctx.client.guilds.cache.get(message.guildId) ?? null) : null);
  if (!mayAct(await rolesInGuild(guild, user.id), ctx.config.agent_roles)) {
    ctx.deps.logger.debug({ thread: threadId, user: user.id }, "discord: reaction from a member without an agent role ignored");
    return;
  }
  const full = user.partial ? await user.fetch().catch(() => null) : user;
  const member = guild?.members.cache.get(user.id) ?? null;
  const actor = full ? actorOf(full, member) : { platform: "discord", userId: user.id };
  const result = await handleAction(ctx, conversationId, actor, externalId, { kind: entry[1] });
  if (!result.ok) {
    await ctx.client.rest
      .post(`/channels/${threadId}/messages`, { body: { content: `<@${user.id}> ${describeResult(result, "")}`, allowed_mentions: { users: [user.id] } } })
      .catch((e: unknown) => ctx.deps.logger.warn({ err: e }, "discord: could not post a reaction refusal"));
  }
}
