/**
 * Append-only audit record. Every state change writes one; analytics are
 * computed from events, never from mutable rows, so history cannot be lost by
 * an update.
 */
export interface DomainEvent {
  id: string;
  /** Dotted name, e.g. `message.received`, `conversation.opened`, `owner.changed`. */
  type: string;
  conversationId: string | null;
  contactId: string | null;
  /** Who caused it: `customer`, `ai`, `system`, or `agent:<id>`. */
  actor: string;
  data: Record<string, unknown>;
  at: Date;
}
