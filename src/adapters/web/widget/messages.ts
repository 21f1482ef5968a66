import type { PublicMessage } from "../protocol.js";

/** Delivery state as the widget shows it: the server's states plus the local ones before the hub confirmed. */
export type ShownState = "sending" | "failed" | "received" | "queued" | "sent" | "delivered" | "read";

export interface ChatMessage {
  /** Stable key for the DOM: `c:<clientMessageId>` for the visitor's own, `s:<id>` for others. */
  key: string;
  id: string | null;
  clientMessageId: string | null;
  direction: "inbound" | "outbound";
  authorKind: PublicMessage["authorKind"];
  text: string;
  createdAt: string;
  state: ShownState;
  error?: string;
}

const RANK: Record<ShownState, number> = { failed: 0, sending: 1, queued: 2, received: 3, sent: 3, delivered: 4, read: 5 };

function fromServer(m: PublicMessage): ChatMessage {
  return {
    key: `s:${m.id}`, id: m.id, clientMessageId: null, direction: m.direction, authorKind: m.authorKind,
    text: m.text, createdAt: m.createdAt, state: m.deliveryState,
  };
}

/** States only move forward (a late "received" never undoes "read"), except a resend after failure. */
function better(a: ShownState, b: ShownState): ShownState {
  return RANK[b] > RANK[a] ? b : a;
}

/**
 * The conversation as the widget knows it: server messages in server order,
 * then the visitor's messages still waiting for the hub. Messages are
 * matched by id, and the visitor's own by clientMessageId, so echoes, acks,
 * history polls and reconnects never show a message twice.
 */
export class MessageList {
  items: ChatMessage[] = [];

  byClientId(clientMessageId: string): ChatMessage | undefined {
    return this.items.find((m) => m.clientMessageId === clientMessageId);
  }

  byId(id: string): ChatMessage | undefined {
    return this.items.find((m) => m.id === id);
  }

  addLocal(clientMessageId: string, text: string): ChatMessage {
    const m: ChatMessage = {
      key: `c:${clientMessageId}`, id: null, clientMessageId, direction: "inbound", authorKind: "customer",
      text, createdAt: new Date().toISOString(), state: "sending",
    };
    this.items.push(m);
    return m;
  }

  /** One message pushed by the hub (a reply, or the visitor's own from another tab). Returns it when new. */
  upsert(pm: PublicMessage): ChatMessage | null {
    const known = this.byId(pm.id);
    if (known) {
      known.state = better(known.state, pm.deliveryState);
      return null;
    }
    const m = fromServer(pm);
    // Keep the visitor's not-yet-confirmed messages last.
    const firstPending = this.items.findIndex((i) => i.id === null);
    if (firstPending === -1) this.items.push(m);
    else this.items.splice(firstPending, 0, m);
    return m;
  }

  /** A delivery update for a message the hub knows. */
  mark(id: string, state: ShownState): void {
    const m = this.byId(id);
    if (m) m.state = better(m.state, state);
  }

  /** The hub stored the visitor's message `clientMessageId` as `messageId`. */
  confirm(clientMessageId: string, messageId: string): void {
    const local = this.byClientId(clientMessageId);
    if (!local) return;
    const twin = this.items.find((m) => m !== local && m.id === messageId);
    if (twin) {
      // The echo or a history poll got here first: keep the server's copy in its place.
      twin.clientMessageId = clientMessageId;
      twin.key = local.key;
      twin.state = better(twin.state, "received");
      this.items = this.items.filter((m) => m !== local);
      return;
    }
    local.id = messageId;
    local.state = better(local.state === "failed" ? "sending" : local.state, "received");
    delete local.error;
    // Now confirmed, it belongs before any other pending message.
    this.items = this.items.filter((m) => m !== local);
    const firstPending = this.items.findIndex((i) => i.id === null);
    if (firstPending === -1) this.items.push(local);
    else this.items.splice(firstPending, 0, local);
  }

  /** Replaces what the server knows with a fresh history, keeping unconfirmed local messages at the end. */
  resync(history: readonly PublicMessage[]): void {
    const last = history[history.length - 1];
    const fresh = history.map((pm) => {
      const known = this.byId(pm.id);
      if (!known) return fromServer(pm);
      known.state = better(known.state, pm.deliveryState);
      known.text = pm.text;
      return known;
    });
    const ids = new Set(history.map((m) => m.id));
    // Messages pushed after the history was read are newer than its last one; keep them.
    const newer = this.items.filter((m) => m.id !== null && !ids.has(m.id) && (!last || m.createdAt > last.createdAt));
    const pending = this.items.filter((m) => m.id === null);
    this.items = [...fresh, ...newer, ...pending];
  }

  /** Forgets everything the server sent (a new visitor identity); unconfirmed messages stay. */
  clear(): void {
    this.items = this.items.filter((m) => m.id === null);
  }

  /** Messages of the visitor that still need the hub. */
  unconfirmed(): ChatMessage[] {
    return this.items.filter((m) => m.id === null && m.clientMessageId !== null);
  }

  /**
   * What to show for one of the visitor's messages: "read" once the hub said
   * so, or once a person or the AI answered after it (an automatic system
   * message does not count as reading).
   */
  shownState(m: ChatMessage): ShownState {
    if (m.state !== "received" && m.state !== "sent" && m.state !== "delivered") return m.state;
    const at = this.items.indexOf(m);
    return this.items.slice(at + 1).some((r) => r.authorKind === "ai" || r.authorKind === "agent") ? "read" : m.state;
  }
}
