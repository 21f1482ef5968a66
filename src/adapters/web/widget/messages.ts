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
    key: `s:${m.id}`,
    id: m.id,
    clientMessageId: null,
    direction: m.direction,
    authorKind: m.authorKind,
    text: m.text,
    createdAt: m.createdAt,
    state: m.deliveryState,
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
export interface MessageList {
  readonly items: ChatMessage[];
  byClientId(clientMessageId: string): ChatMessage | undefined;
  byId(id: string): ChatMessage | undefined;
  addLocal(clientMessageId: string, text: string): ChatMessage;
  /** One message pushed by the hub (a reply, or the visitor's own from another tab). Returns it when new. */
  upsert(pm: PublicMessage): ChatMessage | null;
  /** A delivery update for a message the hub knows. */
  mark(id: string, state: ShownState): void;
  /** The hub stored the visitor's message `clientMessageId` as `messageId`. */
  confirm(clientMessageId: string, messageId: string): void;
  /** Replaces what the server knows with a fresh history, keeping unconfirmed local messages at the end. */
  resync(history: readonly PublicMessage[]): void;
  /** Forgets everything the server sent (a new visitor identity); unconfirmed messages stay. */
  clear(): void;
  /** Messages of the visitor that still need the hub. */
  unconfirmed(): ChatMessage[];
  /**
   * What to show for one of the visitor's messages: "read" once the hub said
   * so, or once a person or the AI answered after it (an automatic system
   * message does not count as reading).
   */
  shownState(m: ChatMessage): ShownState;
}

export function createMessageList(): MessageList {
  let items: ChatMessage[] = [];

  const byClientId = (clientMessageId: string) => items.find((m) => m.clientMessageId === clientMessageId);
  const byId = (id: string) => items.find((m) => m.id === id);

  /** Puts a message before the visitor's not-yet-confirmed ones. */
  function insertBeforePending(m: ChatMessage): void {
    const firstPending = items.findIndex((i) => i.id === null);
    if (firstPending === -1) items.push(m);
    else items.splice(firstPending, 0, m);
  }

  return {
    get items() {
      return items;
    },

    byClientId,
    byId,

    addLocal(clientMessageId, text) {
      const m: ChatMessage = {
        key: `c:${clientMessageId}`,
        id: null,
        clientMessageId,
        direction: "inbound",
        authorKind: "customer",
        text,
        createdAt: new Date().toISOString(),
        state: "sending",
      };
      items.push(m);
      return m;
    },

    upsert(pm) {
      const known = byId(pm.id);
      if (known) {
        known.state = better(known.state, pm.deliveryState);
        return null;
      }
      const m = fromServer(pm);
      // Keep the visitor's not-yet-confirmed messages last.
      insertBeforePending(m);
      return m;
    },

    mark(id, state) {
      const m = byId(id);
      if (m) m.state = better(m.state, state);
    },

    confirm(clientMessageId, messageId) {
      const local = byClientId(clientMessageId);
      if (!local) return;
      const twin = items.find((m) => m !== local && m.id === messageId);
      if (twin) {
        // The echo or a history poll got here first: keep the server's copy in its place.
        twin.clientMessageId = clientMessageId;
        twin.key = local.key;
        twin.state = better(twin.state, "received");
        items = items.filter((m) => m !== local);
        return;
      }
      local.id = messageId;
      local.state = better(local.state === "failed" ? "sending" : local.state, "received");
      delete local.error;
      // Now confirmed, it belongs before any other pending message.
      items = items.filter((m) => m !== local);
      insertBeforePending(local);
    },

    resync(history) {
      const last = history[history.length - 1];
      const fresh = history.map((pm) => {
        const known = byId(pm.id);
        if (!known) return fromServer(pm);
        known.state = better(known.state, pm.deliveryState);
        known.text = pm.text;
        return known;
      });
      const ids = new Set(history.map((m) => m.id));
      // Messages pushed after the history was read are newer than its last one; keep them.
      const newer = items.filter((m) => m.id !== null && !ids.has(m.id) && (!last || m.createdAt > last.createdAt));
      const pending = items.filter((m) => m.id === null);
      items = [...fresh, ...newer, ...pending];
    },

    clear() {
      items = items.filter((m) => m.id === null);
    },

    unconfirmed() {
      return items.filter((m) => m.id === null && m.clientMessageId !== null);
    },

    shownState(m) {
      if (m.state !== "received" && m.state !== "sent" && m.state !== "delivered") return m.state;
      const at = items.indexOf(m);
      return items.slice(at + 1).some((r) => r.authorKind === "ai" || r.authorKind === "agent") ? "read" : m.state;
    },
  };
}
