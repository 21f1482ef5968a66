import { z } from "zod";

/**
 * The fields of a Bot API update the decoder reads, checked before decoding.
 * A webhook body is only as trustworthy as its secret and a self-hosted Bot
 * API server may send anything: a chat id that is null, a string or not a
 * safe integer would be stored as an address that can never be answered, so
 * such an update is refused (skipped with the reason) instead. Unknown fields
 * pass through; unknown update kinds are left to the decoder to skip.
 */
const int = z.number().int().refine(Number.isSafeInteger, "not a safe integer");
const text = z.string().max(65_536);
const user = z.looseObject({
  id: int,
  is_bot: z.boolean(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});
const file = z.looseObject({ file_id: z.string().min(1), file_size: int.optional(), file_name: z.string().optional(), mime_type: z.string().optional() });
const entity = z.looseObject({ type: z.string(), offset: int, length: int, user: z.looseObject({ id: int }).optional() });
const chat = z.looseObject({ id: int, type: z.string() });
const button = z.looseObject({ text: z.string(), callback_data: z.string().optional() });

const message = z.looseObject({
  message_id: int,
  date: int,
  edit_date: int.optional(),
  chat,
  from: user.optional(),
  text: text.optional(),
  caption: text.optional(),
  entities: z.array(entity).optional(),
  caption_entities: z.array(entity).optional(),
  reply_to_message: z.looseObject({ from: z.looseObject({ id: int }).optional() }).optional(),
  photo: z.array(file).optional(),
  document: file.optional(),
  video: file.optional(),
  audio: file.optional(),
  voice: file.optional(),
  sticker: file.optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  /** Forum supergroups: the topic the message was sent in (`is_topic_message` true). */
  message_thread_id: int.optional(),
  is_topic_message: z.boolean().optional(),
  contact: z
    .looseObject({ phone_number: z.string().max(64), first_name: z.string().max(256), last_name: z.string().max(256).optional(), user_id: int.optional() })
    .optional(),
  video_note: z.looseObject({ file_id: z.string().min(1), duration: int.optional(), file_size: int.optional() }).optional(),
  venue: z
    .looseObject({
      location: z.looseObject({ latitude: z.number(), longitude: z.number() }),
      title: z.string().max(1024),
      address: z.string().max(1024),
    })
    .optional(),
  reply_markup: z.looseObject({ inline_keyboard: z.array(z.array(button)).optional() }).optional(),
});

const callbackQuery = z.looseObject({
  id: z.string().min(1),
  from: user,
  data: z.string().optional(),
  // An inaccessible message has date 0 and a chat; an accessible one is a full message.
  message: z.union([message, z.looseObject({ chat, date: z.literal(0), message_id: int })]).optional(),
});

export const telegramUpdateSchema = z.looseObject({
  update_id: int,
  message: message.optional(),
  edited_message: message.extend({ edit_date: int }).optional(),
  callback_query: callbackQuery.optional(),
});

/** Null when the update carries every field the decoder reads with the right type, else a short reason (no values). */
export function updateProblem(update: unknown): string | null {
  const parsed = telegramUpdateSchema.safeParse(update);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join(".") || "update"}: ${issue.message}`;
}
