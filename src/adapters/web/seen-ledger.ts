/**
 * Which outbound messages each visitor was shown, and whether their "read"
 * has been reported yet. A visitor's `seen` frame may only mark messages of
 * their own conversation as read, and each one only once; ids not found here
 * are checked against the visitor's history before being trusted.
 * Bounded in memory: oldest visitors and messages are forgotten first.
 */
export type SeenState = "unknown" | "unread" | "read";

export class SeenLedger {
  private readonly visitors = new Map<string, Map<string, boolean>>();

  constructor(private readonly maxVisitors = 10_000, private readonly maxPerVisitor = 300) {}

  remember(visitorId: string, messageId: string, read = false): void {
    const messages = this.touch(visitorId);
    messages.set(messageId, read || messages.get(messageId) === true);
    if (messages.size > this.maxPerVisitor) {
      const oldest = messages.keys().next().value;
      if (oldest !== undefined) messages.delete(oldest);
    }
  }

  state(visitorId: string, messageId: string): SeenState {
    const read = this.visitors.get(visitorId)?.get(messageId);
    return read === undefined ? "unknown" : read ? "read" : "unread";
  }

  markRead(visitorId: string, messageId: string): void {
    this.visitors.get(visitorId)?.set(messageId, true);
  }

  private touch(visitorId: string): Map<string, boolean> {
    let messages = this.visitors.get(visitorId);
    if (messages) {
      // Re-insert so the Map's order is least-recently-used first.
      this.visitors.delete(visitorId);
    } else {
      messages = new Map();
    }
    this.visitors.set(visitorId, messages);
    if (this.visitors.size > this.maxVisitors) {
      const oldest = this.visitors.keys().next().value;
      if (oldest !== undefined) this.visitors.delete(oldest);
    }
    return messages;
  }
}
