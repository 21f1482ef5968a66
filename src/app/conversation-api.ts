import { randomUUID, createHash, timingSafeEqual } from "node:crypto";
import type { Express, Request, Response } from "express";
import { z } from "zod";
import type { AgentAction, AgentDesk } from "../core/escalation/port.js";
import type { Logger } from "../core/logger.js";
import { CONVERSATION_STATUSES, PRIORITIES } from "../core/model/index.js";
import type { Store } from "../core/store/port.js";
import type { AgentConfig } from "../core/config/escalation-schema.js";
import { resolveAgent } from "../core/escalation/agents.js";
import { answerResend, deliveryInfo, resendBodySchema, type Resender } from "./dead-replies.js";

const actionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("note"), text: z.string().min(1).max(10_000) }),
  z.strictObject({ kind: z.literal("reply"), text: z.string().min(1).max(10_000), channel: z.string().optional() }),
  z.strictObject({ kind: z.literal("undo_reply"), messageId: z.string().min(1) }),
  z.strictObject({ kind: z.literal("claim") }),
  z.strictObject({ kind: z.literal("assign"), agent: z.string().min(1) }),
  z.strictObject({ kind: z.literal("resolve"), note: z.string().max(10_000).optional() }),
  z.strictObject({ kind: z.literal("reopen") }),
  z.strictObject({ kind: z.literal("snooze"), until: z.iso.datetime({ offset: true }).transform((s) => new Date(s)) }),
  z.strictObject({ kind: z.literal("priority"), priority: z.enum(PRIORITIES) }),
  z.strictObject({ kind: z.literal("tag"), tag: z.string().min(1).max(100) }),
  z.strictObject({ kind: z.literal("canned"), name: z.string().min(1) }),
  z.strictObject({ kind: z.literal("handback") }),
  z.strictObject({ kind: z.literal("loop_in"), target: z.string().min(1), text: z.string().max(10_000).optional() }),
  z.strictObject({ kind: z.literal("call") }),
  z.strictObject({ kind: z.literal("end_call") }),
]);
const requestSchema = z.strictObject({
  agent: z.string().min(1).describe("Agent id from config (the actor recorded on the events)."),
  request_id: z.string().min(1).max(200).optional().describe("Idempotency key: the same id within 24 hours is applied once."),
  action: actionSchema,
});

const resendRequestSchema = resendBodySchema.extend({
  agent: z.string().min(1).describe("Agent id from config (recorded as who resent the reply)."),
});

/** Events shown per conversation by default, and at most (`?events=N`). */
const EVENTS_DEFAULT = 1000;
const EVENTS_MAX = 10_000;

const DISABLED = 'the conversation API is off: set hub.admin_token (THREADLINE_ADMIN_TOKEN, 16+ characters) and send it as "Authorization: Bearer <token>"';

/**
 * The admin's view of conversations, behind the admin bearer token (it
 * shows customer data): one conversation as one thread across channels
 * (each message with its channel), its handoff card and audit events; a
 * list by status; and agent actions through the same desk the Slack and
 * Discord bots use, so a reply on another channel (`channel`) or any other
 * action is available without a workspace. Without a token configured the
 * routes answer 404 saying how to switch them on.
 */
export function mountConversationApi(
  app: Express,
  deps: {
    store: Store;
    desk: AgentDesk;
    adminToken: string | undefined;
    logger: Logger;
    /** Resending dead replies; with `agents` (who may act). Without it the resend route is not mounted. */
    resend?: Resender;
    agents?: readonly AgentConfig[];
  },
): void {
  const authorised = (req: Request, res: Response): boolean => {
    res.set("Cache-Control", "no-store");
    if (!deps.adminToken) {
      res.status(404).json({ error: { code: "conversation_api_disabled", message: DISABLED } });
      return false;
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
    if (!m || !sameToken(m[1]!, deps.adminToken)) {
      deps.logger.warn("conversation API refused (missing or wrong admin token)");
      res
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="threadline"')
        .json({ error: { code: "unauthorized", message: 'send the admin token as "Authorization: Bearer <token>"' } });
      return false;
    }
    return true;
  };

  app.get("/api/conversations", async (req, res) => {
    if (!authorised(req, res)) return;
    const status = z.enum(CONVERSATION_STATUSES).optional().safeParse(req.query.status);
    if (!status.success)
      return void res.status(400).json({ error: { code: "bad_status", message: `status must be one of ${CONVERSATION_STATUSES.join(", ")}` } });
    const limit = Math.min(Math.max(Number(req.query.limit ?? 50) || 50, 1), 500);
    const list = await deps.store.listConversations({ ...(status.data ? { status: status.data } : {}), limit });
    res.json({
      conversations: list.map((c) => ({
        id: c.id,
        status: c.status,
        owner: c.owner,
        assignee: c.assignee,
        queue: c.queue,
        priority: c.priority,
        last_channel: c.lastChannel,
        last_message_at: c.lastMessageAt,
        goal: c.handoff?.goal ?? null,
        risk: c.handoff?.risk ?? null,
      })),
    });
  });

  app.get("/api/conversations/:id", async (req, res) => {
    if (!authorised(req, res)) return;
    const conversation = await deps.store.getConversation(req.params.id);
    if (!conversation) return void res.status(404).json({ error: { code: "not_found", message: "no such conversation" } });
    // The newest events (a long-lived conversation's log can outgrow any page), shown oldest first.
    const eventsLimit = Math.min(Math.max(Math.trunc(Number(req.query.events ?? EVENTS_DEFAULT)) || EVENTS_DEFAULT, 1), EVENTS_MAX);
    const [contact, messages, newest, delivery] = await Promise.all([
      deps.store.getContact(conversation.contactId),
      deps.store.listMessages(conversation.id),
      deps.store.listEvents({ conversationId: conversation.id, newestFirst: true, limit: eventsLimit + 1 }),
      deliveryInfo(deps.store, conversation.id),
    ]);
    const events = newest.slice(0, eventsLimit).reverse();
    res.json({
      conversation,
      contact: contact && { id: contact.id, name: contact.name, identities: contact.identities },
      messages: messages.map((m) => ({
        id: m.id,
        direction: m.direction,
        author: m.authorKind,
        author_id: m.authorId,
        channel: m.channel,
        text: m.text,
        attachments: m.attachments,
        delivery_state: m.deliveryState,
        created_at: m.createdAt,
        // Why a reply failed, whether it can be resent (it failed for good) and the message a resend queued instead.
        ...(m.direction === "outbound" ? { error: m.error, resendable: delivery.resendable.has(m.id), resent_as: delivery.resentAs.get(m.id) ?? null } : {}),
      })),
      events: events.map((e) => ({ type: e.type, actor: e.actor, at: e.at, data: e.data })),
      /** True when older events exist than those shown (ask for more with `?events=N`, up to 10,000). */
      events_truncated: newest.length > eventsLimit,
    });
  });

  app.post("/api/conversations/:id/actions", async (req, res) => {
    if (!authorised(req, res)) return;
    const parsed = requestSchema.safeParse(req.body);
    if (!parsed.success) {
      return void res
        .status(400)
        .json({ error: { code: "invalid_action", message: parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ") } });
    }
    const { agent, request_id: requestId, action } = parsed.data;
    const result = await deps.desk.handle({
      conversationId: req.params.id,
      actor: { platform: "api", userId: agent },
      externalId: requestId ?? randomUUID(),
      ...(action as AgentAction),
    });
    if (result.ok) return void res.status(result.duplicate ? 200 : 202).json(result);
    const status =
      result.error === "unknown_conversation"
        ? 404
        : result.error === "conflict" || result.error === "too_late"
          ? 409
          : result.error === "unknown_agent" || result.error === "not_allowed"
            ? 403
            : 400;
    res.status(status).json({ error: { code: result.error, message: result.message } });
  });
  const { resend } = deps;
  if (!resend) return;
  app.post("/api/conversations/:id/messages/:messageId/resend", async (req, res) => {
    if (!authorised(req, res)) return;
    const parsed = resendRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      return void res
        .status(400)
        .json({ error: { code: "invalid_request", message: parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ") } });
    }
    const agent = resolveAgent(deps.agents ?? [], { platform: "api", userId: parsed.data.agent });
    if (!agent) return void res.status(403).json({ error: { code: "unknown_agent", message: `"${parsed.data.agent}" is not a configured agent (agents:)` } });
    const result = await resend({
      messageId: req.params.messageId,
      conversationId: req.params.id,
      actor: `agent:${agent.id}`,
      ...(parsed.data.via ? { via: parsed.data.via } : {}),
    });
    answerResend(res, result);
  });
}

function sameToken(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
