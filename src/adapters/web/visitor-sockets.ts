import { WebSocket } from "ws";
import type { ServerFrame } from "./protocol.js";

/**
 * Open websockets by visitor. One visitor may have several (tabs, devices);
 * everything for the visitor goes to all of them.
 */
export interface VisitorSockets {
  add(visitorId: string, ws: WebSocket): void;
  remove(visitorId: string, ws: WebSocket): void;
  visitorHasSockets(visitorId: string): boolean;
  countFor(visitorId: string): number;
  count(): number;
  visitors(): number;
  all(): WebSocket[];
  /**
   * Sends a frame to every open socket of the visitor (except `except`) and
   * resolves with how many accepted it (written to the socket without error).
   */
  push(visitorId: string, frame: ServerFrame, except?: WebSocket): Promise<number>;
}

export function createVisitorSockets(): VisitorSockets {
  const byVisitor = new Map<string, Set<WebSocket>>();

  const countFor = (visitorId: string): number => byVisitor.get(visitorId)?.size ?? 0;

  return {
    add(visitorId, ws) {
      let set = byVisitor.get(visitorId);
      if (!set) {
        set = new Set();
        byVisitor.set(visitorId, set);
      }
      set.add(ws);
    },

    remove(visitorId, ws) {
      const set = byVisitor.get(visitorId);
      if (!set) return;
      set.delete(ws);
      if (set.size === 0) byVisitor.delete(visitorId);
    },

    visitorHasSockets(visitorId) {
      return countFor(visitorId) > 0;
    },

    countFor,

    count() {
      let n = 0;
      for (const set of byVisitor.values()) n += set.size;
      return n;
    },

    visitors() {
      return byVisitor.size;
    },

    all() {
      return [...byVisitor.values()].flatMap((set) => [...set]);
    },

    async push(visitorId, frame, except) {
      const targets = [...(byVisitor.get(visitorId) ?? [])].filter((ws) => ws !== except && ws.readyState === WebSocket.OPEN);
      if (targets.length === 0) return 0;
      const data = JSON.stringify(frame);
      const results = await Promise.all(targets.map((ws) => sendFrame(ws, data)));
      return results.filter(Boolean).length;
    },
  };
}

/** Sends serialized data; resolves true once written, false when the socket failed or was not open. */
export function sendFrame(ws: WebSocket, data: string): Promise<boolean> {
  if (ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
  return new Promise((resolve) => {
    ws.send(data, (err) => resolve(!err));
  });
}
