import type { Store } from "../store/port.js";
import { foldOutcome, type ConversationOutcome } from "./outcome.js";

/** Conversations opened at or after `from` and before `to`, each with its outcome folded from its own event log. */
export async function readOutcomes(store: Store, range: { from?: Date; to?: Date }, pageSize = 1000): Promise<ConversationOutcome[]> {
  const out: ConversationOutcome[] = [];
  const seen = new Set<string>();
  let since = range.from;
  for (;;) {
    const page = await store.listEvents({ type: "conversation.opened", ...(since ? { since } : {}), limit: pageSize });
    let added = 0;
    for (const opened of page) {
      if (seen.has(opened.id) || !opened.conversationId) continue;
      seen.add(opened.id);
      added++;
      if (range.to && opened.at >= range.to) continue;
      const outcome = foldOutcome(await store.listEvents({ conversationId: opened.conversationId }));
      if (outcome) out.push(outcome);
    }
    if (page.length < pageSize || added === 0) return out;
    // The next page starts at the last timestamp seen; events of that millisecond already read are skipped by id.
    since = page.at(-1)!.at;
  }
}
