import { LRUCache } from "lru-cache";
import { addBusinessTime } from "../core/calendar/business-time.js";
import type { Clock } from "../core/clock.js";
import type { ThreadlineConfig } from "../core/config/schema.js";
import type { Decision } from "../core/pipeline/decision.js";
import { enqueueReply } from "../core/pipeline/replies.js";
import { AUTO_RESOLVE, autoResolveHandler, autoResolveKey } from "../core/scheduler/auto-resolve.js";
import { KB_DIGEST, KB_DIGEST_KEY, kbDigestHandler, nextDigestAt } from "../core/scheduler/kb-digest.js";
import { planNextResponse, SLA_NEXT_RESPONSE, slaNextResponseHandler } from "../core/scheduler/next-response.js";
import { HANDOVER_DIGEST, HANDOVER_DIGEST_KEY, handoverDigestHandler, nextShiftStart } from "../core/scheduler/handover-digest.js";
import { RETENTION, RETENTION_KEY, nextRetentionAt, retentionHandler } from "../core/scheduler/retention.js";
import { hasRetention } from "../core/privacy/retention.js";
import { NO_STORED_FILES } from "../core/privacy/erase.js";
import { channelStoredFiles } from "../adapters/stored-files.js";
import { createSurveys, SURVEY_SEND, type Surveys } from "../core/surveys/surveys.js";
import { cardKey, THREAD_CARD, THREAD_CARD_POLICY, threadCardHandler } from "../core/scheduler/thread-card.js";
import { editMirrorKey, mirrorKey, THREAD_MIRROR, THREAD_MIRROR_POLICY, threadMirrorHandler } from "../core/scheduler/thread-mirror.js";
import type { Message } from "../core/model/index.js";
import type { EscalationRelay } from "../core/escalation/relay.js";
import type { Logger } from "../core/logger.js";
import type { Conversation } from "../core/model/index.js";
import {
  firstResponseKey,
  firstResponseWarningKey,
  SLA_FIRST_RESPONSE,
  SLA_FIRST_RESPONSE_WARNING,
  slaFirstResponseHandler,
  slaFirstResponseWarningHandler,
  SNOOZE_WAKE,
  snoozeKey,
  snoozeWakeHandler,
} from "../core/scheduler/conversation-timers.js";
import { createScheduler, type Scheduler } from "../core/scheduler/scheduler.js";
import type { Store } from "../core/store/port.js";

export interface TimerWiring {
  scheduler: Scheduler;
  /** Schedules the timers a conversation's state calls for (a snooze's wake-up). Must not throw. */
  follow(conversationId: string): void;
  /** A conversation was escalated: its first-response SLA starts (due time from the handoff card), with the warning before it. Must not throw. */
  escalated(conversationId: string, card: { queue: string; createdAt: Date; slaDueAt: Date | null }): void;
  /** The AI decided a customer message: an answer starts the soft-resolution silence (conversations.auto_resolve_ai). Must not throw. */
  decided(conversation: Conversation, decision: Decision): void;
  /** Makes sure the recurring timers exist (the daily knowledge-base digest); at start. */
  ensureRecurring(): Promise<void>;
  /**
   * Mirrors a customer message into the conversation's threads as durable, ordered work (one timer per thread);
   * with `edit`, the customer's edit of it ("edited: old → new", from that `message.edited` event).
   */
  mirror(conversation: Conversation, message: Message, edit?: { eventId: string }): Promise<void>;
  /** The satisfaction survey: scheduled after resolutions, answers recorded at ingest (surveys.ts). */
  surveys: Surveys;
  /** Queues a card update into each of the conversation's main threads (durable; one pending per thread, rendered when it runs). */
  cardUpdates(conversationId: string): Promise<void>;
}

/** The daily knowledge-base digest goes out at this local time (then the next opening, if closed). */
const KB_DIGEST_TIME = "09:00";
/** The daily retention run (privacy.retention) starts at this local time, open or not. */
const RETENTION_TIME = "03:00";

/** The scheduler with the conversation timers (snooze wake-up, first-response SLA) and the hooks that schedule them. */
export function wireTimers(options: {
  config: ThreadlineConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  relay: () => EscalationRelay;
  onQueued(): void;
  /** Today's knowledge-base digest text, or null (no knowledge base or nothing due). */
  kbDigest(): string | null;
  /** Posts an alert to the escalation fallback target; false when none can take it. */
  alert(text: string): Promise<boolean>;
  /** Posts a queue's shift handover digest to the targets the queue is routed to; how many took it. */
  postToQueue(queue: string, text: string): Promise<number>;
  /** The console link of a conversation. */
  conversationUrl(conversationId: string): string;
  /** Runs at each shift start before the handover digest (automatic assignment of what waited overnight). */
  onShiftStart?(): Promise<void>;
  /** hub.data_dir, where channels keep files retention deletes (e-mail originals); none without it. */
  dataDir?: string;
}): TimerWiring {
  const { store, clock, config } = options;
  const logger = options.logger.child({ part: "scheduler" });
  const deps = {
    store,
    clock,
    notify: (conversation: Conversation, text: string) =>
      options
        .relay()
        .mirrorText(conversation, text)
        .catch((err: unknown) => logger.warn({ err }, "telling the threads failed")),
  };
  const surveys = createSurveys({
    store,
    clock,
    logger,
    settings: config.surveys,
    defaultLocale: config.hub.default_locale,
    schedule: (t) => scheduler.schedule(t),
    onQueued: options.onQueued,
  });
  const scheduler = createScheduler({
    store,
    clock,
    logger,
    policies: { [THREAD_MIRROR]: THREAD_MIRROR_POLICY, [THREAD_CARD]: THREAD_CARD_POLICY },
    handlers: {
      [THREAD_MIRROR]: threadMirrorHandler({ store, relay: options.relay }),
      [THREAD_CARD]: threadCardHandler({ relay: options.relay }),
      [SURVEY_SEND]: surveys.sendHandler,
      [SNOOZE_WAKE]: snoozeWakeHandler(deps),
      [SLA_FIRST_RESPONSE]: slaFirstResponseHandler(deps),
      [SLA_FIRST_RESPONSE_WARNING]: slaFirstResponseWarningHandler(deps),
      [SLA_NEXT_RESPONSE]: slaNextResponseHandler(deps),
      [KB_DIGEST]: kbDigestHandler({
        clock,
        digest: options.kbDigest,
        post: options.alert,
        schedule: (t, events) => scheduler.schedule(t, events),
        businessHours: config.business_hours,
        at: KB_DIGEST_TIME,
      }),
      ...(config.business_hours
        ? {
            [HANDOVER_DIGEST]: handoverDigestHandler({
              store,
              clock,
              businessHours: config.business_hours,
              post: options.postToQueue,
              urlOf: options.conversationUrl,
              ...(options.onShiftStart ? { onShiftStart: options.onShiftStart } : {}),
              queues: Object.entries(config.queues)
                .filter(([, q]) => q.handover_digest)
                .map(([id, q]) => ({ id, name: q.name })),
              schedule: (t, events) => scheduler.schedule(t, events),
            }),
          }
        : {}),
      [RETENTION]: retentionHandler({
        store,
        clock,
        policy: config.privacy.retention,
        files: options.dataDir ? channelStoredFiles(options.dataDir) : NO_STORED_FILES,
        at: RETENTION_TIME,
        timezone: config.business_hours?.timezone,
        schedule: (t, events) => scheduler.schedule(t, events),
      }),
      [AUTO_RESOLVE]: autoResolveHandler({
        store,
        clock,
        closingText: async (c) => {
          const texts = config.messages.auto_resolved;
          if (!texts) return null;
          const [decision] = await store.listEvents({ conversationId: c.id, type: "decision.made", newestFirst: true, limit: 1 });
          const locale = String(decision?.data.locale ?? c.handoff?.language ?? config.hub.default_locale).split("-")[0]!;
          return texts[locale] ?? texts[config.hub.default_locale] ?? null;
        },
        reply: async (c, text) => {
          await enqueueReply(store, clock, c, { text, authorKind: "system", authorId: null });
          options.onQueued();
        },
        onResolved: (c) => surveys.afterChange(c.id),
      }),
    },
  });
  const scheduleAutoResolve = (conversationId: string, afterMs: number) =>
    scheduler.schedule({
      key: autoResolveKey(conversationId),
      kind: AUTO_RESOLVE,
      conversationId,
      dueAt: new Date(clock.now().getTime() + afterMs),
      data: { afterMs },
    });
  const failed = (what: string) => (err: unknown) => logger.error({ err }, `scheduling ${what} failed`);
  /** The last mirror queued per thread in this process, so the next one waits for it (order within a thread). */
  const lastMirror = new LRUCache<string, string>({ max: 10_000 });
  return {
    scheduler,
    surveys,
    follow(conversationId) {
      void (async () => {
        const c = await store.getConversation(conversationId);
        if (c?.status === "snoozed" && c.snoozedUntil) {
          await scheduler.schedule({ key: snoozeKey(c.id), kind: SNOOZE_WAKE, conversationId: c.id, dueAt: c.snoozedUntil, data: {} });
        }
        // An agent's reply was the last word: the queue's silence before resolving starts.
        const silence = c?.queue ? config.queues[c.queue]?.auto_resolve : undefined;
        if (c && silence && c.owner === "human" && (c.status === "open" || c.status === "pending")) {
          const last = (await store.listMessages(c.id)).filter((m) => m.direction !== "internal").at(-1);
          if (last?.direction === "outbound" && last.authorKind === "agent") await scheduleAutoResolve(c.id, silence);
        }
      })().catch(failed("a snooze wake-up"));
    },
    async mirror(conversation, message, edit) {
      for (const t of await options.relay().mainThreads(conversation.id)) {
        const key = edit ? editMirrorKey(t.platform, t.threadId, message.id, edit.eventId) : mirrorKey(t.platform, t.threadId, message.id);
        const thread = `${t.platform}:${t.threadId}`;
        const previous = lastMirror.get(thread) ?? null;
        lastMirror.set(thread, key);
        const data = { messageId: message.id, platform: t.platform, threadId: t.threadId, previous, ...(edit ? { editEventId: edit.eventId } : {}) };
        await scheduler.schedule({ key, kind: THREAD_MIRROR, conversationId: conversation.id, dueAt: clock.now(), data });
      }
    },
    async cardUpdates(conversationId) {
      for (const t of await options.relay().mainThreads(conversationId)) {
        const data = { platform: t.platform, threadId: t.threadId };
        await scheduler.schedule({ key: cardKey(t.platform, t.threadId), kind: THREAD_CARD, conversationId, dueAt: clock.now(), data });
      }
    },
    async ensureRecurring() {
      // privacy.retention set: the daily run exists (kept if already scheduled, e.g. mid-run); unset: none.
      const retention = await store.getTimer(RETENTION_KEY);
      if (hasRetention(config.privacy.retention) && !retention) {
        await scheduler.schedule({
          key: RETENTION_KEY,
          kind: RETENTION,
          conversationId: null,
          dueAt: nextRetentionAt(clock.now(), RETENTION_TIME, config.business_hours?.timezone),
          data: {},
        });
      } else if (!hasRetention(config.privacy.retention) && retention) await scheduler.cancel(RETENTION_KEY);
      // Business hours set: a handover digest at each shift start; none without shifts.
      const handover = await store.getTimer(HANDOVER_DIGEST_KEY);
      const shift = config.business_hours ? nextShiftStart(config.business_hours, clock.now()) : null;
      if (shift && !handover) await scheduler.schedule({ key: HANDOVER_DIGEST_KEY, kind: HANDOVER_DIGEST, conversationId: null, dueAt: shift, data: {} });
      else if (!config.business_hours && handover) await scheduler.cancel(HANDOVER_DIGEST_KEY);
      if (await store.getTimer(KB_DIGEST_KEY)) return;
      await scheduler.schedule({
        key: KB_DIGEST_KEY,
        kind: KB_DIGEST,
        conversationId: null,
        dueAt: nextDigestAt(clock.now(), KB_DIGEST_TIME, config.business_hours),
        data: {},
      });
    },
    decided(conversation, decision) {
      // A customer wrote in a conversation an agent has answered: the next-response clock runs from their first unanswered message.
      const nextResponse = conversation.queue ? config.queues[conversation.queue]?.next_response : undefined;
      if (nextResponse && conversation.owner === "human") {
        void planNextResponse({ store, hours: config.business_hours }, conversation.id, nextResponse)
          .then((t) => (t ? scheduler.schedule(t) : undefined))
          .catch(failed("the next-response SLA"));
      }
      const silence = config.conversations.auto_resolve_ai;
      const answered = decision.replies.some((r) => r.kind === "answer");
      if (!silence || decision.escalation || conversation.owner !== "ai" || !answered) return;
      void scheduleAutoResolve(conversation.id, silence).catch(failed("the soft resolution"));
    },
    escalated(conversationId, card) {
      const due = card.slaDueAt;
      if (!due) return;
      const data = { dueAt: due.toISOString() };
      void scheduler
        .schedule({ key: firstResponseKey(conversationId), kind: SLA_FIRST_RESPONSE, conversationId, dueAt: due, data })
        .catch(failed("the first-response SLA"));
      const sla = config.queues[card.queue]?.first_response;
      const share = config.queues[card.queue]?.sla_warning;
      if (!sla || !share) return;
      // The warning counts in the same calendar as the SLA: 80 % of a 1-hour SLA escalated at 23:00 falls after opening, not at 23:48.
      const bh = config.business_hours;
      const warnAt = bh ? addBusinessTime(bh, card.createdAt, Math.round(sla * share)) : new Date(card.createdAt.getTime() + Math.round(sla * share));
      if (!warnAt || warnAt.getTime() >= due.getTime()) return;
      void scheduler
        .schedule({ key: firstResponseWarningKey(conversationId), kind: SLA_FIRST_RESPONSE_WARNING, conversationId, dueAt: warnAt, data })
        .catch(failed("the first-response SLA warning"));
    },
  };
}
