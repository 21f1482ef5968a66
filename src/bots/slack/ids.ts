import { z } from "zod";

/**
 * Identifiers of everything interactive the bot renders. The conversation id
 * travels in the `block_id` of the card's action blocks (`tl.card:<id>`), so
 * selects and buttons alike know which conversation they act on without a
 * lookup; values carry only the choice.
 */
export const ACTION = {
  reply: "tl.reply",
  claim: "tl.claim",
  assign: "tl.assign",
  resolve: "tl.resolve",
  reopen: "tl.reopen",
  snooze: "tl.snooze",
  priority: "tl.priority",
  tag: "tl.tag",
  canned: "tl.canned",
  handback: "tl.handback",
  loopIn: "tl.loop_in",
  call: "tl.call",
  undo: "tl.undo",
} as const;

export const VIEW = {
  reply: "tl.reply_modal",
  resolve: "tl.resolve_modal",
  tag: "tl.tag_modal",
} as const;

/** callback_id of the "Reply to customer" message shortcut. */
export const SHORTCUT_REPLY = "tl.reply_shortcut";

const CARD_BLOCK = "tl.card:";
const UNDO_BLOCK = "tl.undo:";

export function cardBlockId(conversationId: string, n: number): string {
  return `${CARD_BLOCK}${conversationId}:${n}`;
}
export function undoBlockId(conversationId: string): string {
  return `${UNDO_BLOCK}${conversationId}`;
}

/** The conversation id from an action's block_id, or null when the block is not ours. */
export function conversationFromBlockId(blockId: string | undefined): string | null {
  if (!blockId) return null;
  if (blockId.startsWith(UNDO_BLOCK)) return blockId.slice(UNDO_BLOCK.length) || null;
  if (!blockId.startsWith(CARD_BLOCK)) return null;
  const rest = blockId.slice(CARD_BLOCK.length);
  const cut = rest.lastIndexOf(":");
  return (cut > 0 ? rest.slice(0, cut) : rest) || null;
}

/** Value of the Reply button: where a reply goes now (shown in the modal). */
export const replyButtonValueSchema = z.object({ ch: z.string(), r: z.string() });
export type ReplyButtonValue = z.infer<typeof replyButtonValueSchema>;

/**
 * private_metadata of our modals: the conversation, and the thread to post
 * the agent's confirmation or the desk's error into.
 */
export const modalMetaSchema = z.object({
  c: z.string().min(1),
  ch: z.string().optional(),
  ts: z.string().optional(),
  to: z.string().optional(),
});
export type ModalMeta = z.infer<typeof modalMetaSchema>;

export function parseJson<T>(schema: z.ZodType<T>, text: string | undefined): T | null {
  if (!text) return null;
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
