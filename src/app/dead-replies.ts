import type { Response } from "express";
import { z } from "zod";
import type { Clock } from "../core/clock.js";
import { CHANNEL_IDS } from "../core/model/index.js";
import { REPLY_RESENT, resendDeadReply, type ResendInput, type ResendResult } from "../core/outbox/resend.js";
import type { Store } from "../core/store/port.js";

/** Resends a dead reply (see {@link resendDeadReply}); wired once by the hub so the outbox wakes and open consoles refresh. */
export type Resender = (input: ResendInput) => Promise<ResendResult>;

/** The body of a resend request (console); the conversation API adds `agent`. */
export const resendBodySchema = z.strictObject({
  via: z.enum(CHANNEL_IDS).optional().describe("Another channel the customer has written on; default: the failed reply's own channel."),
});

/** The hub's resender: after a resend that queued something, `onResent` wakes the outbox and refreshes open consoles. */
export function createResender(deps: { store: Store; clock: Clock; onResent(conversationId: string): void }): Resender {
  return async (input) => {
    const result = await resendDeadReply(deps, input);
    if (result.ok && !result.duplicate) deps.onResent(result.conversationId);
    return result;
  };
}

/** Answers a resend: 202 queued, 200 resent already (idempotent), 404, 409 not a dead reply, 422 no address on that channel. */
export function answerResend(res: Response, result: ResendResult): void {
  if (result.ok) {
    return void res.status(result.duplicate ? 200 : 202).json({ ok: true, duplicate: result.duplicate, messageId: result.messageId, channel: result.channel });
  }
  const status = result.error === "not_found" ? 404 : result.error === "not_dead" ? 409 : 422;
  res.status(status).json({ error: { code: result.error, message: result.message } });
}

/** Per message of a conversation: whether it can be resent (its entry is dead) and what a resend queued in its place. */
export interface DeliveryInfo {
  resendable: Set<string>;
  resentAs: Map<string, string>;
}

/** Reads {@link DeliveryInfo} for one conversation: its dead outbox entries and its `reply.resent` events. */
export async function deliveryInfo(store: Store, conversationId: string): Promise<DeliveryInfo> {
  const [dead, resent] = await Promise.all([
    store.listDeadOutbox({ conversationId, limit: 1000 }),
    store.listEvents({ conversationId, type: REPLY_RESENT, newestFirst: true, limit: 1000 }),
  ]);
  const resentAs = new Map<string, string>();
  for (const e of resent)
    if (typeof e.data.messageId === "string" && typeof e.data.newMessageId === "string") resentAs.set(e.data.messageId, e.data.newMessageId);
  return { resendable: new Set(dead.map((e) => e.messageId)), resentAs };
}
