import { randomUUID } from "node:crypto";
import type { Router } from "express";
import { z } from "zod";
import type { Clock } from "../../core/clock.js";
import type { ThreadlineConfig } from "../../core/config/schema.js";
import type { AgentAction, AgentDesk } from "../../core/escalation/port.js";
import { threadView } from "../../core/escalation/view.js";
import { InvalidCursorError } from "../../core/store/inbox-cursor.js";
import type { Store } from "../../core/store/port.js";
import { canSeeQueue, customerLabel, inboxParams, inboxQuery, inboxRows } from "../inbox.js";
import { route, sendError, sessionOf } from "./guard.js";
import { answerResend, deliveryInfo, resendBodySchema, type Resender } from "../../app/dead-replies.js";

/** What an agent can do from the console (through the desk, like Slack and Discord). */
const actionBody = z.strictObject({
  request_id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional()
    .describe("Idempotency key: a retried request is applied once."),
  action: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("reply"), text: z.string().trim().min(1).max(10_000) }),
    z.strictObject({ kind: z.literal("note"), text: z.string().trim().min(1).max(10_000) }),
    z.strictObject({ kind: z.literal("undo_reply"), messageId: z.string().min(1).max(100) }),
    z.strictObject({ kind: z.literal("claim") }),
    z.strictObject({ kind: z.literal("resolve") }),
    z.strictObject({ kind: z.literal("reopen") }),
  ]),
});

export interface DataRouteDeps {
  store: Store;
  desk: AgentDesk;
  clock: Clock;
  config: Pick<ThreadlineConfig, "queues" | "agents" | "escalation">;
  /** Resends dead replies (POST …/messages/:messageId/resend); without it that route answers 404. */
  resend?: Resender;
}

/**
 * GET /console/api/inbox (views, cursor paging), GET /console/api/conversations/:id
 * (thread, card, reply target) and POST /console/api/conversations/:id/actions.
 * Every route runs behind the session guard; an agent sees only their queues
 * (another queue's conversation is a 404, as if it did not exist).
 */
export function mountDataRoutes(router: Router, deps: DataRouteDeps): void {
  const { store, config } = deps;

  router.get(
    "/inbox",
    route(async (req, res) => {
      const { agent } = sessionOf(res);
      const params = inboxParams.safeParse(req.query);
      if (!params.success) return sendError(res, 400, "invalid", params.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      const query = inboxQuery(params.data, agent);
      if ("error" in query) return sendError(res, 400, "invalid", query.error);
      try {
        const page = await store.listInbox(query);
        const queues = Object.entries(config.queues)
          .filter(([id]) => canSeeQueue(agent, id))
          .map(([id, q]) => ({ id, name: q.name }));
        res.json({
          view: params.data.view,
          rows: await inboxRows(store, config, page.conversations),
          next: page.next,
          now: deps.clock.now().toISOString(),
          queues,
        });
      } catch (err) {
        if (err instanceof InvalidCursorError) return sendError(res, 400, "invalid_cursor", err.message);
        throw err;
      }
    }),
  );

  router.get(
    "/conversations/:id",
    route(async (req, res) => {
      const { agent } = sessionOf(res);
      const conversation = await store.getConversation(String(req.params.id));
      if (!conversation || !canSeeQueue(agent, conversation.queue)) return sendError(res, 404, "not_found", "no such conversation");
      const [contact, messages, delivery] = await Promise.all([
        store.getContact(conversation.contactId),
        store.listMessages(conversation.id),
        deliveryInfo(store, conversation.id),
      ]);
      const view = contact ? threadView(conversation, contact, config.agents, config.escalation) : null;
      const agentName = (id: string | null) => (id ? (config.agents.find((a) => a.id === id)?.name ?? id) : null);
      res.json({
        now: deps.clock.now().toISOString(),
        conversation: {
          id: conversation.id,
          status: conversation.status,
          owner: conversation.owner,
          queue: conversation.queue,
          queueName: conversation.queue ? (config.queues[conversation.queue]?.name ?? conversation.queue) : null,
          priority: conversation.priority,
          tags: conversation.tags,
          assignee: conversation.assignee,
          assigneeName: agentName(conversation.assignee),
          lastChannel: conversation.lastChannel,
          createdAt: conversation.createdAt,
        },
        customer: { name: customerLabel(contact), identities: contact?.identities ?? [] },
        replyTo: view?.replyTo ?? null,
        /** Channels the customer has an address on in this conversation (where a failed reply can be resent). */
        channels: Object.keys(conversation.addresses),
        card: conversation.handoff,
        messages: messages.map((m) => ({
          id: m.id,
          direction: m.direction,
          author: m.authorKind,
          authorName: m.authorKind === "agent" ? agentName(m.authorId) : null,
          channel: m.channel,
          text: m.text,
          attachments: m.attachments.map((a) => ({ name: a.name ?? a.kind, kind: a.kind })),
          deliveryState: m.deliveryState,
          createdAt: m.createdAt,
          ...(m.direction === "outbound" ? { error: m.error, resendable: delivery.resendable.has(m.id), resentAs: delivery.resentAs.get(m.id) ?? null } : {}),
        })),
      });
    }),
  );

  router.post(
    "/conversations/:id/actions",
    route(async (req, res) => {
      const { agent } = sessionOf(res);
      const body = actionBody.safeParse(req.body);
      if (!body.success) return sendError(res, 400, "invalid", body.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; "));
      const conversation = await store.getConversation(String(req.params.id));
      if (!conversation || !canSeeQueue(agent, conversation.queue)) return sendError(res, 404, "not_found", "no such conversation");
      const result = await deps.desk.handle({
        conversationId: conversation.id,
        actor: { platform: "console", userId: agent.id, name: agent.name },
        externalId: body.data.request_id ?? randomUUID(),
        ...(body.data.action as AgentAction),
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
      sendError(res, status, result.error, result.message);
    }),
  );

  router.post(
    "/conversations/:id/messages/:messageId/resend",
    route(async (req, res) => {
      const { agent } = sessionOf(res);
      const body = resendBodySchema.safeParse(req.body ?? {});
      if (!body.success) return sendError(res, 400, "invalid", body.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; "));
      const conversation = await store.getConversation(String(req.params.id));
      if (!conversation || !canSeeQueue(agent, conversation.queue) || !deps.resend) return sendError(res, 404, "not_found", "no such conversation");
      const result = await deps.resend({
        messageId: String(req.params.messageId),
        conversationId: conversation.id,
        actor: `agent:${agent.id}`,
        ...(body.data.via ? { via: body.data.via } : {}),
      });
      answerResend(res, result);
    }),
  );
}
