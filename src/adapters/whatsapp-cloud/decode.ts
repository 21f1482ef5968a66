import type { InboundMessage } from "../../core/channel/adapter.js";
import type { Attachment } from "../../core/model/index.js";
import { GRAPH_ERRORS } from "./graph-client.js";
import { rawPayloadAttachment } from "../raw-payload.js";
import { contactSchema, messageBaseSchema, messageSchema, statusSchema, type WebhookEnvelope, type WebhookMessage } from "./payload.js";
import { contactsText, editedText, flowReplyText, orderText } from "./rich-content.js";

const GRAPH_OUTSIDE_WINDOW = GRAPH_ERRORS.outsideWindow;

/** A delivery report for a message we sent, in the hub's terms. */
export interface DecodedStatus {
  externalId: string;
  state: "delivered" | "read" | "failed";
  error?: string;
  /** Set when WhatsApp refused the message as outside the 24-hour window: that customer's window is closed. */
  windowClosedFor?: string;
}

/** Something in a webhook the adapter did not turn into a message or status, with why (logged, then acknowledged). */
export interface SkippedItem {
  what: "message" | "status" | "change";
  reason: string;
  id?: string;
}

export interface DecodedWebhook {
  messages: InboundMessage[];
  statuses: DecodedStatus[];
  skipped: SkippedItem[];
}

/** The WhatsApp address of a customer: their number in E.164 ("+4915112345678"). */
export function phoneOf(waId: string): string {
  return `+${waId}`;
}

/**
 * Turns a verified webhook into inbound messages and delivery updates. Never
 * throws: items for another phone number, or without a valid sender and id,
 * are reported in `skipped` so the caller can log them and still answer 200.
 * A customer's message is never dropped for its content: orders, shared
 * contacts and Flow answers become readable text with the message's JSON
 * kept as an attachment; an `edit` is an edit of the original (`editOf`);
 * anything else (unknown or "unsupported" types, reactions, a part that
 * does not validate) becomes "[unsupported WhatsApp content: <type>]" with
 * the JSON kept.
 */
export function decodeWebhook(payload: WebhookEnvelope, phoneNumberId: string, now: Date): DecodedWebhook {
  const out: DecodedWebhook = { messages: [], statuses: [], skipped: [] };
  for (const entry of payload.entry) {
    for (const change of entry.changes) {
      const value = change.value;
      if (change.field !== undefined && change.field !== "messages") {
        out.skipped.push({ what: "change", reason: `field "${change.field}" is not handled` });
        continue;
      }
      if (value.metadata?.phone_number_id !== phoneNumberId) {
        out.skipped.push({ what: "change", reason: `for another phone number id (${value.metadata?.phone_number_id ?? "none"})` });
        continue;
      }
      const names = new Map<string, string>();
      for (const c of value.contacts ?? []) {
        const parsed = contactSchema.safeParse(c);
        if (parsed.success && parsed.data.profile?.name) names.set(parsed.data.wa_id, parsed.data.profile.name);
      }
      for (const raw of value.messages ?? []) {
        const parsed = messageSchema.safeParse(raw);
        // A sender and id that validate but a part that does not (an order with a text quantity): a placeholder, never silence.
        const base = parsed.success ? parsed.data : messageBaseSchema.safeParse(raw).data;
        if (!base) {
          out.skipped.push({ what: "message", reason: `malformed: ${parsed.error?.issues[0]?.message ?? "invalid"}`, ...idOf(raw) });
          continue;
        }
        const decoded = parsed.success ? decodeMessage(parsed.data, raw) : placeholder(`${base.type} (malformed)`, raw);
        if ("skip" in decoded) {
          out.skipped.push({ what: "message", reason: decoded.skip, id: base.id });
          continue;
        }
        const phone = phoneOf(base.from);
        out.messages.push({
          channel: "whatsapp-cloud",
          externalId: base.id,
          ...(decoded.editOf ? { editOf: decoded.editOf } : {}),
          sender: { kind: "phone", value: phone, name: names.get(base.from) ?? null },
          address: { phone },
          text: decoded.text,
          attachments: decoded.attachments,
          receivedAt: sentAt(base.timestamp, now),
        });
      }
      for (const raw of value.statuses ?? []) {
        const parsed = statusSchema.safeParse(raw);
        if (!parsed.success) {
          out.skipped.push({ what: "status", reason: "malformed", ...idOf(raw) });
          continue;
        }
        const s = parsed.data;
        if (s.status === "delivered" || s.status === "read") out.statuses.push({ externalId: s.id, state: s.status });
        else if (s.status === "failed") {
          const closed = s.errors?.some((e) => e.code === GRAPH_OUTSIDE_WINDOW) && s.recipient_id && /^\d{6,15}$/.test(s.recipient_id);
          out.statuses.push({
            externalId: s.id,
            state: "failed",
            error: failureText(s.errors),
            ...(closed ? { windowClosedFor: phoneOf(s.recipient_id!) } : {}),
          });
        }
        // "sent" is what the outbox already recorded when the Graph API accepted the message: nothing to do, nothing to log.
        else if (s.status !== "sent") out.skipped.push({ what: "status", reason: `status "${s.status}" is not handled`, id: s.id });
      }
    }
  }
  return out;
}

/** When the customer sent it: Meta's timestamp (seconds), never later than our clock. */
export function sentAt(timestamp: string | undefined, now: Date): Date {
  const t = timestamp === undefined ? NaN : Number(timestamp) * 1000;
  return Number.isFinite(t) && t < now.getTime() ? new Date(t) : now;
}

type Decoded = { text: string; attachments: Attachment[]; editOf?: string } | { skip: string };

/** Visible text for content the hub cannot represent, with the message's JSON kept as an attachment. */
function placeholder(what: string, raw: unknown): Decoded {
  return { text: `[unsupported WhatsApp content: ${what}]`, attachments: [rawPayloadAttachment("whatsapp-message.json", raw)] };
}

/** Readable text plus the message's JSON (the structured order, contacts or form answers) as an attachment. */
function structured(text: string, type: string, raw: unknown): Decoded {
  return { text, attachments: [rawPayloadAttachment(`whatsapp-${type}.json`, raw)] };
}

function decodeMessage(m: WebhookMessage, raw: unknown): Decoded {
  const none: Attachment[] = [];
  switch (m.type) {
    case "text":
      return m.text ? { text: m.text.body, attachments: none } : placeholder("text without a body", raw);
    case "interactive": {
      const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
      if (reply) return { text: reply.title, attachments: none };
      const flow = m.interactive?.nfm_reply ? flowReplyText(m.interactive.nfm_reply) : null;
      return flow !== null ? structured(flow, "flow-reply", raw) : placeholder(`interactive ${m.interactive?.type ?? "?"}`, raw);
    }
    case "order":
      return m.order ? structured(orderText(m.order), "order", raw) : placeholder("order without items", raw);
    case "contacts":
      return m.contacts ? structured(contactsText(m.contacts), "contacts", raw) : placeholder("contacts without a card", raw);
    case "edit": {
      const text = m.edit ? editedText(m.edit) : null;
      return text !== null && m.edit ? { text, attachments: none, editOf: m.edit.original_message_id } : placeholder("edit", raw);
    }
    // The customer opened the chat for the first time (no message written): nothing to show.
    case "request_welcome":
      return { skip: "request_welcome (the customer opened the chat)" };
    case "button":
      return m.button ? { text: m.button.text, attachments: none } : placeholder("button without a button", raw);
    case "image":
    case "audio":
    case "video":
    case "sticker":
    case "document": {
      const media = m[m.type];
      if (!media) return placeholder(`${m.type} without ${m.type}`, raw);
      const attachment: Attachment = { kind: m.type === "document" ? "file" : m.type, ref: media.id };
      if (media.mime_type) attachment.mimeType = media.mime_type;
      if (media.filename) attachment.name = media.filename;
      return { text: media.caption ?? "", attachments: [attachment] };
    }
    case "location": {
      const loc = m.location;
      if (!loc) return placeholder("location without a location", raw);
      const label = [loc.name, loc.address].filter(Boolean).join(", ");
      const attachment: Attachment = { kind: "location", ref: `geo:${loc.latitude},${loc.longitude}` };
      if (label) attachment.name = label;
      return { text: label, attachments: [attachment] };
    }
    default:
      // "unsupported"/"unknown" (Meta could not deliver the content, error 131051), reactions, revokes, future types.
      return placeholder(m.errors?.[0]?.title ? `${m.type}: ${m.errors[0].title}` : m.type, raw);
  }
}

function failureText(errors: { code?: number | undefined; title?: string | undefined; message?: string | undefined }[] | undefined): string {
  const e = errors?.[0];
  if (!e) return "failed (no reason given by WhatsApp)";
  const reason = e.code === GRAPH_OUTSIDE_WINDOW ? "outside the 24-hour customer-service window" : (e.title ?? e.message ?? "failed");
  return e.code !== undefined ? `${e.code}: ${reason}` : reason;
}

function idOf(raw: unknown): { id?: string } {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === "string" ? { id } : {};
}
