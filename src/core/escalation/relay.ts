import type { Clock } from "../clock.js";
import type { AttributeDeclarations } from "../config/attributes-schema.js";
import type { AgentConfig, EscalationSettings } from "../config/escalation-schema.js";
import type { Logger } from "../logger.js";
import { makeEvent, type Contact, type Conversation, type EscalationRef, type HandoffCard, type Message } from "../model/index.js";
import type { Store } from "../store/port.js";
import type { ResolvedAgent } from "./agents.js";
import { BotError, type BotStatus, type EscalationBot, type EscalationTarget, type ThreadView } from "./port.js";
import { routeTargets, targetOf } from "./routing.js";
import { THREAD_OPENED, THREAD_OPENING, type ThreadIndex, type ThreadRecord } from "./threads.js";
import { threadView } from "./view.js";

/** Escalations (human-owned, open or snoozed) checked for a missing thread at start-up, most recent first. */
const RECOVERY_LIMIT = 10_000;

export interface RelayDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  escalation: EscalationSettings;
  agents: readonly AgentConfig[];
  bots: ReadonlyMap<string, EscalationBot>;
  threads: ThreadIndex;
  /** Declared contact attributes, shown on the card (config `attributes:`). */
  attributes?: AttributeDeclarations;
  /**
   * Queues card updates of a conversation's threads as durable store work
   * (the hub's scheduler, thread-card.ts), so an update during an outage or
   * before a crash is not lost. Without it (tests of the relay alone) `refresh`
   * updates the cards directly, best effort.
   */
  queueCardUpdates?(conversationId: string): Promise<void>;
}

export interface EscalationRelay {
  /** Opens the threads of an escalated conversation (retried until it works; never dropped). */
  open(conversationId: string): Promise<void>;
  /** Shows a message in the conversation's threads (best effort; durable mirroring goes through `mirrorInto` per thread). */
  mirror(conversation: Conversation, message: Message): Promise<void>;
  /** The conversation's main threads, once any opening in flight has finished. */
  mainThreads(conversationId: string): Promise<ThreadRecord[]>;
  /** Shows a message in one thread; rejects when the platform did not take it (the caller retries). */
  mirrorInto(thread: ThreadRecord, message: Message): Promise<void>;
  /** Shows an internal line (a looped-in team's note) in the conversation's main threads. */
  mirrorText(conversation: Conversation, text: string): Promise<void>;
  /**
   * A rule fired after hand-off (risk raised): mirrors the message and `note` into the threads
   * open so far, re-renders their cards, then opens threads in targets the updated card now routes to.
   */
  raise(conversation: Conversation, message: Message, note: string): Promise<void>;
  /** Re-renders the conversation's cards (status, owner, assignee, priority, SLA): queued as durable work when the hub wires `queueCardUpdates`. */
  refresh(conversationId: string): Promise<void>;
  /** Re-renders the card in one thread now; rejects when the platform did not take it (the caller retries). */
  updateCard(thread: ThreadRecord): Promise<void>;
  loopIn(conversation: Conversation, targetName: string, text: string, agent: ResolvedAgent): Promise<ThreadRecord>;
  /** Opens threads for escalations left without one, or without a routed target's thread (after a restart or an outage). Returns how many conversations it tried. */
  recover(): Promise<number>;
  /**
   * Whether an escalation with this card would reach someone now: a target it
   * routes to (or the fallback) has a running, healthy bot. The built-in inbox
   * always can; a Slack target without a token cannot. The AI promises a reply
   * time only when this holds.
   */
  reaches(card: HandoffCard, contact: Contact): boolean;
  /** Per-target health for /readyz. */
  status(): { ok: boolean; targets: Record<string, { ok: boolean; detail: string }>; queued: number };
  /** Resolves when no thread post is running. */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Carries escalations from the hub to the workspace bots. Nothing is lost:
 * the truth is the conversation (owner human + handoff card) and the
 * `thread.opened` events, so a thread that could not be opened (bot down,
 * token revoked, rate limited) is retried with backoff, after a restart
 * too. An auth failure disables that target (visible in /readyz), alerts the
 * fallback target, and the escalation goes to the fallback meanwhile.
 */
export function createEscalationRelay(deps: RelayDeps): EscalationRelay {
  const { store, clock, logger, escalation } = deps;
  const disabled = new Map<string, string>();
  const retries = new Map<string, { attempt: number; timer: NodeJS.Timeout }>();
  const running = new Set<Promise<unknown>>();
  /** Thread openings in flight per conversation: a mirror waits for them, so a message arriving meanwhile is not lost. */
  const opening = new Map<string, Promise<void>>();
  /** The longest `retryAfterMs` a platform asked for (rate limits) since the conversation's last attempt: the next retry waits at least that. */
  const retryAfter = new Map<string, number>();
  let stopped = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };

  async function viewOf(conversationId: string): Promise<{ conversation: Conversation; view: ThreadView } | null> {
    const conversation = await store.getConversation(conversationId);
    if (!conversation) return null;
    const contact = await store.getContact(conversation.contactId);
    if (!contact) return null;
    const view = threadView(conversation, contact, deps.agents, escalation, deps.attributes);
    return view ? { conversation, view } : null;
  }

  function botFor(target: EscalationTarget): EscalationBot | null {
    return deps.bots.get(target.platform) ?? null;
  }

  async function alertFallback(text: string, except: string): Promise<void> {
    const name = escalation.fallback;
    if (!name || name === except || disabled.has(name)) return;
    const target = targetOf(escalation, name);
    const bot = target && botFor(target);
    if (!target || !bot) return;
    await bot.notify(target, text).catch((err: unknown) => logger.warn({ err, target: name }, "fallback alert failed"));
  }

  /** Whether an opening into `targetName` was attempted for the conversation after its last recorded main thread there. */
  async function unresolvedOpening(conversationId: string, targetName: string): Promise<boolean> {
    const events = await store.listEvents({ conversationId, types: [THREAD_OPENING, THREAD_OPENED], newestFirst: true, limit: 50 });
    const last = events.find((e) => e.data.targetName === targetName && (e.type === THREAD_OPENING || e.data.kind !== "side"));
    return last?.type === THREAD_OPENING;
  }

  /** The thread exists: record it (the `thread.opened` event is the truth) and keep the first one on the conversation. */
  async function recordThread(conversation: Conversation, name: string, ref: EscalationRef): Promise<void> {
    const record: ThreadRecord = { ...ref, conversationId: conversation.id, targetName: name, kind: "main" };
    await store.appendEvents([
      makeEvent(
        THREAD_OPENED,
        "system",
        clock.now(),
        { conversationId: conversation.id, contactId: conversation.contactId },
        { platform: ref.platform, target: ref.target, threadId: ref.threadId, targetName: name, kind: "main", ...(ref.url ? { url: ref.url } : {}) },
      ),
    ]);
    deps.threads.add(record);
    // The conversation keeps the FIRST thread opened (the primary route, or the fallback during an outage). Read it
    // fresh: the caller's copy is stale once an earlier target in the same `open` (or a concurrent one) stored its ref.
    for (let i = 0; i < 3; i++) {
      const current = await store.getConversation(conversation.id);
      if (!current || current.escalation) break;
      if (await store.updateConversation(conversation.id, { version: current.version }, { escalation: ref, updatedAt: clock.now() }, [])) break;
    }
  }

  async function openOne(conversation: Conversation, view: ThreadView, name: string): Promise<"opened" | "retry" | "skipped"> {
    const target = targetOf(escalation, name);
    if (!target) return "skipped";
    const bot = botFor(target);
    if (!bot) {
      // Nothing to retry against until a bot runs: the escalation waits on the conversation and `recover` opens it at the next start.
      if (!disabled.has(name))
        logger.warn({ target: name, platform: target.platform }, "no running bot for this escalation target; escalations wait until one runs");
      disabled.set(name, `no ${target.platform} bot is running (check bots.${target.platform} and its env vars)`);
      return "skipped";
    }
    if (disabled.has(name) && !retries.has(conversation.id)) return "retry";
    try {
      // An earlier attempt whose outcome was never learned (a lost answer, a crash after the post) may have opened the
      // thread: look for it before opening another, so a retry never makes a second thread where the bot can tell.
      if (await unresolvedOpening(conversation.id, name)) {
        const existing = bot.findThread ? await bot.findThread(target, conversation.id) : null;
        if (existing) {
          await recordThread(conversation, name, existing);
          logger.info({ target: name, conversationId: conversation.id }, "found the thread an earlier attempt opened; not opening another");
          // Its card shows the state of the first attempt: bring it up to date.
          await bot
            .update(existing, view)
            .catch((err: unknown) => logger.warn({ err, target: name, conversationId: conversation.id }, "card update of a found thread failed"));
          disabled.delete(name);
          return "opened";
        }
      }
      await store.appendEvents([
        makeEvent(
          THREAD_OPENING,
          "system",
          clock.now(),
          { conversationId: conversation.id, contactId: conversation.contactId },
          { platform: target.platform, target: target.channel, targetName: name },
        ),
      ]);
      const ref = await bot.openThread(target, view);
      await recordThread(conversation, name, ref);
      disabled.delete(name);
      return "opened";
    } catch (e) {
      const kind = e instanceof BotError ? e.kind : "transient";
      if (e instanceof BotError && e.retryAfterMs) retryAfter.set(conversation.id, Math.max(retryAfter.get(conversation.id) ?? 0, e.retryAfterMs));
      logger.warn({ err: e, target: name, conversationId: conversation.id, kind }, "could not open the escalation thread; will retry");
      if (kind === "auth" || kind === "not_found") {
        const first = !disabled.has(name);
        disabled.set(name, `${kind === "auth" ? "not authorised" : "channel not found"}: ${(e as Error).message}`);
        if (first)
          await alertFallback(
            `Threadline cannot post to the escalation target "${name}" (${(e as Error).message}). Escalations for it are queued and retried; fix the bot's access.`,
            name,
          );
      }
      return "retry";
    }
  }

  async function open(conversationId: string): Promise<void> {
    if (stopped) return;
    const found = await viewOf(conversationId);
    if (!found || found.conversation.owner !== "human") return;
    const { conversation, view } = found;
    const contact = await store.getContact(conversation.contactId);
    const have = new Set((await deps.threads.forConversation(conversationId)).filter((t) => t.kind === "main").map((t) => t.targetName));
    const wanted = routeTargets(escalation, view.card, contact!).filter((n) => !have.has(n));
    let needRetry = false;
    for (const name of wanted) {
      const outcome = await openOne(conversation, view, name);
      if (outcome !== "retry") continue;
      needRetry = true;
      // Meanwhile the fallback carries the case, so a human sees it now rather than after the outage.
      if (escalation.fallback && escalation.fallback !== name && !have.has(escalation.fallback) && !disabled.has(escalation.fallback)) {
        if ((await openOne(conversation, view, escalation.fallback)) === "opened") have.add(escalation.fallback);
      }
    }
    if (needRetry) scheduleRetry(conversationId);
    else retries.delete(conversationId);
  }

  function scheduleRetry(conversationId: string): void {
    if (stopped) return;
    const previous = retries.get(conversationId);
    if (previous) clearTimeout(previous.timer);
    const attempt = (previous?.attempt ?? 0) + 1;
    const backoff = Math.min(escalation.retry.max_delay, escalation.retry.base_delay * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
    const delay = Math.max(backoff, retryAfter.get(conversationId) ?? 0);
    retryAfter.delete(conversationId);
    const timer = setTimeout(() => void track(open(conversationId)).catch((err: unknown) => logger.error({ err }, "escalation retry failed")), delay);
    timer.unref?.();
    retries.set(conversationId, { attempt, timer });
  }

  function targetHealth(name: string): { ok: boolean; detail: string } {
    const reason = disabled.get(name);
    const platform = escalation.targets[name]!.platform;
    const bot = deps.bots.get(platform);
    const botStatus: BotStatus | undefined = bot?.status();
    return reason
      ? { ok: false, detail: reason }
      : !bot
        ? { ok: false, detail: `no ${platform} bot is running (check bots.${platform} and its env vars); escalations wait` }
        : botStatus && !botStatus.ok
          ? { ok: false, detail: botStatus.detail }
          : { ok: true, detail: "ok" };
  }

  return {
    open(id) {
      const p = track(open(id)).finally(() => {
        if (opening.get(id) === p) opening.delete(id);
      });
      opening.set(id, p);
      return p;
    },
    async mirror(conversation, message) {
      await opening.get(conversation.id)?.catch(() => undefined);
      const threads = (await deps.threads.forConversation(conversation.id)).filter((t) => t.kind === "main");
      await track(
        Promise.all(
          threads.map(async (t) => {
            const bot = deps.bots.get(t.platform);
            if (!bot) return;
            await bot
              .mirror(t, { message })
              .catch((err: unknown) => logger.warn({ err, target: t.targetName, conversationId: conversation.id }, "mirror into the thread failed"));
          }),
        ),
      );
    },
    async mainThreads(conversationId) {
      await opening.get(conversationId)?.catch(() => undefined);
      return (await deps.threads.forConversation(conversationId)).filter((t) => t.kind === "main");
    },
    async mirrorInto(thread, message) {
      const bot = deps.bots.get(thread.platform);
      if (!bot) throw new Error(`no ${thread.platform} bot is running`);
      await track(bot.mirror(thread, { message }));
    },
    async mirrorText(conversation, text) {
      // Waits for an opening in flight, so a line written right after the hand-off (an assignment) reaches the new threads.
      const threads = await this.mainThreads(conversation.id);
      const message = {
        id: `note-${Date.now()}`,
        direction: "internal" as const,
        authorKind: "agent" as const,
        authorId: null,
        channel: conversation.lastChannel,
        text,
        createdAt: clock.now(),
        attachments: [],
      };
      await track(
        Promise.all(
          threads.map(async (t) => {
            await deps.bots
              .get(t.platform)
              ?.mirror(t, { message })
              .catch((err: unknown) => logger.warn({ err, target: t.targetName }, "mirror into the thread failed"));
          }),
        ),
      );
    },
    async raise(conversation, message, note) {
      await this.mirror(conversation, message);
      await this.mirrorText(conversation, note);
      await this.refresh(conversation.id);
      await this.open(conversation.id);
    },
    async updateCard(thread) {
      const found = await viewOf(thread.conversationId);
      if (!found) return;
      const bot = deps.bots.get(thread.platform);
      if (!bot) throw new Error(`no ${thread.platform} bot is running`);
      await track(bot.update(thread, found.view));
    },
    async refresh(conversationId) {
      if (deps.queueCardUpdates) return deps.queueCardUpdates(conversationId);
      const found = await viewOf(conversationId);
      if (!found) return;
      const threads = (await deps.threads.forConversation(conversationId)).filter((t) => t.kind === "main");
      await track(
        Promise.all(
          threads.map(async (t) => {
            const bot = deps.bots.get(t.platform);
            await bot?.update(t, found.view).catch((err: unknown) => logger.warn({ err, target: t.targetName, conversationId }, "card update failed"));
          }),
        ),
      );
    },
    async loopIn(conversation, targetName, text, agent) {
      const target = targetOf(escalation, targetName);
      const bot = target && botFor(target);
      if (!target || !bot) throw new Error(`no running bot for target ${targetName}`);
      const main = (await deps.threads.forConversation(conversation.id)).find((t) => t.kind === "main");
      const goal = conversation.handoff?.goal ?? "a customer conversation";
      const ref = await bot.notify(
        target,
        `${agent.name} loops you in on: ${goal}${text ? `\n> ${text}` : ""}\nReplies in this thread are added to the conversation as internal notes.`,
        main ? { linkTo: main } : undefined,
      );
      const record: ThreadRecord = { ...ref, conversationId: conversation.id, targetName, kind: "side" };
      await store.appendEvents([
        makeEvent(
          THREAD_OPENED,
          `agent:${agent.id}`,
          clock.now(),
          { conversationId: conversation.id, contactId: conversation.contactId },
          {
            platform: ref.platform,
            target: ref.target,
            threadId: ref.threadId,
            targetName,
            kind: "side",
            ...(ref.url ? { url: ref.url } : {}),
          },
        ),
      ]);
      deps.threads.add(record);
      return record;
    },
    async recover() {
      // Snoozed escalations need their thread too: the agent acts on them when they wake up.
      const escalated = (status: "open" | "snoozed") => store.listConversations({ status, owner: "human", limit: RECOVERY_LIMIT });
      const candidates = [...(await escalated("open")), ...(await escalated("snoozed"))].filter((c) => c.handoff);
      let pending = 0;
      for (const c of candidates) {
        // A conversation with a thread may still miss one: its routed target failed while the fallback carried the case,
        // and the in-memory retry died with the previous process.
        if (c.escalation) {
          const contact = await store.getContact(c.contactId);
          const have = new Set((await deps.threads.forConversation(c.id)).filter((t) => t.kind === "main").map((t) => t.targetName));
          if (!contact || routeTargets(escalation, c.handoff!, contact).every((n) => have.has(n))) continue;
        }
        pending++;
        await track(open(c.id));
      }
      return pending;
    },
    reaches(card, contact) {
      const names = routeTargets(escalation, card, contact);
      if (escalation.fallback) names.push(escalation.fallback);
      return names.some((n) => n in escalation.targets && targetHealth(n).ok);
    },
    status() {
      const targets: Record<string, { ok: boolean; detail: string }> = {};
      for (const name of Object.keys(escalation.targets)) targets[name] = targetHealth(name);
      return { ok: Object.values(targets).every((t) => t.ok), targets, queued: retries.size };
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]).catch(() => undefined);
    },
    stop() {
      stopped = true;
      for (const r of retries.values()) clearTimeout(r.timer);
      retries.clear();
    },
  };
}
