import type { AgentConfig } from "../config/escalation-schema.js";
import type { AgentActor } from "./port.js";

/** The agent an event is recorded against: a configured agent, or (with no agents configured) the platform user itself. */
export interface ResolvedAgent {
  id: string;
  name: string;
}

/**
 * Maps a platform user to an agent: by the platform ids listed in config,
 * then by e-mail. With no agents configured, anyone the platform lets into
 * the escalation channel may act, recorded as `<platform>:<user id>`; once
 * agents are configured, only they may act (null for anyone else). The
 * conversation API with no agents configured records a namespaced handle
 * (`api:<handle>`, see {@link apiHandle}) so an admin-token caller can never
 * pose as a configured agent or a Slack / Discord user.
 * Simulate's virtual platform names the agent by id or name.
 */
export function resolveAgent(agents: readonly AgentConfig[], actor: AgentActor): ResolvedAgent | null {
  // The in-process virtual workspace (simulate) names the agent directly; it is not reachable from outside.
  if (actor.platform === "virtual") return findAgent(agents, actor.userId) ?? { id: actor.userId, name: actor.name ?? actor.userId };
  // The console (/console) acts for the signed-in agent: always a configured agent, by id.
  if (actor.platform === "console") {
    const agent = agents.find((a) => a.id === actor.userId);
    return agent ? { id: agent.id, name: agent.name } : null;
  }
  // The conversation API (admin token) names the agent; once agents are configured it must be one of them.
  if (actor.platform === "api") return agents.length === 0 ? apiHandle(actor.userId) : findAgent(agents, actor.userId);
  if (agents.length === 0) return { id: `${actor.platform}:${actor.userId}`, name: actor.name ?? actor.userId };
  const ids = (a: AgentConfig) => (actor.platform === "slack" ? a.slack : actor.platform === "discord" ? a.discord : []);
  const byId = agents.find((a) => ids(a).includes(actor.userId));
  const byEmail = actor.email ? agents.find((a) => a.email?.toLowerCase() === actor.email!.toLowerCase()) : undefined;
  const agent = byId ?? byEmail;
  return agent ? { id: agent.id, name: agent.name } : null;
}

/** Finds a configured agent by id, (case-insensitive) name or Slack / Discord user id, for `assign`. */
export function findAgent(agents: readonly AgentConfig[], nameOrId: string): ResolvedAgent | null {
  const raw = nameOrId.trim().replace(/^@/, "");
  const key = raw.toLowerCase();
  // Pickers in Slack and Discord send the platform's user id (case-sensitive), people type names.
  const agent = agents.find((a) => a.id === key || a.name.toLowerCase() === key || a.slack.includes(raw) || a.discord.includes(raw));
  return agent ? { id: agent.id, name: agent.name } : null;
}

/** A short handle: letters, digits and `._@-`, starting with a letter or digit. */
const HANDLE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * The acting agent for an admin-token API call when no agents are configured:
 * the caller's handle under the `api:` namespace, or null for anything that is
 * not a short handle (blank, whitespace, control characters, `agent:`/`slack:`
 * prefixes and other strings that would read as a different actor in the log).
 */
export function apiHandle(name: string): ResolvedAgent | null {
  return HANDLE.test(name) ? { id: `api:${name}`, name } : null;
}
