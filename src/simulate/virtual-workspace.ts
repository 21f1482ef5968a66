import type { EscalationBot, MirrorEntry, ThreadView } from "../core/escalation/port.js";
import type { EscalationRef } from "../core/model/index.js";

/** One thing the virtual workspace was asked to show agents. */
export interface VirtualPost {
  kind: "thread" | "mirror" | "update" | "notify";
  platform: string;
  /** Target name (threads, notices) or the thread id (mirrors, updates). */
  target: string;
  threadId: string;
  /** What an agent would read: the card's headline facts, the mirrored message, or the notice. */
  text: string;
  view?: ThreadView;
}

/**
 * The internal side of `threadline simulate`: a bot per platform that
 * records threads, mirrors and card updates instead of calling Slack or
 * Discord. Scenarios assert on it with `thread_posted`; agents act through
 * the hub's real desk with the `agent…` steps.
 */
export function createVirtualWorkspace(platform: string, log: VirtualPost[]): EscalationBot {
  let threads = 0;
  const ref = (target: string, threadId: string): EscalationRef => ({ platform, target, threadId });
  return {
    platform,
    async start() {},
    async stop() {},
    status: () => ({ ok: true, detail: "virtual" }),
    async openThread(target, view) {
      const threadId = `${platform}-thread-${++threads}`;
      const c = view.card;
      log.push({
        kind: "thread",
        platform,
        target: target.name,
        threadId,
        view,
        text: `[${c.risk}] ${c.goal} | rule: ${c.rule ?? "none"} | queue: ${c.queue} | next: ${c.nextAction}`,
      });
      return ref(target.channel, threadId);
    },
    async mirror(r, entry: MirrorEntry) {
      log.push({ kind: "mirror", platform, target: r.target, threadId: r.threadId, text: entry.message.text });
    },
    async update(r, view) {
      log.push({
        kind: "update",
        platform,
        target: r.target,
        threadId: r.threadId,
        view,
        text: `status ${view.conversation.status}, owner ${view.conversation.owner}, assignee ${view.assigneeName ?? "none"}`,
      });
    },
    async notify(target, text) {
      const threadId = `${platform}-thread-${++threads}`;
      log.push({ kind: "notify", platform, target: target.name, threadId, text });
      return ref(target.channel, threadId);
    },
  };
}
