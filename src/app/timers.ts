import type { Clock } from "../core/clock.js";
import type { EscalationRelay } from "../core/escalation/relay.js";
import type { Logger } from "../core/logger.js";
import type { Conversation } from "../core/model/index.js";
import {
  firstResponseKey, SLA_FIRST_RESPONSE, slaFirstResponseHandler, SNOOZE_WAKE, snoozeKey, snoozeWakeHandler,
} from "../core/scheduler/conversation-timers.js";
import { createScheduler, type Scheduler } from "../core/scheduler/scheduler.js";
import type { Store } from "../core/store/port.js";

export interface TimerWiring {
  scheduler: Scheduler;
  /** Schedules the timers a conversation's state calls for (a snooze's wake-up). Must not throw. */
  follow(conversationId: string): void;
  /** A conversation was escalated: its first-response SLA starts (due time from the handoff card). Must not throw. */
  escalated(conversationId: string, dueAt: Date | null): void;
}

/** The scheduler with the conversation timers (snooze wake-up, first-response SLA) and the hooks that schedule them. */
export function wireTimers(options: { store: Store; clock: Clock; logger: Logger; relay: () => EscalationRelay }): TimerWiring {
  const { store, clock } = options;
  const logger = options.logger.child({ part: "scheduler" });
  const deps = {
    store, clock,
    notify: (conversation: Conversation, text: string) => options.relay().mirrorText(conversation, text).catch((err: unknown) => logger.warn({ err }, "telling the threads failed")),
  };
  const scheduler = createScheduler({
    store, clock, logger,
    handlers: { [SNOOZE_WAKE]: snoozeWakeHandler(deps), [SLA_FIRST_RESPONSE]: slaFirstResponseHandler(deps) },
  });
  const failed = (what: string) => (err: unknown) => logger.error({ err }, `scheduling ${what} failed`);
  return {
    scheduler,
    follow(conversationId) {
      void (async () => {
        const c = await store.getConversation(conversationId);
        if (c?.status === "snoozed" && c.snoozedUntil) {
          await scheduler.schedule({ key: snoozeKey(c.id), kind: SNOOZE_WAKE, conversationId: c.id, dueAt: c.snoozedUntil, data: {} });
        }
      })().catch(failed("a snooze wake-up"));
    },
    escalated(conversationId, due) {
      if (!due) return;
      void scheduler.schedule({ key: firstResponseKey(conversationId), kind: SLA_FIRST_RESPONSE, conversationId, dueAt: due, data: { dueAt: due.toISOString() } })
        .catch(failed("the first-response SLA"));
    },
  };
}
