import { LRUCache } from "lru-cache";
import type { Conversation } from "../model/index.js";
import type { Store } from "../store/port.js";
import { foldOutcome, type ConversationOutcome } from "./outcome.js";

/** Which conversations: opened at or after `from` and before `to`. */
export interface OutcomeRange {
  from?: Date;
  to?: Date;
}

/** How outcomes are read. */
export interface OutcomeReadOptions {
  /** `analytics.recontact_window` in ms (docs/analytics.md, re-contact). */
  recontactWindowMs: number;
  /** Conversations per page (default 500): the most held in memory at once. */
  pageSize?: number;
}

/** Events of a whole conversation log (the store's default cap of 10,000 would cut long ones). */
const WHOLE_LOG = Number.MAX_SAFE_INTEGER;
/** What re-contact needs of the contact's earlier conversations, cached (bounded) as pages walk on. */
type Earlier = Pick<ConversationOutcome, "intent" | "openedAt" | "endedAt">;
const EARLIER_TYPES = ["conversation.opened", "decision.made", "conversation.status_changed"] as const;

/**
 * Conversations in `range`, each with its outcome folded from its own event
 * log, one page of conversations at a time (store cursor, id order): memory
 * stays flat however large the store. `contactId` is the conversation's
 * current contact (after merges) and `recontact` is set (docs/analytics.md).
 */
export async function* streamOutcomes(store: Store, range: OutcomeRange, options: OutcomeReadOptions): AsyncGenerator<ConversationOutcome> {
  const pageSize = options.pageSize ?? 500;
  const earlier = new LRUCache<string, Earlier>({ max: 5000 });
  let after: string | null = null;
  for (;;) {
    const page = await store.pageConversations({
      after,
      limit: pageSize,
      ...(range.from ? { createdFrom: range.from } : {}),
      ...(range.to ? { createdTo: range.to } : {}),
    });
    for (const conversation of page) {
      const outcome = foldOutcome(await store.listEvents({ conversationId: conversation.id, limit: WHOLE_LOG }));
      if (!outcome) continue;
      outcome.contactId = conversation.contactId;
      earlier.set(conversation.id, { intent: outcome.intent, openedAt: outcome.openedAt, endedAt: outcome.endedAt });
      outcome.recontact = await isRecontact(store, conversation, outcome, options.recontactWindowMs, earlier);
      yield outcome;
    }
    if (page.length < pageSize) return;
    after = page.at(-1)!.id;
  }
}

/** Every outcome of `range` in one array (the report groups them). */
export async function readOutcomes(store: Store, range: OutcomeRange, options: OutcomeReadOptions): Promise<ConversationOutcome[]> {
  const out: ConversationOutcome[] = [];
  for await (const o of streamOutcomes(store, range, options)) out.push(o);
  return out;
}

/**
 * True when the same contact has an earlier conversation (opened before this
 * one) with the same intent whose end (its last resolution or closing as of
 * the end of the log; its opening when it never ended) is at most `windowMs`
 * before this one opened, or after it.
 */
async function isRecontact(
  store: Store,
  conversation: Conversation,
  outcome: ConversationOutcome,
  windowMs: number,
  cache: LRUCache<string, Earlier>,
): Promise<boolean> {
  if (!outcome.intent) return false;
  const opened = outcome.openedAt.getTime();
  let after: string | null = null;
  for (;;) {
    const page = await store.pageConversations({ after, limit: 100, contactId: conversation.contactId, createdTo: outcome.openedAt });
    for (const other of page) {
      if (other.id === conversation.id) continue;
      const a = cache.get(other.id) ?? (await summary(store, other.id));
      if (!a) continue;
      cache.set(other.id, a);
      const reference = (a.endedAt ?? a.openedAt).getTime();
      if (a.intent === outcome.intent && a.openedAt.getTime() < opened && opened <= reference + windowMs) return true;
    }
    if (page.length < 100) return false;
    after = page.at(-1)!.id;
  }
}

async function summary(store: Store, conversationId: string): Promise<Earlier | null> {
  const o = foldOutcome(await store.listEvents({ conversationId, types: EARLIER_TYPES, limit: WHOLE_LOG }));
  return o ? { intent: o.intent, openedAt: o.openedAt, endedAt: o.endedAt } : null;
}
