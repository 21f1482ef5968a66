import type { Attachment, Conversation, HandoffCard, Message } from "../model/index.js";

/**
 * What erased or expired personal data is replaced with (issue 16, data
 * protection). The one place the redaction rules live: both store engines
 * apply them in `eraseContact` and `redactConversation`, so SQLite and
 * MongoDB leave exactly the same non-personal remainder.
 */
export const ERASED = "[erased]";

/**
 * Event `data` keys kept by a redaction: they describe what happened (state,
 * routing, counts, ids of the hub's own records), which analytics and the
 * audit log need, never who the person is or what they wrote. Every other key
 * is dropped. Values are filtered too (see `redactEventData`).
 */
export const EVENT_DATA_ALLOW_LIST: ReadonlySet<string> = new Set([
  "queue",
  "rule",
  "risk",
  "intent",
  "priority",
  "status",
  "from",
  "to",
  "owner",
  "channel",
  "kind",
  "action",
  "outcome",
  "attempts",
  "attempt",
  "messageId",
  "reason",
  "language",
  "authorKind",
  "replies",
  "policy",
  "soft",
  "silenceMs",
  "idleMs",
  "dueAt",
  "until",
  "platform",
  "target",
  "threadId",
  "posted",
  "confidence",
  "identityKind",
  "claimedKind",
  "offerId",
  "mergeId",
  "mergeEventId",
  "sourceId",
  "targetId",
  "via",
  "state",
  "keys",
  "removed",
  "fields",
  "version",
  "articleId",
  "delivered",
  "by",
  "at",
  "counts",
  "contactIds",
  "erased",
  "retention",
  "requiredFields",
  "missingFields",
]);

/**
 * A string value kept under an allowed key: a code, an id, a status, an ISO
 * date or a number written as text — no whitespace, no `@` (e-mail), no `+`
 * (phone), at most 64 characters. A free-text `reason` ("Customer threatens
 * to sue") is dropped; `auto_resolved` is kept.
 */
const TOKEN = /^[A-Za-z0-9_.:\-/]{0,64}$/;

function keepValue(value: unknown, depth: number): { keep: boolean; value?: unknown } {
  if (value === null || typeof value === "number" || typeof value === "boolean") return { keep: true, value };
  if (typeof value === "string") return TOKEN.test(value) ? { keep: true, value } : { keep: false };
  if (depth >= 3) return { keep: false };
  if (Array.isArray(value)) {
    const items = value.map((v) => keepValue(v, depth + 1));
    return items.every((i) => i.keep) ? { keep: true, value: items.map((i) => i.value) } : { keep: false };
  }
  if (typeof value === "object") return { keep: true, value: redactObject(value as Record<string, unknown>, depth + 1) };
  return { keep: false };
}

function redactObject(data: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!EVENT_DATA_ALLOW_LIST.has(key)) continue;
    const kept = keepValue(value, depth);
    if (kept.keep) out[key] = kept.value;
  }
  return out;
}

/**
 * An event's `data` reduced to the allow-list: only allowed keys, and under
 * them only token-like strings, numbers, booleans, null, arrays of those and
 * nested objects filtered the same way (`{ from: { risk, queue } }`). So
 * `conversation.escalated` keeps rule, risk, queue, priority, intent and
 * `message.edited` loses `previousText`. Idempotent.
 */
export function redactEventData(data: Record<string, unknown>): Record<string, unknown> {
  return redactObject(data, 0);
}

/** True when redacting would change nothing (used to skip writes). */
export function isEventDataRedacted(data: Record<string, unknown>): boolean {
  return JSON.stringify(redactEventData(data)) === JSON.stringify(data);
}

/** Attachment metadata reduced to its kind and the marker: no name, type, size or reference to the bytes. */
export function redactAttachments(attachments: readonly Attachment[]): Attachment[] {
  return attachments.map((a) => ({ kind: a.kind, name: ERASED }));
}

export function areAttachmentsRedacted(attachments: readonly Attachment[]): boolean {
  return attachments.every((a) => a.name === ERASED && a.ref === undefined && a.mimeType === undefined && a.size === undefined);
}

/** What of a message a redaction replaces. */
export interface MessageRedaction {
  text: boolean;
  attachments: boolean;
}

/**
 * The message with its content replaced: the text by the marker, attachments
 * by `redactAttachments`; with `text`, quick-reply buttons, the delivery error
 * and the platform's message id go too (they can quote the person; without the
 * external id a later message can no longer be threaded into this one).
 * Direction, author, channel, delivery state and dates stay (analytics).
 */
export function redactMessage(m: Message, what: MessageRedaction): Message {
  const out: Message = { ...m };
  if (what.text) {
    out.text = ERASED;
    out.externalId = null;
    out.error = m.error === null ? null : ERASED;
    delete out.buttons;
  }
  if (what.attachments || what.text) out.attachments = redactAttachments(m.attachments);
  return out;
}

export function isMessageRedacted(m: Message, what: MessageRedaction): boolean {
  const textDone = !what.text || (m.text === ERASED && m.externalId === null && !m.buttons?.length);
  return textDone && areAttachmentsRedacted(m.attachments);
}

/**
 * The handoff card reduced to non-personal data: risk, rule, intent and its
 * confidence, queue, priority, channel, language, the field names still
 * missing, the knowledge-base articles used, what was looked up (action and
 * outcome, never the values) and the dates. Goal, steps, reason and next action
 * become the marker.
 */
export function redactHandoff(card: HandoffCard): HandoffCard {
  return {
    goal: ERASED,
    stepsTried: [],
    risk: card.risk,
    rule: card.rule,
    reason: ERASED,
    intent: card.intent,
    confidence: card.confidence,
    fields: {},
    missingFields: [...card.missingFields],
    ...(card.requiredFields ? { requiredFields: [...card.requiredFields] } : {}),
    articles: card.articles.map((a) => ({ ...a })),
    ...(card.lookups ? { lookups: card.lookups.map((l) => ({ action: l.action, description: l.description, outcome: l.outcome })) } : {}),
    nextAction: ERASED,
    queue: card.queue,
    priority: card.priority,
    channel: card.channel,
    language: card.language,
    languageNote: null,
    conversationUrl: card.conversationUrl,
    slaDueAt: card.slaDueAt,
    createdAt: card.createdAt,
  };
}

/**
 * A conversation reduced to non-personal data: collected fields, reply
 * addresses and tags cleared, the handoff card reduced (`redactHandoff`).
 * Status, owner, queue, priority, assignee, the escalation thread reference
 * and every date stay; `version` is bumped so a compare-and-set prepared on
 * the old content fails. Dates are not moved (retention counts from them).
 */
export function redactConversation(c: Conversation): Conversation {
  return {
    ...c,
    fields: {},
    addresses: {},
    tags: [],
    handoff: c.handoff ? redactHandoff(c.handoff) : null,
    version: c.version + 1,
  };
}

export function isConversationRedacted(c: Conversation): boolean {
  return (
    Object.keys(c.fields).length === 0 && Object.keys(c.addresses).length === 0 && c.tags.length === 0 && (c.handoff === null || c.handoff.goal === ERASED)
  );
}

/** References to bytes the hub itself stores (attachments with a `ref`); the caller maps them to files. */
export function attachmentRefs(messages: readonly Message[]): string[] {
  const refs = new Set<string>();
  for (const m of messages) for (const a of m.attachments) if (a.ref) refs.add(a.ref);
  return [...refs];
}
