import type { Message, MessageEntity, Update, User } from "grammy/types";
import type { InboundMessage } from "../../core/channel/adapter.js";
import type { Attachment } from "../../core/model/index.js";
import { rawPayloadAttachment } from "../raw-payload.js";
import { updateProblem } from "./update-schema.js";

/** What the decoder needs to know about the bot and the config. */
export interface DecodeContext {
  botId: number;
  /** Without the "@", compared case-insensitively. */
  botUsername: string;
  groupMode: "mentions" | "all";
  /** Receive time of a button press (Telegram does not date callback queries). */
  now: () => Date;
}

/** One decoded update: a customer message to ingest (and, for a button press, the query to answer), or why it was skipped. */
export type DecodedUpdate = { kind: "message"; message: InboundMessage; callbackQueryId?: string } | { kind: "skip"; reason: string };

/**
 * Decodes one Bot API update into at most one InboundMessage. Never throws:
 * an update whose fields do not validate (see update-schema.ts) and update types the hub does not handle (channel posts, polls, joins, ...) come
 * back as `skip` with the reason, for the log.
 *
 * - messages: `externalId` is `${chat.id}:${message_id}`; in groups only those
 *   addressing the bot (@mention, /command@bot, reply to the bot) unless
 *   `groupMode` is "all";
 * - edited messages: an edit of the original (`editOf` = its externalId
 *   `${chat.id}:${message_id}`), with externalId `…@${edit_date}`;
 * - forum topics: a message in a topic (`is_topic_message`) has the topic's
 *   `message_thread_id` in its address (`threadId`), so replies go back there;
 * - content the hub cannot represent (a poll, a dice, a story, …) becomes the
 *   placeholder text "[unsupported Telegram content: poll]" with the message's
 *   JSON kept as an attachment (raw-payload.ts); service messages are skipped;
 * - button presses (callback_query): the pressed button's label as the text,
 *   externalId `callback:${query.id}`.
 */
export function decodeUpdate(update: Update, ctx: DecodeContext): DecodedUpdate {
  // Every field read below is validated first (a null chat id would become an address nobody can answer).
  const problem = updateProblem(update);
  if (problem) return { kind: "skip", reason: `malformed update: ${problem}` };
  try {
    return decodeKnown(update, ctx);
  } catch (err) {
    // A malformed payload (the webhook body is only as trustworthy as its secret) is reported, not thrown.
    return { kind: "skip", reason: `malformed update: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function decodeKnown(update: Update, ctx: DecodeContext): DecodedUpdate {
  if (update.message) return decodeMessage(update.message, ctx, null);
  if (update.edited_message) return decodeMessage(update.edited_message, ctx, update.edited_message.edit_date);
  if (update.callback_query) {
    const q = update.callback_query;
    if (q.from.is_bot) return { kind: "skip", reason: "callback from a bot" };
    const source = q.message && "chat" in q.message ? q.message : undefined;
    if (q.data === undefined) return { kind: "skip", reason: "callback without data (game or inline message)" };
    const chatId = source?.chat.id ?? q.from.id;
    const label = source && source.date !== 0 ? buttonLabel(source, q.data) : undefined;
    return {
      kind: "message",
      callbackQueryId: q.id,
      message: {
        channel: "telegram",
        externalId: `callback:${q.id}`,
        sender: senderOf(q.from),
        address: { chatId: String(chatId) },
        text: label ?? q.data,
        attachments: [],
        receivedAt: ctx.now(),
      },
    };
  }
  const type = Object.keys(update).find((k) => k !== "update_id") ?? "empty";
  return { kind: "skip", reason: `unhandled update type ${type}` };
}

function decodeMessage(m: Message, ctx: DecodeContext, editDate: number | null): DecodedUpdate {
  if (m.chat.type === "channel") return { kind: "skip", reason: "channel post" };
  if (!m.from) return { kind: "skip", reason: "message without a sender" };
  if (m.from.is_bot) return { kind: "skip", reason: "message from a bot" };
  const isGroup = m.chat.type === "group" || m.chat.type === "supergroup";
  if (isGroup && ctx.groupMode === "mentions" && !addressesBot(m, ctx)) return { kind: "skip", reason: "group message not addressed to the bot" };
  const content = contentOf(m);
  let { text, attachments } = content;
  if (isGroup) text = stripMention(text, ctx.botUsername);
  if (text === "" && attachments.length === 0) {
    const unsupported = unsupportedKinds(m);
    if (unsupported.length === 0) return { kind: "skip", reason: "service message (no text or media)" };
    // Content the hub cannot represent is never dropped silently: a visible placeholder, the raw message kept with it.
    text = `[unsupported Telegram content: ${unsupported.join(", ")}]`;
    attachments = [rawPayloadAttachment("telegram-message.json", m)];
  }
  const base = `${m.chat.id}:${m.message_id}`;
  // In a forum supergroup the topic is part of the address, so every reply goes back into it.
  const topic = m.is_topic_message && m.message_thread_id !== undefined ? { threadId: String(m.message_thread_id) } : {};
  return {
    kind: "message",
    message: {
      channel: "telegram",
      externalId: editDate === null ? base : `${base}@${editDate}`,
      ...(editDate === null ? {} : { editOf: base }),
      sender: senderOf(m.from),
      address: { chatId: String(m.chat.id), ...topic },
      text,
      attachments,
      receivedAt: new Date((editDate ?? m.date) * 1000),
    },
  };
}

/**
 * The text and attachments of a message: text or caption; media as attachment
 * metadata; a shared contact as "Contact: name, phone" (the phone is the
 * customer's message, stored like any text and never logged); a venue as its
 * title and address with its location.
 */
function contentOf(m: Message): { text: string; attachments: Attachment[] } {
  const attachments = attachmentsOf(m);
  const lines = [m.text ?? m.caption ?? ""];
  if (m.contact) {
    const name = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(" ").trim();
    lines.push(`Contact: ${[name, m.contact.phone_number].filter(Boolean).join(", ")}`);
  }
  if (m.venue) lines.push(`Venue: ${venueLabel(m.venue)}`);
  return { text: lines.filter((l) => l !== "").join("\n"), attachments };
}

function venueLabel(venue: NonNullable<Message["venue"]>): string {
  return [venue.title, venue.address].filter(Boolean).join(", ");
}

/** Fields of a message that say something about it, not what the customer sent. */
const META_KEYS = new Set([
  "message_id",
  "message_thread_id",
  "is_topic_message",
  "date",
  "edit_date",
  "chat",
  "from",
  "sender_chat",
  "sender_boost_count",
  "sender_business_bot",
  "business_connection_id",
  "forward_origin",
  "is_automatic_forward",
  "reply_to_message",
  "external_reply",
  "quote",
  "reply_to_story",
  "via_bot",
  "has_protected_content",
  "is_from_offline",
  "is_paid_post",
  "media_group_id",
  "author_signature",
  "paid_star_count",
  "text",
  "caption",
  "entities",
  "caption_entities",
  "link_preview_options",
  "effect_id",
  "show_caption_above_media",
  "has_media_spoiler",
  "reply_markup",
  "suggested_post_info",
  "direct_messages_topic",
  "reply_to_checklist_task_id",
]);

/** Service messages (joins, pins, topic and chat changes, payments' receipts): not written by the customer, skipped. */
const SERVICE_KEYS = new Set([
  "new_chat_members",
  "left_chat_member",
  "new_chat_title",
  "new_chat_photo",
  "delete_chat_photo",
  "group_chat_created",
  "supergroup_chat_created",
  "channel_chat_created",
  "message_auto_delete_timer_changed",
  "migrate_to_chat_id",
  "migrate_from_chat_id",
  "pinned_message",
  "users_shared",
  "chat_shared",
  "connected_website",
  "write_access_allowed",
  "proximity_alert_triggered",
  "boost_added",
  "chat_background_set",
  "forum_topic_created",
  "forum_topic_edited",
  "forum_topic_closed",
  "forum_topic_reopened",
  "general_forum_topic_hidden",
  "general_forum_topic_unhidden",
  "giveaway_created",
  "giveaway_completed",
  "video_chat_scheduled",
  "video_chat_started",
  "video_chat_ended",
  "video_chat_participants_invited",
  "web_app_data",
  "refunded_payment",
  "gift",
  "unique_gift",
  "paid_message_price_changed",
  "checklist_tasks_done",
  "checklist_tasks_added",
  "direct_message_price_changed",
  "passport_data",
]);

/** What a message without text or media carries that the hub cannot represent (a poll, a dice, a story, …); empty for service messages. */
function unsupportedKinds(m: Message): string[] {
  const keys = Object.keys(m).filter((k) => !META_KEYS.has(k));
  if (keys.some((k) => SERVICE_KEYS.has(k))) return [];
  return keys;
}

function senderOf(user: User): InboundMessage["sender"] {
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ").trim() || user.username || null;
  return { kind: "telegram", value: String(user.id), name };
}

/** True when a group message @mentions the bot, uses /command@bot, or replies to one of the bot's messages. */
export function addressesBot(m: Message, ctx: DecodeContext): boolean {
  if (m.reply_to_message?.from?.id === ctx.botId) return true;
  const text = m.text ?? m.caption ?? "";
  const entities: MessageEntity[] = m.entities ?? m.caption_entities ?? [];
  const handle = `@${ctx.botUsername}`.toLowerCase();
  for (const e of entities) {
    const part = text.slice(e.offset, e.offset + e.length).toLowerCase();
    if (e.type === "mention" && part === handle) return true;
    if (e.type === "text_mention" && e.user.id === ctx.botId) return true;
    if (e.type === "bot_command" && part.endsWith(handle)) return true;
  }
  return false;
}

function stripMention(text: string, botUsername: string): string {
  if (!botUsername) return text;
  const escaped = botUsername.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const stripped = text
    .replace(new RegExp(`^(/\\w+)@${escaped}\\b`, "i"), "$1")
    .replace(new RegExp(`(^|\\s)@${escaped}\\b`, "gi"), "$1")
    .replace(/\s{2,}/g, " ")
    .trim();
  return stripped === "" ? text.trim() : stripped;
}

/** Attachment metadata; `ref` is Telegram's file_id (resolve it to a download URL with getFile). */
function attachmentsOf(m: Message): Attachment[] {
  const out: Attachment[] = [];
  const largest = m.photo?.[m.photo.length - 1];
  if (largest) out.push(withSize({ kind: "image", mimeType: "image/jpeg", ref: largest.file_id }, largest.file_size));
  if (m.document)
    out.push(
      withSize({ kind: "file", ref: m.document.file_id, ...opt("name", m.document.file_name), ...opt("mimeType", m.document.mime_type) }, m.document.file_size),
    );
  if (m.video)
    out.push(withSize({ kind: "video", ref: m.video.file_id, ...opt("name", m.video.file_name), ...opt("mimeType", m.video.mime_type) }, m.video.file_size));
  if (m.audio)
    out.push(withSize({ kind: "audio", ref: m.audio.file_id, ...opt("name", m.audio.file_name), ...opt("mimeType", m.audio.mime_type) }, m.audio.file_size));
  if (m.voice) out.push(withSize({ kind: "audio", ref: m.voice.file_id, ...opt("mimeType", m.voice.mime_type) }, m.voice.file_size));
  if (m.sticker) out.push(withSize({ kind: "sticker", ref: m.sticker.file_id }, m.sticker.file_size));
  if (m.video_note) out.push(withSize({ kind: "video", name: "video note", mimeType: "video/mp4", ref: m.video_note.file_id }, m.video_note.file_size));
  // A venue carries its location too; one attachment, named by the venue.
  const where = m.venue?.location ?? m.location;
  if (where) out.push({ kind: "location", ref: `geo:${where.latitude},${where.longitude}`, ...(m.venue ? { name: venueLabel(m.venue) } : {}) });
  return out;
}

function withSize(a: Attachment, size: number | undefined): Attachment {
  return size === undefined ? a : { ...a, size };
}

function opt<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** The label of the inline button whose callback_data was pressed, from the message that carried the keyboard. */
function buttonLabel(message: Message, data: string): string | undefined {
  for (const row of message.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) if ("callback_data" in button && button.callback_data === data) return button.text;
  }
  return undefined;
}
