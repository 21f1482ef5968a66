import type { Message, MessageEntity, Update, User } from "grammy/types";
import type { InboundMessage } from "../../core/channel/adapter.js";
import type { Attachment } from "../../core/model/index.js";
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
export type DecodedUpdate =
  | { kind: "message"; message: InboundMessage; callbackQueryId?: string }
  | { kind: "skip"; reason: string };

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
    const label = source && source.date !== 0 ? buttonLabel(source as Message, q.data) : undefined;
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
  const attachments = attachmentsOf(m);
  const raw = m.text ?? m.caption ?? "";
  const text = isGroup ? stripMention(raw, ctx.botUsername) : raw;
  if (text === "" && attachments.length === 0) return { kind: "skip", reason: "service message (no text or media)" };
  const base = `${m.chat.id}:${m.message_id}`;
  return {
    kind: "message",
    message: {
      channel: "telegram",
      externalId: editDate === null ? base : `${base}@${editDate}`,
      ...(editDate === null ? {} : { editOf: base }),
      sender: senderOf(m.from),
      address: { chatId: String(m.chat.id) },
      text,
      attachments,
      receivedAt: new Date((editDate ?? m.date) * 1000),
    },
  };
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
  if (m.document) out.push(withSize({ kind: "file", ref: m.document.file_id, ...opt("name", m.document.file_name), ...opt("mimeType", m.document.mime_type) }, m.document.file_size));
  if (m.video) out.push(withSize({ kind: "video", ref: m.video.file_id, ...opt("name", m.video.file_name), ...opt("mimeType", m.video.mime_type) }, m.video.file_size));
  if (m.audio) out.push(withSize({ kind: "audio", ref: m.audio.file_id, ...opt("name", m.audio.file_name), ...opt("mimeType", m.audio.mime_type) }, m.audio.file_size));
  if (m.voice) out.push(withSize({ kind: "audio", ref: m.voice.file_id, ...opt("mimeType", m.voice.mime_type) }, m.voice.file_size));
  if (m.sticker) out.push(withSize({ kind: "sticker", ref: m.sticker.file_id }, m.sticker.file_size));
  if (m.location) out.push({ kind: "location", ref: `geo:${m.location.latitude},${m.location.longitude}` });
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
