import { createHash } from "node:crypto";
import { z } from "zod";
import type { InboundMessage } from "../../core/channel/adapter.js";
import type { Attachment } from "../../core/model/index.js";
import { rawPayloadAttachment } from "../raw-payload.js";
import { vcardsText, waOrderDetailSchema, waOrderText, waPollText, type WaOrderDetail } from "./rich-content.js";

/** The fields of a whatsapp-web.js Message the adapter reads; validated before use (WhatsApp Web's model changes without notice). */
export const waMessageSchema = z.looseObject({
  id: z.looseObject({ _serialized: z.string().min(1), fromMe: z.boolean().optional() }),
  from: z.string().min(1),
  author: z.string().nullish(),
  fromMe: z.boolean().optional(),
  body: z.string().nullish(),
  type: z.string(),
  timestamp: z.number().nullish(),
  hasMedia: z.boolean().optional(),
  isStatus: z.boolean().optional(),
  broadcast: z.boolean().optional(),
  location: z
    .looseObject({
      latitude: z.union([z.number(), z.string()]),
      longitude: z.union([z.number(), z.string()]),
      name: z.string().nullish(),
      address: z.string().nullish(),
    })
    .nullish(),
  /** Contact cards (types `vcard`, `multi_vcard`). */
  vCards: z.array(z.string()).nullish(),
  /** Polls the customer created (type `poll_creation`). */
  pollName: z.string().nullish(),
  pollOptions: z.array(z.looseObject({ name: z.string() })).nullish(),
  /** Which button or list row the customer chose (types `buttons_response`, `list_response`). */
  selectedButtonId: z.string().nullish(),
  selectedRowId: z.string().nullish(),
  latestEditSenderTimestampMs: z.number().nullish(),
  _data: z
    .looseObject({
      notifyName: z.string().nullish(),
      mimetype: z.string().nullish(),
      filename: z.string().nullish(),
      size: z.number().nullish(),
      // Orders (type `order`): what WhatsApp Web keeps on the message itself.
      orderTitle: z.string().nullish(),
      itemCount: z.number().nullish(),
      totalAmount1000: z.union([z.number(), z.string()]).nullish(),
      totalCurrencyCode: z.string().nullish(),
    })
    .nullish(),
});
export type WaMessage = z.output<typeof waMessageSchema>;

/** Where a reply goes: the WhatsApp chat id ("4915123456789@c.us" for a person, "...@g.us" for a group). */
export const whatsappAddressSchema = z.object({ chatId: z.string().regex(/^[0-9][0-9-]{4,40}@(c\.us|g\.us|lid)$/) });
export type WhatsappAddress = z.output<typeof whatsappAddressSchema>;

export interface DecodeOptions {
  /** Take group chats (channels.whatsapp.groups). */
  groups: boolean;
  now: Date;
  /**
   * Resolves a sender id to an E.164 phone number when it does not carry one
   * (WhatsApp's "@lid" privacy ids); null when it cannot.
   */
  resolvePhone?(senderId: string): Promise<string | null>;
  /**
   * Loads an order message's items (whatsapp-web.js `Message.getOrder()`);
   * answers null when WhatsApp Web cannot. Omitted: orders are shown from the
   * count and total alone.
   */
  fetchOrder?(raw: unknown): Promise<unknown>;
}

export type Decoded = { kind: "message"; message: InboundMessage } | { kind: "skip"; reason: string; id?: string };

const MEDIA_KINDS: Record<string, Attachment["kind"]> = {
  image: "image",
  video: "video",
  audio: "audio",
  ptt: "audio",
  document: "file",
  sticker: "sticker",
};

/**
 * Turns one `message` event into an InboundMessage, or says why it is skipped:
 * status broadcasts, our own messages, groups (unless configured), broadcast
 * lists and channels, senders without a phone number, unknown message types.
 * Never throws. Media becomes attachment metadata whose `ref` is the message
 * id (the adapter downloads the bytes on demand).
 */
export async function decodeWaMessage(raw: unknown, options: DecodeOptions): Promise<Decoded> {
  const origin = await decodeOrigin(raw, options);
  if ("skip" in origin) return origin.skip;
  const content = await decodeContent(origin.m, raw, options);
  if ("skip" in content) return { kind: "skip", reason: content.skip, id: origin.id };
  return { kind: "message", message: { ...origin.message, externalId: origin.id, text: content.text, attachments: content.attachments } };
}

/**
 * Turns a `message_edit` event (the edited message, its new and previous
 * body) into an edit of the stored message (`editOf`), under an external id
 * of its own per edit (the message id plus the edit's time), so a second edit
 * is recorded too and a re-emitted edit is dropped as a duplicate. The same
 * skips as for new messages apply (our own messages, groups unless
 * configured, …); an edit to empty text is skipped.
 */
export async function decodeWaEdit(raw: unknown, newBody: unknown, options: DecodeOptions): Promise<Decoded> {
  const origin = await decodeOrigin(raw, options);
  if ("skip" in origin) return origin.skip;
  const text = typeof newBody === "string" ? newBody : (origin.m.body ?? "");
  if (text.trim() === "") return { kind: "skip", reason: "edit to an empty text", id: origin.id };
  const version = origin.m.latestEditSenderTimestampMs ?? createHash("sha256").update(text).digest("hex").slice(0, 16);
  return {
    kind: "message",
    message: { ...origin.message, externalId: `${origin.id}#edit-${version}`, text, attachments: [], editOf: origin.id, receivedAt: options.now },
  };
}

type Origin = { m: WaMessage; id: string; message: Omit<InboundMessage, "externalId" | "text" | "attachments"> } | { skip: Decoded };

/** Who sent a message and where replies go, or why it is skipped (status, our own, groups, broadcasts, hidden numbers). */
async function decodeOrigin(raw: unknown, options: DecodeOptions): Promise<Origin> {
  const parsed = waMessageSchema.safeParse(raw);
  if (!parsed.success) return { skip: { kind: "skip", reason: `malformed message: ${parsed.error.issues[0]?.message ?? "invalid"}`, ...idOf(raw) } };
  const m = parsed.data;
  const id = m.id._serialized;
  const skip = (reason: string): Origin => ({ skip: { kind: "skip", reason, id } });
  if (m.isStatus || m.from === "status@broadcast") return skip("status broadcast");
  if (m.fromMe || m.id.fromMe) return skip("our own message");
  if (m.broadcast || m.from.endsWith("@broadcast") || m.from.endsWith("@newsletter")) return skip("broadcast list or channel");
  const group = m.from.endsWith("@g.us");
  if (group && !options.groups) return skip("group chat (channels.whatsapp.groups is false)");
  const senderId = group ? (m.author ?? null) : m.from;
  if (!senderId) return skip("group message without an author");
  if (SYSTEM_TYPES.has(m.type)) return skip(`system message (${m.type})`);

  const phone = phoneOfChatId(senderId) ?? (await options.resolvePhone?.(senderId).catch(() => null)) ?? null;
  if (!phone) return skip("the sender's phone number is not visible (WhatsApp privacy id)");

  return {
    m,
    id,
    message: {
      channel: "whatsapp",
      sender: { kind: "whatsapp", value: phone, name: m._data?.notifyName || null },
      address: { chatId: m.from },
      receivedAt: sentAt(m.timestamp, options.now),
    },
  };
}

/** "+4915123456789" from "4915123456789@c.us"; null for ids that are not phone numbers (groups, @lid). */
export function phoneOfChatId(chatId: string): string | null {
  const match = /^(\d{7,15})@c\.us$/.exec(chatId);
  return match && !match[1]!.startsWith("0") ? `+${match[1]}` : null;
}

/** When the customer sent it: WhatsApp's timestamp (seconds), never later than our clock. */
function sentAt(timestamp: number | null | undefined, now: Date): Date {
  const t = typeof timestamp === "number" ? timestamp * 1000 : NaN;
  return Number.isFinite(t) && t > 0 && t < now.getTime() ? new Date(t) : now;
}

/**
 * WhatsApp Web's bookkeeping, not something a customer wrote: encryption
 * notices, group and call events, protocol messages, revoked messages
 * (WhatsApp Web emits them again as type "revoked"), reactions (their own
 * event) and undecrypted ciphertext (re-emitted once decrypted).
 */
const SYSTEM_TYPES = new Set([
  "e2e_notification",
  "notification",
  "notification_template",
  "gp2",
  "group_notification",
  "protocol",
  "ciphertext",
  "call_log",
  "debug",
  "broadcast_notification",
  "revoked",
  "reaction",
]);

/** Longest string of a message's own data kept in a placeholder's JSON (thumbnails are base64 and large). */
const RAW_STRING_MAX = 2000;

type Content = { text: string; attachments: Attachment[] } | { skip: string };

async function decodeContent(m: WaMessage, raw: unknown, options: DecodeOptions): Promise<Content> {
  const text = m.body ?? "";
  if (m.type === "chat") return text.trim() === "" ? { skip: "empty text message" } : { text, attachments: [] };
  const mediaKind = MEDIA_KINDS[m.type];
  if (mediaKind) {
    const attachment: Attachment = { kind: mediaKind, ref: m.id._serialized };
    if (m._data?.mimetype) attachment.mimeType = m._data.mimetype;
    if (m._data?.filename) attachment.name = m._data.filename;
    if (typeof m._data?.size === "number" && m._data.size >= 0) attachment.size = m._data.size;
    // For media, whatsapp-web.js puts the caption in `body`.
    return { text, attachments: [attachment] };
  }
  switch (m.type) {
    case "location":
      return locationContent(m);
    case "vcard":
    case "multi_vcard": {
      const cards = m.vCards && m.vCards.length > 0 ? m.vCards : m.type === "vcard" ? [text] : [];
      const summary = vcardsText(cards);
      return summary ? structured(summary, "contacts", { type: m.type, vCards: cards }) : placeholder(m, "contact card without a card");
    }
    case "order": {
      const detail = await orderDetail(raw, options);
      const d = m._data;
      const note = (raw as { _data?: { message?: unknown } })._data?.message;
      const summary = {
        title: d?.orderTitle,
        itemCount: d?.itemCount,
        totalAmount1000: d?.totalAmount1000,
        currency: d?.totalCurrencyCode,
        note: typeof note === "string" ? note : null,
      };
      return structured(waOrderText(summary, detail), "order", { type: "order", summary, products: detail?.products ?? null });
    }
    case "poll_creation": {
      const options = (m.pollOptions ?? []).map((o) => o.name);
      return structured(waPollText(m.pollName ?? text, options), "poll", { type: "poll_creation", question: m.pollName ?? text, options });
    }
    case "buttons_response":
    case "list_response":
    case "template_button_reply": {
      // The chosen button's or row's title is the body; its id when the title is missing.
      const chosen = text.trim() || m.selectedRowId || m.selectedButtonId || "";
      return chosen ? { text: chosen, attachments: [] } : placeholder(m, `${m.type} without a choice`);
    }
    default:
      return placeholder(m, m.type);
  }
}

function locationContent(m: WaMessage): Content {
  if (!m.location) return placeholder(m, "location without coordinates");
  const lat = Number(m.location.latitude);
  const lng = Number(m.location.longitude);
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return placeholder(m, "location without coordinates");
  const label = [m.location.name, m.location.address].filter(Boolean).join(", ");
  const attachment: Attachment = { kind: "location", ref: `geo:${lat},${lng}` };
  if (label) attachment.name = label;
  return { text: label, attachments: [attachment] };
}

async function orderDetail(raw: unknown, options: DecodeOptions): Promise<WaOrderDetail | null> {
  if (!options.fetchOrder) return null;
  const detail = await options.fetchOrder(raw).catch(() => null);
  const parsed = waOrderDetailSchema.safeParse(detail);
  return parsed.success ? parsed.data : null;
}

/** Readable text plus the fields it was made from, kept as JSON. */
function structured(text: string, kind: string, fields: unknown): Content {
  return { text, attachments: [rawPayloadAttachment(`whatsapp-${kind}.json`, fields)] };
}

/**
 * Content the hub cannot represent (a group invite, a payment, a product, a
 * type WhatsApp added later): a visible `[unsupported WhatsApp content: …]`
 * message with the message's own data as JSON, never silence. Only the
 * message's data is kept (whatsapp-web.js messages also reference the client
 * and its browser), each string cut at 2,000 characters.
 */
function placeholder(m: WaMessage, what: string): Content {
  const data = Object.fromEntries(
    Object.entries(m._data ?? {}).flatMap(([k, v]): [string, string | number | boolean][] => {
      if (typeof v === "string") return [[k, v.length > RAW_STRING_MAX ? `${v.slice(0, RAW_STRING_MAX)}…` : v]];
      if (typeof v === "number" || typeof v === "boolean") return [[k, v]];
      return [];
    }),
  );
  const fields = { type: m.type, id: m.id._serialized, timestamp: m.timestamp ?? null, body: m.body ?? null, data };
  return { text: `[unsupported WhatsApp content: ${what}]`, attachments: [rawPayloadAttachment("whatsapp-message.json", fields)] };
}

function idOf(raw: unknown): { id?: string } {
  const id = (raw as { id?: { _serialized?: unknown } } | null)?.id?._serialized;
  return typeof id === "string" ? { id } : {};
}
