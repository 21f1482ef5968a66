import { z } from "zod";
import type { ThreadlineConfig } from "../core/config/schema.js";
import type { Contact, Conversation } from "../core/model/index.js";
import type { InboxQuery, Store } from "../core/store/port.js";
import type { ConsoleAgent } from "./auth.js";

export const INBOX_VIEWS = ["waiting", "mine", "unassigned", "queue", "resolved"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/** The inbox request's query string. */
export const inboxParams = z.strictObject({
  view: z.enum(INBOX_VIEWS).default("waiting"),
  queue: z.string().min(1).max(100).optional(),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type InboxParams = z.output<typeof inboxParams>;

/** One row of an inbox list: enough to triage without opening the conversation. */
export interface InboxRow {
  id: string;
  customer: string;
  channel: string;
  queue: string | null;
  queueName: string | null;
  priority: Conversation["priority"];
  status: Conversation["status"];
  assignee: string | null;
  assigneeName: string | null;
  goal: string | null;
  risk: string | null;
  /** When the conversation was handed to people (its wait starts there); null if it never was. */
  waitingSince: string | null;
  lastMessageAt: string;
}

/** Whether the agent may see conversations of this queue (admins and agents without listed queues see all). */
export function canSeeQueue(agent: ConsoleAgent, queue: string | null): boolean {
  return agent.queues === null || (queue !== null && agent.queues.includes(queue));
}

/**
 * The store query behind a view, narrowed to the agent's queues. waiting:
 * escalated and open, longest wait first; unassigned: the same without an
 * assignee; mine: assigned to the agent (open or snoozed), latest activity
 * first; queue: waiting in one queue; resolved: resolved or closed, latest first.
 */
export function inboxQuery(params: InboxParams, agent: ConsoleAgent): InboxQuery | { error: string } {
  let queues = agent.queues ?? undefined;
  if (params.view === "queue") {
    if (!params.queue) return { error: "the queue view needs ?queue=NAME" };
    queues = canSeeQueue(agent, params.queue) ? [params.queue] : [];
  }
  const base = { limit: params.limit, after: params.cursor ?? null, ...(queues ? { queues } : {}) };
  switch (params.view) {
    case "waiting":
    case "queue":
      return { ...base, statuses: ["open"], owner: "human", order: "waiting" };
    case "unassigned":
      return { ...base, statuses: ["open"], owner: "human", assignee: null, order: "waiting" };
    case "mine":
      return { ...base, statuses: ["open", "pending", "snoozed"], assignee: agent.id, order: "recent" };
    case "resolved":
      return { ...base, statuses: ["resolved", "closed"], order: "recent" };
  }
}

/** The name agents know a customer by: their name, else an identity (e-mail, phone, handle), else "Customer". */
export function customerLabel(contact: Contact | null): string {
  if (!contact) return "Customer";
  if (contact.name) return contact.name;
  const identity = contact.identities.find((i) => i.kind !== "web") ?? contact.identities[0];
  return identity ? (identity.kind === "web" ? `Web visitor ${identity.value.slice(0, 6)}` : identity.value) : "Customer";
}

export async function inboxRows(
  store: Store,
  config: Pick<ThreadlineConfig, "queues" | "agents">,
  conversations: readonly Conversation[],
): Promise<InboxRow[]> {
  const contacts = await Promise.all(conversations.map((c) => store.getContact(c.contactId)));
  return conversations.map((c, i) => ({
    id: c.id,
    customer: customerLabel(contacts[i] ?? null),
    channel: c.lastChannel,
    queue: c.queue,
    queueName: c.queue ? (config.queues[c.queue]?.name ?? c.queue) : null,
    priority: c.priority,
    status: c.status,
    assignee: c.assignee,
    assigneeName: c.assignee ? (config.agents.find((a) => a.id === c.assignee)?.name ?? c.assignee) : null,
    goal: c.handoff?.goal ?? null,
    risk: c.handoff?.risk ?? null,
    waitingSince: c.handoff ? c.handoff.createdAt.toISOString() : null,
    lastMessageAt: c.lastMessageAt.toISOString(),
  }));
}
