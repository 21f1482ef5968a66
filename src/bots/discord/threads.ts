import { AllowedMentionsTypes, ChannelType, Routes, ThreadAutoArchiveDuration, type APIChannel, type APIMessage, type APIAllowedMentions } from "discord.js";
import type { EscalationTarget, MirrorEntry, ThreadView } from "../../core/escalation/port.js";
import { BotError } from "../../core/escalation/port.js";
import type { EscalationRef } from "../../core/model/conversation.js";
import { cardEmbed, renderCard, threadName } from "./card.js";
import type { DiscordContext } from "./context.js";
import { isTokenFailure, toBotError } from "./errors.js";
import { renderMirror } from "./mirror.js";
import { truncate } from "./text.js";

type ChannelKind = "text" | "forum";
interface ChannelInfo {
  kind: ChannelKind;
  guildId: string | null;
}

/**
 * The hub → Discord direction. A text (or announcement) channel gets the
 * card as a message and a thread started on it; a forum (or media) channel
 * gets a post whose starter message is the card. Either way the thread id
 * equals the card message's id, so the card is found again from the
 * EscalationRef alone: in the parent channel (text) or in the thread (forum).
 */
export function createThreadOps(ctx: DiscordContext) {
  const kinds = new Map<string, ChannelInfo>();

  async function channelInfo(channelId: string): Promise<ChannelInfo> {
    const known = kinds.get(channelId);
    if (known) return known;
    const cached = ctx.client.channels.cache.get(channelId);
    const type = cached ? cached.type : ((await ctx.client.rest.get(Routes.channel(channelId))) as APIChannel).type;
    const guildId = cached && "guildId" in cached ? cached.guildId : null;
    let kind: ChannelKind;
    if (type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement) kind = "text";
    else if (type === ChannelType.GuildForum || type === ChannelType.GuildMedia) kind = "forum";
    else throw new BotError("invalid", `discord channel ${channelId} is neither a text nor a forum channel (type ${type})`);
    const info = { kind, guildId };
    kinds.set(channelId, info);
    return info;
  }

  function url(guildId: string | null, ...ids: string[]): string | undefined {
    const guild = ctx.config.guild_id ?? guildId;
    return guild ? `https://discord.com/channels/${guild}/${ids.join("/")}` : undefined;
  }

  /** Runs a REST operation for the targets behind a channel: success marks them ok, auth/not-found marks them failed. */
  async function guarded<T>(names: string[], work: () => Promise<T>): Promise<T> {
    // Before start (or after stop) the REST client has no token; that is not an auth failure.
    if (!ctx.client.isReady()) throw new BotError("transient", "discord: the bot is not connected (not started yet, or stopped)");
    try {
      const out = await work();
      for (const n of names) ctx.status.targetOk(n);
      return out;
    } catch (e) {
      const err = toBotError(e);
      if (err.kind === "auth" || err.kind === "not_found") for (const n of names) ctx.status.targetFailed(n, err.message);
      if (isTokenFailure(e)) ctx.status.tokenRejected(err.message);
      throw err;
    }
  }

  const namesOf = (channelId: string) => {
    const names = ctx.memory.targetNames(channelId);
    return names.length ? names : [`channel ${channelId}`];
  };

  async function cardLocation(ref: EscalationRef): Promise<string> {
    return (await channelInfo(ref.target)).kind === "text" ? ref.target : ref.threadId;
  }

  return {
    async openThread(target: EscalationTarget, view: ThreadView): Promise<EscalationRef> {
      ctx.memory.remember(target);
      return guarded([target.name], async () => {
        const info = await channelInfo(target.channel);
        const first = { ...mentionsOf(target.mention), embeds: [cardEmbed(view)] };
        const name = threadName(view);
        let threadId: string;
        let cardChannel: string;
        if (info.kind === "text") {
          const msg = (await ctx.client.rest.post(Routes.channelMessages(target.channel), { body: first })) as APIMessage;
          await ctx.client.rest.post(Routes.threads(target.channel, msg.id), { body: { name, auto_archive_duration: ThreadAutoArchiveDuration.OneWeek } });
          threadId = msg.id;
          cardChannel = target.channel;
        } else {
          const thread = (await ctx.client.rest.post(Routes.threads(target.channel), {
            body: { name, auto_archive_duration: ThreadAutoArchiveDuration.OneWeek, message: first },
          })) as APIChannel;
          threadId = thread.id;
          cardChannel = thread.id;
        }
        ctx.replyTo.set(threadId, view.replyTo);
        // The buttons carry the thread id, known only now: add them to the card.
        await ctx.client.rest.patch(Routes.channelMessage(cardChannel, threadId), {
          body: renderCard(view, threadId, ctx.deps.behaviour.targetNames),
        });
        const ref: EscalationRef = { platform: "discord", target: target.channel, threadId };
        const link = url(info.guildId, threadId);
        return link ? { ...ref, url: link } : ref;
      });
    },

    async mirror(ref: EscalationRef, entry: MirrorEntry): Promise<void> {
      await guarded(namesOf(ref.target), async () => {
        for (const post of renderMirror(entry, ref.threadId, ctx.deps.clock.now())) {
          await ctx.client.rest.post(Routes.channelMessages(ref.threadId), { body: { ...post, allowed_mentions: { parse: [] } } });
        }
      });
    },

    async update(ref: EscalationRef, view: ThreadView): Promise<void> {
      ctx.replyTo.set(ref.threadId, view.replyTo);
      await guarded(namesOf(ref.target), async () => {
        const channel = await cardLocation(ref);
        await ctx.client.rest.patch(Routes.channelMessage(channel, ref.threadId), {
          body: renderCard(view, ref.threadId, ctx.deps.behaviour.targetNames),
        });
      });
    },

    async notify(target: EscalationTarget, text: string, options?: { linkTo?: EscalationRef }): Promise<EscalationRef> {
      ctx.memory.remember(target);
      return guarded([target.name], async () => {
        const info = await channelInfo(target.channel);
        const link = options?.linkTo?.url ? `\n↪ ${options.linkTo.url}` : "";
        const body = { ...mentionsOf(target.mention, true), content: truncate(`${target.mention.join(" ")} ${text}${link}`.trim(), 2000) };
        const name = truncate(text.split("\n")[0] ?? "Threadline", 100) || "Threadline";
        if (info.kind === "forum") {
          const thread = (await ctx.client.rest.post(Routes.threads(target.channel), { body: { name, message: body } })) as APIChannel;
          return withUrl({ platform: "discord", target: target.channel, threadId: thread.id }, url(info.guildId, thread.id));
        }
        const msg = (await ctx.client.rest.post(Routes.channelMessages(target.channel), { body })) as APIMessage;
        if (options?.linkTo) {
          // A loop-in: the team answers in a side thread on the alert.
          await ctx.client.rest.post(Routes.threads(target.channel, msg.id), { body: { name, auto_archive_duration: ThreadAutoArchiveDuration.OneWeek } });
          return withUrl({ platform: "discord", target: target.channel, threadId: msg.id }, url(info.guildId, msg.id));
        }
        return withUrl({ platform: "discord", target: target.channel, threadId: msg.id }, url(info.guildId, target.channel, msg.id));
      });
    },
  };
}

export type ThreadOps = ReturnType<typeof createThreadOps>;

function withUrl(ref: EscalationRef, link: string | undefined): EscalationRef {
  return link ? { ...ref, url: link } : ref;
}

/**
 * Mention strings from config (`<@123>`, `<@&456>`, `@here`, `@everyone`)
 * as content plus an allow-list that pings exactly those, nothing else.
 */
export function mentionsOf(mention: readonly string[], allowOnly = false): { content?: string; allowed_mentions: APIAllowedMentions } {
  const users = mention.flatMap((m) => /^<@!?(\d+)>$/.exec(m)?.[1] ?? []);
  const roles = mention.flatMap((m) => /^<@&(\d+)>$/.exec(m)?.[1] ?? []);
  const everyone = mention.some((m) => m === "@here" || m === "@everyone");
  const allowed: APIAllowedMentions = { parse: everyone ? [AllowedMentionsTypes.Everyone] : [], users, roles };
  return allowOnly || mention.length === 0 ? { allowed_mentions: allowed } : { content: mention.join(" "), allowed_mentions: allowed };
}
