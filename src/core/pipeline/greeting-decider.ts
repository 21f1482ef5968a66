import { isOpen } from "../calendar/business-time.js";
import type { BusinessHours } from "../config/business-hours.js";
import type { Store } from "../store/port.js";
import type { Decider, DecisionReply } from "./decision.js";

export interface GreetingDeciderOptions {
  store: Store;
  defaultLocale: string;
  greeting?: Record<string, string>;
  afterHours?: Record<string, string>;
  /** Omitted: always open. */
  businessHours?: BusinessHours;
  /** Minimum gap between two after-hours notices in one conversation. */
  afterHoursRepeatMs?: number;
}

/**
 * The decision step before the AI core exists, doing only what is real:
 * greet a new conversation during business hours, and tell a customer writing
 * outside business hours when someone will answer (once per conversation per
 * `afterHoursRepeatMs`). It stays silent when a human owns the conversation.
 */
export function createGreetingDecider(options: GreetingDeciderOptions): Decider {
  const repeatMs = options.afterHoursRepeatMs ?? 12 * 3_600_000;
  const pick = (texts: Record<string, string> | undefined) => texts?.[options.defaultLocale];
  return async ({ conversation, isNewConversation, now }) => {
    if (conversation.owner === "human") return { replies: [], notes: { silent: "human_owner" } };
    const replies: DecisionReply[] = [];
    const open = options.businessHours ? isOpen(options.businessHours, now) : true;
    if (!open) {
      const text = pick(options.afterHours);
      if (text && !(await sentRecently(options.store, conversation.id, "after_hours", now, repeatMs))) {
        replies.push({ kind: "after_hours", text, authorKind: "system" });
      }
    } else if (isNewConversation) {
      const text = pick(options.greeting);
      if (text) replies.push({ kind: "greeting", text, authorKind: "system" });
    }
    return { replies, notes: { businessHours: open ? "open" : "closed" } };
  };
}

async function sentRecently(store: Store, conversationId: string, kind: string, now: Date, windowMs: number): Promise<boolean> {
  const events = await store.listEvents({ conversationId, type: "decision.made", since: new Date(now.getTime() - windowMs) });
  return events.some((e) => Array.isArray(e.data.replies) && (e.data.replies as string[]).includes(kind));
}
