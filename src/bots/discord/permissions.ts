import { PermissionFlagsBits } from "discord.js";

/**
 * The guild permissions the bot asks for when invited, each with the reason
 * (docs/discord.md repeats them for admins). Exactly what the bot uses, no
 * more: it never manages roles, messages of others, or the server.
 *
 * Deliberately not requested:
 * - Manage Threads: the bot only renames/archives threads it created itself
 *   (a thread's creator may do that), and never deletes or locks anything.
 * - Use Application Commands: a permission of the members who type `/reply`,
 *   not of the bot that registers and answers the commands (registration uses
 *   the `applications.commands` OAuth scope instead).
 * - Mention Everyone: mentions in `escalation.targets.*.mention` ping users and
 *   roles marked "allow anyone to mention"; grant it only to ping other roles.
 */
export const DISCORD_PERMISSIONS = [
  { name: "View Channel", flag: PermissionFlagsBits.ViewChannel, why: "see the escalation channels and the threads in them" },
  { name: "Send Messages", flag: PermissionFlagsBits.SendMessages, why: "post the handoff card in a text channel, and create posts in a forum channel" },
  {
    name: "Send Messages in Threads",
    flag: PermissionFlagsBits.SendMessagesInThreads,
    why: "mirror the customer's messages and post confirmations inside escalation threads",
  },
  { name: "Create Public Threads", flag: PermissionFlagsBits.CreatePublicThreads, why: "start the escalation thread on the card message in a text channel" },
  { name: "Embed Links", flag: PermissionFlagsBits.EmbedLinks, why: "the handoff card is an embed; without it Discord strips it" },
  { name: "Read Message History", flag: PermissionFlagsBits.ReadMessageHistory, why: "edit the card in place and read reactions on earlier messages" },
  {
    name: "Add Reactions",
    flag: PermissionFlagsBits.AddReactions,
    why: "acknowledge each agent message with 📝 (kept internal) or 📨 (queued to the customer)",
  },
] as const;

/** The permissions integer of the invite link: the OR of {@link DISCORD_PERMISSIONS}. */
export function discordPermissionBits(): bigint {
  return DISCORD_PERMISSIONS.reduce((n, p) => n | p.flag, 0n);
}

/** The OAuth2 link that adds the bot (with slash commands) to a server, asking for exactly the permissions above. */
export function discordInviteUrl(applicationId: string): string {
  return `https://discord.com/oauth2/authorize?client_id=${encodeURIComponent(applicationId)}&scope=bot%20applications.commands&permissions=${discordPermissionBits().toString()}`;
}
