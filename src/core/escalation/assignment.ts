import { isOpen } from "../calendar/business-time.js";
import type { Clock } from "../clock.js";
import type { BusinessHours } from "../config/business-hours.js";
import type { AgentConfig } from "../config/escalation-schema.js";
import { makeEvent, type Conversation } from "../model/index.js";
import type { Store } from "../store/port.js";

/** How a queue hands its escalations to agents (`queues.<id>.assignment`). */
export interface AssignmentPolicy {
  /** manual: agents claim; round_robin: in turn; least_busy: the agent with the fewest open conversations (ties in turn). */
  mode: "manual" | "round_robin" | "least_busy";
  /** No agent gets more open (open, pending, snoozed) conversations than this, across queues. */
  max_open_per_agent: number;
}

export interface AssignerDeps {
  store: Store;
  clock: Clock;
  agents: readonly AgentConfig[];
  policies: Readonly<Record<string, AssignmentPolicy | undefined>>;
  /** Assign only while open: nobody is on shift outside business hours. */
  businessHours?: BusinessHours | undefined;
  /** A conversation was assigned (refresh its cards, tell the console). Must not throw. */
  onAssigned(conversation: Conversation, agent: AgentConfig): void;
}

export interface Assigner {
  /**
   * Gives the queue's unassigned, human-owned, open or pending conversations
   * (longest wait first) to its agents while any has room under the cap.
   * Returns how many were assigned. Safe to call from several processes: an
   * assignment is a conditional update on the conversation's version.
   */
  fill(queue: string): Promise<number>;
  /** `fill` for every queue with automatic assignment (at a shift start). */
  fillAll(): Promise<number>;
}

const OPEN = ["open", "pending", "snoozed"] as const;

/** The agents working a queue: those listing it, or listing no queue at all. */
function agentsOf(agents: readonly AgentConfig[], queue: string): AgentConfig[] {
  return agents.filter((a) => !a.queues?.length || a.queues.includes(queue));
}

/**
 * Automatic assignment per queue: round robin or least busy, with a cap on
 * each agent's open conversations. Who is next in turn follows the last
 * automatic assignment recorded in the queue (a `conversation.assigned`
 * event), so it survives restarts and is shared by hub processes. An agent's
 * load is read from the store each time (their open conversations in every
 * queue), so a resolution frees room at once.
 */
export function createAssigner(deps: AssignerDeps): Assigner {
  async function loadOf(agentId: string, cap: number): Promise<number> {
    const page = await deps.store.listInbox({ statuses: OPEN, assignee: agentId, order: "recent", limit: cap });
    return page.conversations.length + (page.next ? 1 : 0);
  }

  async function lastInTurn(queue: string): Promise<string | null> {
    const recent = await deps.store.listEvents({ type: "conversation.assigned", newestFirst: true, limit: 500 });
    const last = recent.find((e) => e.data.queue === queue && (e.data.reason === "round_robin" || e.data.reason === "least_busy"));
    return typeof last?.data.to === "string" ? last.data.to : null;
  }

  async function fill(queue: string): Promise<number> {
    const policy = deps.policies[queue];
    if (!policy || policy.mode === "manual") return 0;
    const now = deps.clock.now();
    if (deps.businessHours && !isOpen(deps.businessHours, now)) return 0;
    const team = agentsOf(deps.agents, queue);
    if (team.length === 0) return 0;
    const cap = policy.max_open_per_agent;
    const load = new Map<string, number>();
    for (const a of team) load.set(a.id, await loadOf(a.id, cap));
    // The turn order starts after the last agent given one automatically.
    const last = await lastInTurn(queue);
    const at = team.findIndex((a) => a.id === last);
    let turn = team.slice(at + 1).concat(team.slice(0, at + 1));
    const waiting = await deps.store.listInbox({ statuses: ["open", "pending"], owner: "human", assignee: null, queues: [queue], order: "waiting", limit: 50 });
    let assigned = 0;
    for (const c of waiting.conversations) {
      const free = turn.filter((a) => load.get(a.id)! < cap);
      if (free.length === 0) break;
      const agent = policy.mode === "least_busy" ? free.reduce((best, a) => (load.get(a.id)! < load.get(best.id)! ? a : best)) : free[0]!;
      const scope = { conversationId: c.id, contactId: c.contactId };
      const updated = await deps.store.updateConversation(c.id, { version: c.version }, { assignee: agent.id, updatedAt: now }, [
        makeEvent("conversation.assigned", "system", now, scope, { from: null, to: agent.id, queue, reason: policy.mode }),
      ]);
      if (!updated) continue; // claimed or changed meanwhile: leave it to whoever did
      load.set(agent.id, load.get(agent.id)! + 1);
      turn = turn.filter((a) => a.id !== agent.id).concat(agent);
      assigned++;
      deps.onAssigned(updated, agent);
    }
    return assigned;
  }

  return {
    fill,
    async fillAll() {
      let n = 0;
      for (const [queue, policy] of Object.entries(deps.policies)) if (policy && policy.mode !== "manual") n += await fill(queue);
      return n;
    },
  };
}
