import { WebSocket } from "ws";
import type { ServerFrame } from "./protocol.js";

/**
 * Open websockets by visitor. One visitor may have several (tabs, devices);
 * everything for the visitor goes to all of them.
 */
export class VisitorSockets {
  private readonly byVisitor = new Map<string, Set<WebSocket>>();

  add(visitorId: string, ws: WebSocket): void {
    let set = this.byVisitor.get(visitorId);
    if (!set) {
      set = new Set();
      this.byVisitor.set(visitorId, set);
    }
    set.add(ws);
  }

  remove(visitorId: string, ws: WebSocket): void {
    const set = this.byVisitor.get(visitorId);
    if (!set) return;
    set.delete(ws);
    if (set.size === 0) this.byVisitor.delete(visitorId);
  }

  visitorHasSockets(visitorId: string): boolean {
    return this.countFor(visitorId) > 0;
  }

  countFor(visitorId: string): number {
    return this.byVisitor.get(visitorId)?.size ?? 0;
  }

  count(): number {
    let n = 0;
    for (const set of this.byVisitor.values()) n += set.size;
    return n;
  }

  visitors(): number {
    return this.byVisitor.size;
  }

  all(): WebSocket[] {
    return [...this.byVisitor.values()].flatMap((set) => [...set]);
  }

  /**
   * Sends a frame to every open socket of the visitor (except `except`) and
   * resolves with how many accepted it (written to the socket without error).
   */
  async push(visitorId: string, frame: ServerFrame, except?: WebSocket): Promise<number> {
    const targets = [...(this.byVisitor.get(visitorId) ?? [])].filter((ws) => ws !== except && ws.readyState === WebSocket.OPEN);
    if (targets.length === 0) return 0;
    const data = JSON.stringify(frame);
    const results = await Promise.all(targets.map((ws) => sendFrame(ws, data)));
    return results.filter(Boolean).length;
  }
}

/** Sends serialized data; resolves true once written, false when the socket failed or was not open. */
export function sendFrame(ws: WebSocket, data: string): Promise<boolean> {
  if (ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
  return new Promise((resolve) => {
    ws.send(data, (err) => resolve(!err));
  });
}
