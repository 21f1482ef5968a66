import type { Router } from "express";
import type { ConsoleFeed } from "../feed.js";
import { canSeeQueue } from "../inbox.js";
import { sessionOf } from "./guard.js";

/**
 * GET /console/api/events: server-sent events for the signed-in agent's
 * queues (`event: change`, data `{kind, conversationId}`); the page reloads
 * what changed. A comment line every `heartbeatMs` keeps proxies from
 * closing the stream.
 */
export function mountEventsRoute(router: Router, deps: { feed: ConsoleFeed; heartbeatMs?: number }): void {
  router.get("/events", (req, res) => {
    const { agent } = sessionOf(res);
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    res.write("retry: 3000\n: connected\n\n");
    const unsubscribe = deps.feed.subscribe((change) => {
      if (!canSeeQueue(agent, change.queue)) return;
      res.write(`event: change\ndata: ${JSON.stringify({ kind: change.kind, conversationId: change.conversationId })}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(": ping\n\n"), deps.heartbeatMs ?? 20_000);
    heartbeat.unref?.();
    req.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}
