import { randomBytes } from "node:crypto";
import { checkAttributes, setContactAttributes } from "../attributes/index.js";
import type { Clock } from "../clock.js";
import type { AttributeDeclarations } from "../config/attributes-schema.js";
import type { AgentConfig, EscalationSettings } from "../config/escalation-schema.js";
import { resolveLiveContact } from "../identity/merge.js";
import type { Logger } from "../logger.js";
import { CHANNEL_IDS, makeEvent, makeOutboundMessage, type ChannelId, type Conversation, type DomainEvent } from "../model/index.js";
import { buildReply } from "../pipeline/replies.js";
import type { ConversationPatch, Store } from "../store/port.js";
import { findAgent, resolveAgent, type ResolvedAgent } from "./agents.js";
import type { AgentDesk, AgentEvent, AgentResult } from "./port.js";
import type { ThreadIndex, ThreadRecord } from "./threads.js";

export interface DeskDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  agents: readonly AgentConfig[];
  escalation: EscalationSettings;
  threads: ThreadIndex;
  /** Wakes the outbox (a reply was queued). */
  onQueued(): void;
  /** The conversation changed (status, owner, priority…): re-render its cards. Must not throw. */
  onChanged(conversationId: string): void;
  /** Screen-share instructions from the knowledge base (escalation.call.screen_share_article), appended to call invitations; null when none is served. */
  screenShareHelp?(): string | null;
  /** Shows an internal note from a side thread in the conversation's main thread(s). Must not throw. */
  mirrorInternal?(conversation: Conversation, text: string): void;
  /** Declared contact attributes agents may set (`set_attribute`, e.g. `!set tier vip`); none declared → the action is refused. */
  attributes?: AttributeDeclarations;
  /** Opens a side thread in another team's target, linked to the conversation's main thread. */
  loopIn(conversation: Conversation, targetName: string, text: string, agent: ResolvedAgent): Promise<ThreadRecord>;
}

const ACTION_EVENT = "agent.action";

/** How far back a platform retry of an agent action is recognised (a day; platforms retry within minutes). */
const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The hub side of the escalation bots: applies agents' actions to
 * conversations. Every action is an Event with the agent as actor
 * (`agent:<id>`); state changes are compare-and-set on the conversation's
 * version, so two agents clicking at once cannot both win a claim.
 *
 * Reply safety lives here as well as in the bots: `note` writes an
 * `internal` message, which `buildReply`/the outbox can never deliver;
 * only `reply`, `canned` and `call` queue customer-visible messages, and
 * agent replies wait `undo_window` in the outbox so `undo_reply` can still
 * withdraw them.
 */
export function createAgentDesk(deps: DeskDeps): AgentDesk {
  const { store, clock, logger } = deps;
  /**
   * Events being applied, by (conversation, platform, externalId). A platform
   * retry that arrives while the original is still being applied waits for it
   * and then sees its marker (→ duplicate); without this both would pass the
   * marker check and a reply would be queued twice.
   */
  const inFlight = new Map<string, Promise<unknown>>();

  async function handle(event: AgentEvent): Promise<AgentResult> {
    const conversation = await store.getConversation(event.conversationId);
    if (!conversation) return { ok: false, error: "unknown_conversation", message: "This conversation no longer exists in Threadline." };
    const agent = resolveAgent(deps.agents, event.actor);
    if (!agent)
      return {
        ok: false,
        error: "unknown_agent",
        message: "You are not listed as an agent in Threadline's config (agents:), so you cannot act on conversations.",
      };
    // Platform retries come within minutes (Slack retries an event up to three times within ~5 minutes): only the
    // last day's actions, newest first, are compared, so the read does not grow with the conversation.
    const since = new Date(clock.now().getTime() - RETRY_WINDOW_MS);
    const seen = await store.listEvents({ conversationId: conversation.id, type: ACTION_EVENT, since, newestFirst: true });
    if (seen.some((e) => e.data.platform === event.actor.platform && e.data.externalId === event.externalId)) return { ok: true, duplicate: true };
    const now = event.at ?? clock.now();
    const actor = `agent:${agent.id}`;
    const scope = { conversationId: conversation.id, contactId: conversation.contactId };
    const marker = makeEvent(ACTION_EVENT, actor, now, scope, { platform: event.actor.platform, externalId: event.externalId, kind: event.kind });
    const result = await apply(event, conversation, agent, actor, scope, marker, now);
    if (result.ok && !result.duplicate) deps.onChanged(conversation.id);
    return result;
  }

  async function apply(
    event: AgentEvent,
    conversation: Conversation,
    agent: ResolvedAgent,
    actor: string,
    scope: { conversationId: string; contactId: string },
    marker: DomainEvent,
    now: Date,
  ): Promise<AgentResult> {
    const ev = (type: string, data: Record<string, unknown> = {}) => makeEvent(type, actor, now, scope, data);
    /** Compare-and-set on the version just read; a concurrent change makes the action fail with `conflict`. */
    const change = async (patch: ConversationPatch, events: DomainEvent[], message?: string): Promise<AgentResult> => {
      const updated = await store.updateConversation(conversation.id, { version: conversation.version }, { ...patch, updatedAt: now }, [marker, ...events]);
      return updated
        ? { ok: true, ...(message ? { message } : {}) }
        : { ok: false, error: "conflict", message: "Someone changed this conversation at the same moment; please try again." };
    };
    const takeOver = (asks = false): { patch: ConversationPatch; events: DomainEvent[] } => {
      const patch: ConversationPatch = {};
      const events: DomainEvent[] = [];
      if (conversation.owner === "ai") {
        patch.owner = "human";
        events.push(ev("owner.changed", { from: "ai", to: "human", reason: "agent_action" }));
      }
      if (!conversation.assignee) {
        patch.assignee = agent.id;
        events.push(ev("conversation.assigned", { from: null, to: agent.id }));
      }
      // A reply that asks the customer something leaves the conversation pending (the customer owes the answer).
      const status = asks ? "pending" : "open";
      if (conversation.status !== status) {
        patch.status = status;
        events.push(ev("conversation.status_changed", { from: conversation.status, to: status, reason: asks ? "agent_asked" : "agent_replied" }));
      }
      return { patch, events };
    };
    const queueReply = async (text: string, kind: string, channel?: string, undo = true): Promise<AgentResult> => {
      if (!text.trim()) return { ok: false, error: "invalid", message: "The reply is empty." };
      if (channel !== undefined && !(CHANNEL_IDS as readonly string[]).includes(channel)) {
        return { ok: false, error: "invalid", message: `Unknown channel "${channel}".` };
      }
      const built = buildReply(conversation, { text, authorKind: "agent", authorId: agent.id, ...(channel ? { channel: channel as ChannelId } : {}) }, now);
      if (!built.ok) {
        await store.appendEvents([marker, built.event]);
        return { ok: false, error: "invalid", message: `The customer has no address on ${channel ?? conversation.lastChannel}; pick another channel.` };
      }
      const undoUntil = new Date(now.getTime() + (undo ? deps.escalation.undo_window : 0));
      const { patch, events } = takeOver(asksCustomer(text));
      if (Object.keys(patch).length > 0) {
        const updated = await store.updateConversation(conversation.id, { version: conversation.version }, { ...patch, updatedAt: now }, events);
        if (!updated) return { ok: false, error: "conflict", message: "Someone changed this conversation at the same moment; please try again." };
      }
      await store.enqueueOutbound(built.message, { ...built.entry, nextAttemptAt: undoUntil }, [
        marker,
        built.event,
        ev(kind, { messageId: built.message.id, channel: built.entry.channel }),
      ]);
      if (undo) setTimeout(() => deps.onQueued(), deps.escalation.undo_window + 50).unref?.();
      else deps.onQueued();
      return { ok: true, data: { messageId: built.message.id, channel: built.entry.channel, undoUntil: undoUntil.toISOString() } };
    };
    const internal = async (text: string, type: string, extra: Record<string, unknown> = {}, withMarker = true): Promise<void> => {
      const note = makeOutboundMessage({
        conversationId: conversation.id,
        contactId: conversation.contactId,
        channel: conversation.lastChannel,
        text,
        authorKind: "agent",
        authorId: agent.id,
        at: now,
        direction: "internal",
      });
      await store.appendMessage(note, [...(withMarker ? [marker] : []), ev(type, { messageId: note.id, ...extra })]);
    };

    switch (event.kind) {
      case "note": {
        if (!event.text.trim()) return { ok: false, error: "invalid", message: "The note is empty." };
        const side = event.thread ? await deps.threads.byThread(event.thread.platform, event.thread.threadId) : null;
        await internal(event.text, "note.added", side?.kind === "side" ? { fromTarget: side.targetName } : {});
        // A looped-in team's answer belongs in the main thread's history too (internal, like every note).
        if (side?.kind === "side") deps.mirrorInternal?.(conversation, `${agent.name} (${side.targetName}): ${event.text}`);
        return { ok: true };
      }
      case "reply":
        return queueReply(event.text, "reply.queued", event.channel);
      case "canned": {
        const text = deps.escalation.canned[event.name];
        if (!text)
          return {
            ok: false,
            error: "invalid",
            message: `No canned response "${event.name}" (configured: ${Object.keys(deps.escalation.canned).join(", ") || "none"}).`,
          };
        return queueReply(text, "reply.queued", undefined);
      }
      case "undo_reply": {
        const message = await store.getMessage(event.messageId);
        if (!message || message.conversationId !== conversation.id || message.direction !== "outbound") {
          return { ok: false, error: "invalid", message: "That message is not a reply in this conversation." };
        }
        const undone = await store.cancelOutbound(event.messageId, [marker, ev("reply.undone", { messageId: event.messageId })]);
        return undone
          ? { ok: true, message: "Reply withdrawn; the customer did not get it." }
          : { ok: false, error: "too_late", message: "Too late to undo: the reply is already on its way." };
      }
      case "claim": {
        if (conversation.assignee === agent.id && conversation.owner === "human") return { ok: true, message: "You already own this conversation." };
        const events = [ev("conversation.assigned", { from: conversation.assignee, to: agent.id })];
        if (conversation.owner === "ai") events.push(ev("owner.changed", { from: "ai", to: "human", reason: "claimed" }));
        return change({ owner: "human", assignee: agent.id }, events, `${agent.name} claimed the conversation.`);
      }
      case "assign": {
        const target = findAgent(deps.agents, event.agent);
        if (!target) return { ok: false, error: "invalid", message: `No agent "${event.agent}" in config (agents:).` };
        const events = [ev("conversation.assigned", { from: conversation.assignee, to: target.id })];
        if (conversation.owner === "ai") events.push(ev("owner.changed", { from: "ai", to: "human", reason: "assigned" }));
        return change({ owner: "human", assignee: target.id }, events, `Assigned to ${target.name}.`);
      }
      case "resolve": {
        // The status change (with the action marker) goes first: when it loses a race nothing is written, so a retry
        // does not leave the resolution note twice.
        const resolved = await change(
          { status: "resolved", snoozedUntil: null },
          [ev("conversation.status_changed", { from: conversation.status, to: "resolved", reason: "agent_resolved", note: Boolean(event.note) })],
          "Resolved.",
        );
        if (resolved.ok && event.note?.trim()) await internal(event.note, "note.added", { resolution: true }, false);
        return resolved;
      }
      case "reopen":
        return change(
          { status: "open", snoozedUntil: null },
          [ev("conversation.status_changed", { from: conversation.status, to: "open", reason: "agent_reopened" })],
          "Reopened.",
        );
      case "snooze":
        if (event.until.getTime() <= now.getTime()) return { ok: false, error: "invalid", message: "Snooze until a time in the future." };
        return change(
          { status: "snoozed", snoozedUntil: event.until },
          [ev("conversation.status_changed", { from: conversation.status, to: "snoozed", until: event.until.toISOString() })],
          `Snoozed until ${event.until.toISOString()}.`,
        );
      case "priority":
        return change(
          { priority: event.priority },
          [ev("conversation.priority_changed", { from: conversation.priority, to: event.priority })],
          `Priority ${event.priority}.`,
        );
      case "tag": {
        const tag = event.tag.trim().toLowerCase();
        if (!tag) return { ok: false, error: "invalid", message: "The tag is empty." };
        if (conversation.tags.includes(tag)) return { ok: true, message: `Already tagged ${tag}.` };
        return change({ tags: [...conversation.tags, tag] }, [ev("conversation.tagged", { tag })], `Tagged ${tag}.`);
      }
      case "handback":
        return change(
          { owner: "ai", assignee: null },
          [ev("owner.changed", { from: conversation.owner, to: "ai", reason: "handback" })],
          "Handed back to the AI.",
        );
      case "loop_in": {
        if (!(event.target in deps.escalation.targets))
          return { ok: false, error: "invalid", message: `No target "${event.target}" (targets: ${Object.keys(deps.escalation.targets).join(", ")}).` };
        const side = await deps.loopIn(conversation, event.target, event.text ?? "", agent);
        await store.appendEvents([marker, ev("conversation.looped_in", { target: event.target, platform: side.platform, threadId: side.threadId })]);
        return { ok: true, message: `Looped in ${event.target}.`, data: { threadId: side.threadId, ...(side.url ? { url: side.url } : {}) } };
      }
      case "call": {
        const room = randomBytes(9).toString("base64url");
        const url = deps.escalation.call.url_template.replace("{conversation}", room);
        const help = deps.screenShareHelp?.() ?? null;
        const text = deps.escalation.call.invitation.replace("{agent}", agent.name).replace("{url}", url) + (help ? `\n\n${help}` : "");
        const sent = await queueReply(text, "call.invited", undefined, false);
        if (!sent.ok) return sent;
        await store.appendEvents([ev("call.started", { url })]);
        return { ok: true, message: `Call link sent to the customer: ${url}`, data: { ...sent.data, url } };
      }
      case "end_call":
        await store.appendEvents([marker, ev("call.ended")]);
        return { ok: true, message: "Call ended." };
      case "set_attribute":
        return setAttribute(deps, conversation, event, actor, marker);
    }
  }

  return {
    async handle(event) {
      const key = `${event.conversationId}\u0000${event.actor.platform}\u0000${event.externalId}`;
      const previous = inFlight.get(key);
      const run = (previous ?? Promise.resolve()).catch(() => undefined).then(() => handle(event));
      inFlight.set(key, run);
      void run
        .finally(() => {
          if (inFlight.get(key) === run) inFlight.delete(key);
        })
        .catch(() => undefined);
      try {
        return await run;
      } catch (e) {
        logger.error({ err: e, conversationId: event.conversationId, kind: event.kind }, "agent action failed");
        return { ok: false, error: "invalid", message: "Threadline could not apply this action; it was logged." };
      }
    },
    async conversationForThread(platform, threadId) {
      return (await deps.threads.byThread(platform, threadId))?.conversationId ?? null;
    },
  };
}

/**
 * `set_attribute`: checks the value against the attribute's declaration and
 * writes it onto the conversation's (live) contact with the action marker in
 * the same store call. The card is re-rendered by the caller (`onChanged`).
 */
async function setAttribute(
  deps: Pick<DeskDeps, "store" | "clock" | "attributes">,
  conversation: Conversation,
  event: { key: string; value: string },
  actor: string,
  marker: DomainEvent,
): Promise<AgentResult> {
  const declarations = deps.attributes ?? {};
  const key = event.key.trim().toLowerCase();
  const names = Object.keys(declarations);
  if (!key || !event.value.trim()) {
    return {
      ok: false,
      error: "invalid",
      message: `Name an attribute and a value, e.g. "set ${names[0] ?? "tier"} ${exampleValue(declarations, names[0])}" (attributes: ${names.join(", ") || "none declared"}).`,
    };
  }
  const checked = checkAttributes(declarations, { [key]: event.value });
  if (!checked.ok) return { ok: false, error: "invalid", message: `${checked.problem.message[0]!.toUpperCase()}${checked.problem.message.slice(1)}.` };
  const contact = await resolveLiveContact(deps.store, conversation.contactId);
  const result = await setContactAttributes({ store: deps.store, clock: deps.clock }, contact, {
    contactId: contact.id,
    values: checked.values,
    actor,
    source: "agent",
    conversationId: conversation.id,
    events: [marker],
  });
  const label = declarations[key]?.label ?? key;
  const value = checked.values[key];
  return { ok: true, message: result.changed.length > 0 ? `${label} set to ${value}.` : `${label} is already ${value}.`, data: { key, value } };
}

function exampleValue(declarations: AttributeDeclarations, name: string | undefined): string {
  const decl = name ? declarations[name] : undefined;
  if (!decl) return "vip";
  return decl.type === "enum"
    ? decl.values[decl.values.length - 1]!
    : decl.type === "number"
      ? "42"
      : decl.type === "boolean"
        ? "true"
        : decl.type === "date"
          ? "2026-01-31"
          : "text";
}

/** Whether a reply ends by asking the customer something ("Could you send a photo?", "¿Me envías una foto?"), so they owe the answer. */
export function asksCustomer(text: string): boolean {
  const lines = text
    .trim()
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean);
  const last = lines.at(-1) ?? "";
  // The question may be followed by a sign-off or an emoji: look at the last two lines' sentence ends.
  return (
    /[?？]\s*[\p{Emoji_Presentation}\p{Extended_Pictographic})\]]*\s*$/u.test(last) ||
    (lines.length > 1 && /[?？]\s*$/.test(lines.at(-2)!) && last.length <= 40)
  );
}
