import type { Store } from "../../core/store/port.js";
import { languageName } from "./texts.js";
import type { FlowEnv, Turn } from "./turn.js";

/** Minimum gap between two after-hours notices in one conversation (as without the AI). */
export const AFTER_HOURS_REPEAT_MS = 12 * 3_600_000;

/**
 * The fixed notices that come before whatever the AI says, in the
 * customer's language when the config has it:
 * - the greeting, on a new conversation during business hours;
 * - the after-hours notice (`messages.after_hours`), outside business hours,
 *   once per conversation per 12 hours: the AI still answers what it can,
 *   so the customer gets the notice plus the answer;
 * - once per conversation, when the AI has no texts in the customer's
 *   language, a line in that language saying which language the team
 *   answers in (`language_fallback`).
 */
export async function noticeStep(env: FlowEnv, turn: Turn): Promise<void> {
  const { config, defaultLocale } = env;
  const { input, locale } = turn;
  if (turn.open) {
    const greeting = config.messages.greeting?.[locale] ?? config.messages.greeting?.[defaultLocale];
    if (input.isNewConversation && greeting) turn.replies.push({ kind: "greeting", text: greeting, authorKind: "system" });
  } else {
    const notice = config.messages.after_hours?.[locale] ?? config.messages.after_hours?.[defaultLocale];
    if (notice && !(await sentRecently(env.store, input.conversation.id, "after_hours", input.now, AFTER_HOURS_REPEAT_MS))) {
      turn.replies.push({ kind: "after_hours", text: notice, authorKind: "system" });
      turn.state.steps.push("Customer was told the team is offline (after hours)");
    }
  }
  if (turn.customerLanguage !== locale && !turn.state.languageNoted) {
    turn.state.languageNoted = true;
    // The language is named in the language of the sentence ("anglais" in French, "English" in the default's).
    const say = env.texts.has("language_fallback", turn.customerLanguage) ? turn.customerLanguage : locale;
    const text = env.texts.get("language_fallback", say, { language: languageName(locale, say) });
    turn.replies.push({ kind: "language_fallback", text, authorKind: "ai" });
  }
}

/** Whether a reply of `kind` went out in this conversation within `windowMs` (decisions record their reply kinds). */
async function sentRecently(store: Store, conversationId: string, kind: string, now: Date, windowMs: number): Promise<boolean> {
  const events = await store.listEvents({ conversationId, type: "decision.made", since: new Date(now.getTime() - windowMs) });
  return events.some((e) => Array.isArray(e.data.replies) && (e.data.replies as string[]).includes(kind));
}
