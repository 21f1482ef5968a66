import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from "discord.js";
import type { MirrorEntry } from "../../core/escalation/port.js";
import { componentId } from "./custom-ids.js";
import { splitText } from "./text.js";

/** One message body to post in the thread. Mentions are never parsed: customer text cannot ping @everyone or a role. */
export interface MirrorPost {
  content: string;
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

const MAX_CONTENT = 2000;

/**
 * Renders a mirrored message for the thread: who wrote it (customer, AI,
 * agent, system) and on which channel, the text, attachment names, and for
 * an agent reply still inside its undo window an Undo button. Long texts are
 * split into several posts (Discord allows 2000 characters per message); the
 * Undo button goes on the last one.
 */
export function renderMirror(entry: MirrorEntry, threadId: string, now: Date): MirrorPost[] {
  const m = entry.message;
  const head = headline(entry);
  const attachments = m.attachments.map((a) => `📎 ${a.name ?? a.kind}${a.mimeType ? ` (${a.mimeType})` : ""}`).join("\n");
  const body = [quote(m.text), attachments].filter((s) => s.length > 0).join("\n");
  const posts: MirrorPost[] = splitText(`${head}\n${body}`.trimEnd(), MAX_CONTENT).map((content) => ({ content }));
  if (entry.undoUntil && entry.undoUntil.getTime() > now.getTime() && m.direction === "outbound") {
    const last = posts[posts.length - 1]!;
    last.content = truncateLast(`${last.content}\n-# sends <t:${Math.ceil(entry.undoUntil.getTime() / 1000)}:R> unless undone`);
    last.components = [
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.Button, style: ButtonStyle.Danger, label: "Undo", custom_id: componentId("undo", threadId, m.id) }],
      },
    ];
  }
  return posts;
}

function headline(entry: MirrorEntry): string {
  const m = entry.message;
  switch (m.authorKind) {
    case "customer":
      return `💬 **Customer** · ${m.channel}`;
    case "ai":
      return `🤖 **AI** → customer · ${m.channel}`;
    case "agent":
      return m.direction === "internal"
        ? `📝 **${entry.authorName ?? m.authorId ?? "Agent"}** · internal note`
        : `📨 **${entry.authorName ?? m.authorId ?? "Agent"}** → customer · ${m.channel}`;
    default:
      return `ℹ️ **System** · ${m.channel}`;
  }
}

/** Block-quotes the text so it reads as the quoted party's words. */
function quote(text: string): string {
  if (!text) return "";
  return text
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
}

function truncateLast(s: string): string {
  return s.length <= MAX_CONTENT ? s : `${s.slice(0, MAX_CONTENT - 1)}…`;
}
