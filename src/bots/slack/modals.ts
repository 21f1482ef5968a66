import { VIEW, type ModalMeta } from "./ids.js";
import { esc, md, plain, type SlackBlock } from "./mrkdwn.js";

/** Block/action ids of the modal inputs (read back from view.state.values). */
export const INPUT = {
  replyText: { block: "tl.reply_text", action: "text" },
  resolveNote: { block: "tl.resolve_note", action: "note" },
  tag: { block: "tl.tag_value", action: "tag" },
} as const;

function modal(callbackId: string, title: string, submit: string, meta: ModalMeta, blocks: SlackBlock[]): SlackBlock {
  return {
    type: "modal",
    callback_id: callbackId,
    title: plain(title, 24),
    submit: plain(submit, 24),
    close: plain("Cancel", 24),
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}

/**
 * The explicit reply: the modal says, before anything is typed, which channel
 * and which recipient the text goes to, so an agent never confuses it with an
 * internal note.
 */
export function replyModal(meta: ModalMeta, to: { channel: string; recipient: string } | null, initialText?: string): SlackBlock {
  const where = to ? `*${esc(to.channel)}* · ${esc(to.recipient)}` : "the customer's last channel";
  return modal(VIEW.reply, "Reply to customer", "Send", meta, [
    { type: "section", text: md(`:outbox_tray: This message goes *to the customer* on ${where}. You can undo it for a few seconds after sending.`) },
    {
      type: "input",
      block_id: INPUT.replyText.block,
      label: plain("Message to the customer"),
      element: {
        type: "plain_text_input",
        action_id: INPUT.replyText.action,
        multiline: true,
        max_length: 3000,
        ...(initialText ? { initial_value: initialText.slice(0, 3000) } : {}),
      },
    },
  ]);
}

export function resolveModal(meta: ModalMeta): SlackBlock {
  return modal(VIEW.resolve, "Resolve", "Resolve", meta, [
    {
      type: "input",
      optional: true,
      block_id: INPUT.resolveNote.block,
      label: plain("Resolution note (internal, optional)"),
      element: { type: "plain_text_input", action_id: INPUT.resolveNote.action, multiline: true, max_length: 2000 },
    },
  ]);
}

export function tagModal(meta: ModalMeta): SlackBlock {
  return modal(VIEW.tag, "Add tag", "Add", meta, [
    {
      type: "input",
      block_id: INPUT.tag.block,
      label: plain("Tag"),
      element: { type: "plain_text_input", action_id: INPUT.tag.action, max_length: 64, placeholder: plain("e.g. refund") },
    },
  ]);
}
