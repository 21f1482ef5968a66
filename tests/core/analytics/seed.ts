import { makeContact, makeConversation, makeEvent, type ChannelId, type DomainEvent } from "../../../src/core/model/index.js";
import type { Store } from "../../../src/core/store/port.js";

/** A hand-written event log of one conversation: [minute after t0, type, actor, data], in log order. */
export type LogStep = [number, string, string, Record<string, unknown>];

/** Builds a conversation's log (conversation id, contact id) from steps counted in minutes after `t0`. */
export function buildLog(t0: number, conversationId: string, contactId: string, steps: readonly LogStep[]): DomainEvent[] {
  return steps.map(([min, type, actor, data]) => makeEvent(type, actor, new Date(t0 + min * 60_000), { conversationId, contactId }, data));
}

/**
 * Writes hand-written logs as the hub would: each log's contact (once) and
 * conversation row (id, contact, channel and time from its
 * `conversation.opened`), with the log as the conversation's events.
 */
export async function seedLogs(store: Store, logs: readonly DomainEvent[][]): Promise<void> {
  for (const log of logs) {
    const opened = log.find((e) => e.type === "conversation.opened");
    if (!opened?.conversationId || !opened.contactId) throw new Error("a log needs a conversation.opened event with conversation and contact");
    if (!(await store.getContact(opened.contactId))) {
      await store.createContact(
        { ...makeContact({ identities: [{ kind: "email", value: `${opened.contactId}@example.com` }], at: opened.at }), id: opened.contactId },
        [],
      );
    }
    const conversation = {
      ...makeConversation({ contactId: opened.contactId, channel: opened.data.channel as ChannelId, at: opened.at }),
      id: opened.conversationId,
    };
    await store.createConversation(conversation, log);
  }
}
