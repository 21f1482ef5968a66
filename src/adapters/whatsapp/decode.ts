import { z } from "zod";
import type { InboundMessage } from "../../core/channel/adapter.js";
import type { Attachment } from "../../core/model/index.js";

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
  _data: z
    .looseObject({
      notifyName: z.string().nullish(),
      mimetype: z.string().nullish(),
      filename: z.string().nullish(),
      size: z.number().nullish(),
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
  const parsed = waMessageSchema.safeParse(raw);
  if (!parsed.success) return { kind: "skip", reason: `malformed message: ${parsed.error.issues[0]?.message ?? "invalid"}`, ...idOf(raw) };
  const m = parsed.data;
  const id = m.id._serialized;
  if (m.isStatus || m.from === "status@broadcast") return { kind: "skip", reason: "status broadcast", id };
  if (m.fromMe || m.id.fromMe) return { kind: "skip", reason: "our own message", id };
  if (m.broadcast || m.from.endsWith("@broadcast") || m.from.endsWith("@newsletter")) return { kind: "skip", reason: "broadcast list or channel", id };
  const group = m.from.endsWith("@g.us");
  if (group && !options.groups) return { kind: "skip", reason: "group chat (channels.whatsapp.groups is false)", id };
  const senderId = group ? (m.author ?? null) : m.from;
  if (!senderId) return { kind: "skip", reason: "group message without an author", id };

  const content = decodeContent(m);
  if ("skip" in content) return { kind: "skip", reason: content.skip, id };

  const phone = phoneOfChatId(senderId) ?? (await options.resolvePhone?.(senderId).catch(() => null)) ?? null;
  if (!phone) return { kind: "skip", reason: "the sender's phone number is not visible (WhatsApp privacy id)", id };

  return {
    kind: "message",
    message: {
      channel: "whatsapp",
      externalId: id,
      sender: { kind: "whatsapp", value: phone, name: m._data?.notifyName || null },
      address: { chatId: m.from },
      text: content.text,
      attachments: content.attachments,
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

function decodeContent(m: WaMessage): { text: string; attachments: Attachment[] } | { skip: string } {
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
  if (m.type === "location" && m.location) {
    const lat = Number(m.location.latitude);
    const lng = Number(m.location.longitude);
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) return { skip: "location without coordinates" };
    const label = [m.location.name, m.location.address].filter(Boolean).join(", ");
    const attachment: Attachment = { kind: "location", ref: `geo:${lat},${lng}` };
    if (label) attachment.name = label;
    return { text: label, attachments: [attachment] };
  }
  return { skip: `message type "${m.type}" is not handled` };
}

function idOf(raw: unknown): { id?: string } {
  const id = (raw as { id?: { _serialized?: unknown } } | null)?.id?._serialized;
  return typeof id === "string" ? { id } : {};
}
