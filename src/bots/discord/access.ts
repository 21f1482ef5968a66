import type { APIInteractionGuildMember, Guild, GuildMember, User } from "discord.js";
import type { AgentActor } from "../../core/escalation/port.js";

/**
 * Whether a member may act on escalations: with `agent_roles` configured,
 * only members holding one of them; with none, anyone who can see the channel
 * (Discord's own channel permissions are then the gate).
 */
export function mayAct(roleIds: readonly string[], agentRoles: readonly string[]): boolean {
  if (agentRoles.length === 0) return true;
  return roleIds.some((r) => agentRoles.includes(r));
}

/** Role ids of a member as discord.js hands it over (a cached GuildMember or the raw interaction member). */
export function memberRoleIds(member: GuildMember | APIInteractionGuildMember | null | undefined): string[] {
  if (!member) return [];
  if (Array.isArray(member.roles)) return member.roles;
  return [...(member as GuildMember).roles.cache.keys()];
}

/**
 * Role ids of a user in a guild: from the member cache, else asked from
 * Discord (GET /guilds/{guild}/members/{user}). Unknown member → no roles,
 * so a configured role check denies rather than guesses.
 */
export async function rolesInGuild(guild: Guild | null, userId: string): Promise<string[]> {
  if (!guild) return [];
  const cached = guild.members.cache.get(userId);
  if (cached) return memberRoleIds(cached);
  try {
    return memberRoleIds(await guild.members.fetch(userId));
  } catch {
    return [];
  }
}

/** The acting person as the desk sees it: platform id and display name (no vendor type). */
export function actorOf(user: User, member?: GuildMember | APIInteractionGuildMember | null): AgentActor {
  const nick = member && "displayName" in member ? member.displayName : member?.nick;
  return { platform: "discord", userId: user.id, name: nick ?? user.globalName ?? user.username };
}
