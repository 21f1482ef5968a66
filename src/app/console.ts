import type { Express } from "express";
import type { Clock } from "../core/clock.js";
import type { ThreadlineConfig } from "../core/config/schema.js";
import type { AgentDesk } from "../core/escalation/port.js";
import type { Logger } from "../core/logger.js";
import type { Conversation } from "../core/model/index.js";
import type { Decision } from "../core/pipeline/decision.js";
import type { Store } from "../core/store/port.js";
import { createConsoleFeed, type ConsoleFeed } from "../console/feed.js";
import { mountConsole } from "../console/mount.js";
import type { Resender } from "./dead-replies.js";

export interface ConsoleWiring {
  feed: ConsoleFeed;
  /** A message was decided: a new escalation, or a customer writing in a conversation people own, goes live to open inboxes. */
  decided(conversation: Conversation, decision: Decision): void;
  /** An agent changed the conversation (from the console, Slack, Discord or the API). Must not throw. */
  changed(conversationId: string): void;
  /** Mounts the console; `resend` lets agents resend dead replies from it. */
  mount(app: Express, desk: AgentDesk, resend?: Resender): void;
}

/** The console's part of the hub: its live feed (fed from the hub's hooks) and its routes. */
export function wireConsole(deps: { config: ThreadlineConfig; store: Store; clock: Clock; logger: Logger }): ConsoleWiring {
  const feed = createConsoleFeed();
  return {
    feed,
    decided(conversation, decision) {
      if (decision.escalation) feed.publish({ kind: "escalated", conversationId: conversation.id, queue: decision.escalation.queue });
      else if (conversation.owner === "human") feed.publish({ kind: "message", conversationId: conversation.id, queue: conversation.queue });
    },
    changed(conversationId) {
      void deps.store
        .getConversation(conversationId)
        .then((c) => {
          if (c) feed.publish({ kind: "changed", conversationId, queue: c.queue });
        })
        .catch((err: unknown) => deps.logger.warn({ err }, "console: publishing a change failed"));
    },
    mount(app, desk, resend) {
      mountConsole(app, {
        ...(resend ? { resend } : {}),
        config: deps.config,
        store: deps.store,
        desk,
        clock: deps.clock,
        logger: deps.logger,
        feed,
        clientIp: (req) => req.ip ?? req.socket.remoteAddress ?? "unknown",
      });
    },
  };
}
