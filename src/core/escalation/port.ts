/**
 * The escalation-bot contract (DESIGN.md "EscalationBot"): how the hub talks
 * to the internal side (Slack, Discord) and how agents' actions come back.
 *
 * Direction hub → bot: `openThread` when a conversation is escalated, then
 * `mirror` for every later customer message (and AI/agent messages the team
 * should see), `update` when status, owner, assignee, priority or SLA change
 * (the card is re-rendered in place), `notify` for alerts to a fallback target.
 *
 * Direction bot → hub: the bot verifies and decodes platform events into
 * {@link AgentEvent}s and hands them to {@link AgentDesk.handle}. The bot
 * filters its own and other bots' messages (echo guard) before that.
 *
 * Reply safety (the invariant the whole design protects): a plain message in
 * a thread is an internal `note` unless the target is configured with
 * `replies_by_default`. Only an explicit `reply` event (button/modal, `/reply`,
 * or the configured prefix) can reach a customer, and it goes through the
 * outbox with an undo window. A `note` never reaches a customer under any
 * configuration: the desk writes it as an `internal` message, which the
 * outbox refuses to send.
 *
 * Vendor types never cross this boundary: targets are plain ids, rendering is
 * the bot's job (Block Kit, embeds) from the plain {@link ThreadView}.
 */
import type { Conversation, EscalationRef, HandoffCard, Message, Priority } from "../model/index.js";

/** A place on a workspace platform where escalation threads are opened. */
export interface EscalationTarget {
  /** Stable name from config (e.g. "billing"), used in logs, events and `loop_in`. */
  name: string;
  /** Which bot serves it ("slack" | "discord", or "virtual" in simulate). */
  platform: string;
  /** Slack channel id, or Discord text/forum channel id. */
  channel: string;
  /** Platform mention strings to ping when a thread opens (user or group ids, already platform-formatted by the bot). */
  mention: string[];
  /** When true, a plain thread message is sent to the customer (after the undo window); notes then need the note prefix. Default false. */
  repliesByDefault: boolean;
}

/** Everything a bot needs to render (or re-render) the thread's card. */
export interface ThreadView {
  conversation: Conversation;
  card: HandoffCard;
  /**
   * The customer, read when the card is rendered (so `!set tier vip` shows at
   * once). `attributes`: the contact's declared attributes (config
   * `attributes:`), in declaration order; absent or empty when it has none.
   */
  contact: { id: string; name: string | null; attributes?: { key: string; label: string; value: string }[] };
  /** Where a reply would go right now: channel and a human-readable recipient (e.g. "Telegram · @anna", "email · a@b.c"). */
  replyTo: { channel: string; recipient: string };
  /** The agent's display name when assigned (from config), else null. */
  assigneeName: string | null;
  /** Canned responses available to insert (name → text). */
  canned: { name: string; text: string }[];
}

/** A message shown in the thread after it was opened. */
export interface MirrorEntry {
  message: Pick<Message, "id" | "direction" | "authorKind" | "authorId" | "channel" | "text" | "createdAt" | "attachments">;
  /** For agent messages: who wrote it (display name). */
  authorName?: string;
  /** For an agent reply inside its undo window: until when it can still be undone. */
  undoUntil?: Date;
}

/** Who acted on the platform. The desk maps it to a configured agent (by platform id, then email). */
export interface AgentActor {
  platform: string;
  userId: string;
  name?: string;
  email?: string;
}

/**
 * One thing an agent did. `externalId` is the platform's id for the action
 * (Slack event_id / action_ts, Discord interaction or message id) and makes
 * retries harmless: the desk applies each (platform, externalId) once.
 */
export type AgentEvent = {
  conversationId: string;
  actor: AgentActor;
  externalId: string;
  at?: Date;
  /** The platform thread the action came from, when known: a note written in a loop-in side thread is shown in the main thread too. */
  thread?: { platform: string; threadId: string };
} & AgentAction;

export type AgentAction =
  /** Internal note: stays internal, always. */
  | { kind: "note"; text: string }
  /** Reply to the customer (explicit). `channel` overrides the customer's last channel. */
  | { kind: "reply"; text: string; channel?: string }
  /** Cancels a reply still inside its undo window. */
  | { kind: "undo_reply"; messageId: string }
  | { kind: "claim" }
  /** `agent` is an agent id or name from config. */
  | { kind: "assign"; agent: string }
  | { kind: "resolve"; note?: string }
  | { kind: "reopen" }
  | { kind: "snooze"; until: Date }
  | { kind: "priority"; priority: Priority }
  | { kind: "tag"; tag: string }
  /** Queues the named canned response (from config) as a reply to the customer. */
  | { kind: "canned"; name: string }
  | { kind: "handback" }
  /** Opens a linked side thread in another target; `text` is the ask. */
  | { kind: "loop_in"; target: string; text?: string }
  /** Starts a call: a meeting link from the configured template, invitation sent to the customer. */
  | { kind: "call" }
  | { kind: "end_call" }
  /** Sets a declared contact attribute (config `attributes:`), e.g. `!set tier vip` in the thread; the value is checked against its type. */
  | { kind: "set_attribute"; key: string; value: string };

/** What happened to an agent event; bots show `message` to the acting user (ephemeral) when not ok. */
export type AgentResult =
  | { ok: true; duplicate?: boolean; message?: string; data?: Record<string, unknown> }
  | { ok: false; error: "unknown_conversation" | "not_allowed" | "unknown_agent" | "invalid" | "conflict" | "too_late"; message: string };

/** The hub side a bot talks to. */
export interface AgentDesk {
  handle(event: AgentEvent): Promise<AgentResult>;
  /** Finds the conversation a platform thread belongs to (bots look threads up by their own reference). */
  conversationForThread(platform: string, threadId: string): Promise<string | null>;
}

/** Bot health for /readyz, per target. A target whose auth failed is disabled until the bot recovers. */
export interface BotStatus {
  ok: boolean;
  detail: string;
  targets?: Record<string, { ok: boolean; detail: string }>;
}

/**
 * One internal-workspace bot (src/bots/<platform>). A factory builds it from
 * its config section; `start` connects (Events API / Socket Mode / gateway)
 * and from then on decoded agent events go to `desk.handle`.
 *
 * Errors: methods throw {@link BotError}; `auth` (token revoked, bot removed,
 * channel archived) makes the hub disable the target, alert the fallback
 * target and keep the escalation queued; `rate_limited`/`transient` are
 * retried with backoff.
 */
export interface EscalationBot {
  readonly platform: string;
  start(desk: AgentDesk): Promise<void>;
  stop(): Promise<void>;
  status(): BotStatus;
  /** Opens the conversation's thread in `target` with the card. Returns the reference stored on the conversation. */
  openThread(target: EscalationTarget, view: ThreadView): Promise<EscalationRef>;
  mirror(ref: EscalationRef, entry: MirrorEntry): Promise<void>;
  /** Re-renders the card in place (status, owner, assignee, priority, SLA). */
  update(ref: EscalationRef, view: ThreadView): Promise<void>;
  /**
   * Optional: the thread this bot already opened for the conversation in
   * `target`, or null. The relay asks before opening again after an attempt
   * whose outcome it never learned (the answer was lost, the hub crashed
   * between the post and recording it), so a retry does not open a second
   * thread. Bots without it may open a duplicate in that case.
   */
  findThread?(target: EscalationTarget, conversationId: string): Promise<EscalationRef | null>;
  /** Posts a plain alert (fallback target, revoked-token notices, loop-in side threads' first post). */
  notify(target: EscalationTarget, text: string, options?: { linkTo?: EscalationRef }): Promise<EscalationRef>;
}

export type BotErrorKind = "auth" | "not_found" | "rate_limited" | "transient" | "invalid";

export class BotError extends Error {
  constructor(
    readonly kind: BotErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "BotError";
  }
}
