/** What the console's live stream tells browsers: which conversation changed and how. */
export interface ConsoleChange {
  /** escalated: a new hand-off; message: a customer (or anyone) wrote; changed: status, owner, assignee… */
  kind: "escalated" | "message" | "changed";
  conversationId: string;
  queue: string | null;
}

/**
 * In-process publish/subscribe for the console's server-sent events. The
 * hub publishes from its escalation, decision and desk hooks; each open
 * console tab subscribes. Per process: with several hub processes a tab
 * sees the changes of the process it is connected to live, and the rest on
 * its next reload (lists are always read from the store).
 */
export interface ConsoleFeed {
  publish(change: ConsoleChange): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (change: ConsoleChange) => void): () => void;
  /** Open subscriptions (tests, metrics). */
  size(): number;
}

export function createConsoleFeed(): ConsoleFeed {
  const listeners = new Set<(change: ConsoleChange) => void>();
  return {
    publish(change) {
      for (const l of [...listeners]) {
        try {
          l(change);
        } catch {
          // A broken listener (closed socket) must not stop the others.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    size: () => listeners.size,
  };
}
