import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from "discord.js";
import type { AgentResult } from "../../core/escalation/port.js";
import { describeResult, queuedMessageId, undoDeadline, type DiscordContext } from "./context.js";
import { componentId } from "./custom-ids.js";

export interface Confirmation {
  content: string;
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

/**
 * What an agent sees after sending something to the customer (reply, canned
 * response): where it goes, when it leaves, and an Undo button (an
 * `undo_reply` for the queued message) while the undo window lasts. Failures
 * show the desk's message.
 */
export function replyConfirmation(ctx: DiscordContext, threadId: string, result: AgentResult, what: string): Confirmation {
  if (!result.ok || result.duplicate) return { content: describeResult(result, ""), components: [] };
  const to = ctx.replyTo.get(threadId);
  const where = to ? ` to ${to.channel} · ${to.recipient}` : " to the customer";
  const messageId = queuedMessageId(result);
  const until = undoDeadline(ctx, result);
  const when = `<t:${Math.ceil(until.getTime() / 1000)}:R>`;
  const head = result.message ? `${result.message}\n` : "";
  if (!messageId) return { content: `${head}📨 ${what} queued${where}; it is sent ${when}.`, components: [] };
  return {
    content: `${head}📨 ${what} queued${where}; it is sent ${when} unless you undo it.`,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.Button, style: ButtonStyle.Danger, label: "Undo", custom_id: componentId("undo", threadId, messageId) }],
      },
    ],
  };
}
