export type SeenState = "unknown" | "unread" | "read";

/**
 * Which outbound messages each visitor was shown, and whether their "read"
 * has been reported yet. A visitor's `seen` frame may only mark messages of
 * their own conversation as read, and each one only once; ids not found here
 * are checked against the visitor's history before being trusted.
 * Bounded in memory: oldest visitors and messages are forgotten first.
 */
export interface SeenLedger {
  remember(visitorId: string, messageId: string, read?: boolean): void;
  state(visitorId: string, messageId: string): SeenState;
  markRead(visitorId: string, messageId: string): void;
}

export interface SeenLedgerLimits {
  /** Visitors remembered; the least recently active is forgotten first. */
  maxVisitors?: number;
  /** Messages remembered per visitor; the oldest is forgotten first. */
  maxPerVisitor?: number;
}

export function createSeenLedger({ maxVisitors = 10_000, maxPerVisitor = 300 }: SeenLedgerLimits = {}): SeenLedger {
  const visitors = new Map<string, Map<string, boolean>>();

  function touch(visitorId: string): Map<string, boolean> {
    let messages = visitors.get(visitorId);
    if (messages) {
      // Re-insert so the Map's order is least-recently-used first.
      visitors.delete(visitorId);
    } else {
      messages = new Map();
    }
    visitors.set(visitorId, messages);
    if (visitors.size > maxVisitors) {
      const oldest = visitors.keys().next().value;
      if (oldest !== undefined) visitors.delete(oldest);
    }
    return messages;
  }

  return {
    remember(visitorId, messageId, read = false) {
      const messages = touch(visitorId);
      messages.set(messageId, read || messages.get(messageId) === true);
      if (messages.size > maxPerVisitor) {
        const oldest = messages.keys().next().value;
        if (oldest !== undefined) messages.delete(oldest);
      }
    },

    state(visitorId, messageId) {
      const read = visitors.get(visitorId)?.get(messageId);
      return read === undefined ? "unknown" : read ? "read" : "unread";
    },

    markRead(visitorId, messageId) {
      visitors.get(visitorId)?.set(messageId, true);
    },
  };
}
