import type { MirrorEntry } from "../../core/escalation/port.js";
import { channelLabel } from "./card.js";
import { cut, esc, md, slackDate, type SlackBlock } from "./mrkdwn.js";

/**
 * How a message appears in the thread: a context line saying who wrote it
 * and on which channel (so agents never mistake a mirrored customer message
 * for a colleague's), then the text, escaped. Agent replies still inside
 * their undo window say until when.
 */
export function renderMirror(entry: MirrorEntry, customerName: string | null): { text: string; blocks: SlackBlock[] } {
  const m = entry.message;
  const channel = channelLabel(m.channel);
  const author =
    m.authorKind === "customer"
      ? `:bust_in_silhouette: *${esc(customerName ?? "Customer")}* via ${esc(channel)}`
      : m.authorKind === "ai"
        ? `:robot_face: *AI* to the customer via ${esc(channel)}`
        : m.authorKind === "agent"
          ? `:headphones: *${esc(entry.authorName ?? m.authorId ?? "Agent")}*${m.direction === "internal" ? " (internal note)" : ` to the customer via ${esc(channel)}`}`
          : `:gear: *System*${m.direction === "internal" ? "" : ` via ${esc(channel)}`}`;
  const undo = entry.undoUntil ? ` · can be undone until ${slackDate(entry.undoUntil)}` : "";
  const attachments = m.attachments.map((a) => `:paperclip: ${esc(a.name ?? a.kind)}${a.mimeType ? ` (${esc(a.mimeType)})` : ""}`);
  const body = [m.text ? esc(m.text) : "", ...attachments].filter((s) => s.length > 0).join("\n") || "_(no text)_";
  const blocks: SlackBlock[] = [
    { type: "context", elements: [md(`${author} · ${slackDate(m.createdAt)}${undo}`)] },
    { type: "section", text: md(body) },
  ];
  const who = m.authorKind === "customer" ? (customerName ?? "Customer") : m.authorKind === "agent" ? (entry.authorName ?? "Agent") : m.authorKind;
  return { text: cut(esc(`[${channel}] ${who}: ${m.text || "(attachment)"}`), 3000), blocks };
}
