import {
  ComponentType,
  MessageFlags,
  TextInputStyle,
  type APIModalInteractionResponseCallbackData,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from "discord.js";
import type { AgentAction, AgentActor } from "../../core/escalation/port.js";
import { PRIORITIES, type Priority } from "../../core/model/conversation.js";
import { actorOf, mayAct, memberRoleIds } from "./access.js";
import { REPLY_TO_FIELD } from "./card.js";
import { autocompleteChoices } from "./commands.js";
import { replyConfirmation, type Confirmation } from "./confirm.js";
import { describeResult, handleAction, type DiscordContext } from "./context.js";
import { componentId, parseComponentId } from "./custom-ids.js";
import { snoozeUntil } from "./snooze.js";
import { truncate } from "./text.js";

type Repliable = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;
interface Gate {
  conversationId: string;
  actor: AgentActor;
  threadId: string;
}

const NOT_A_THREAD = "Threadline commands work inside an escalation thread (the thread under a handoff card).";
const NOT_AN_AGENT = "Only members with an agent role can act on escalations.";

/**
 * Every interaction (slash command, button, select, modal, autocomplete)
 * becomes at most one AgentEvent, keyed by the interaction id (Discord
 * delivers an interaction once per id; a replayed one is dropped here and by
 * the desk). The acting member must hold an agent role when `agent_roles` is
 * set; the desk's answer is shown to them ephemerally.
 */
export async function onInteraction(ctx: DiscordContext, i: Interaction): Promise<void> {
  if (!ctx.firstSeen(`interaction:${i.id}`)) return;
  try {
    if (i.isAutocomplete()) await autocomplete(ctx, i);
    else if (i.isChatInputCommand()) await command(ctx, i);
    else if (i.isButton() || i.isStringSelectMenu()) await component(ctx, i);
    else if (i.isModalSubmit()) await modal(ctx, i);
  } catch (e) {
    ctx.deps.logger.warn({ err: e, interaction: i.id }, "discord: handling an interaction failed");
    if (i.isRepliable() && !i.replied && !i.deferred) {
      await i.reply({ content: "⚠️ Something went wrong; nothing was changed. Try again.", flags: MessageFlags.Ephemeral }).catch(() => undefined);
    }
  }
}

async function gate(ctx: DiscordContext, i: Repliable, threadId: string | null): Promise<Gate | null> {
  if (!mayAct(memberRoleIds(i.member), ctx.config.agent_roles)) {
    await ephemeral(i, NOT_AN_AGENT);
    return null;
  }
  const conversationId = threadId && ctx.desk ? await ctx.desk.conversationForThread("discord", threadId) : null;
  if (!conversationId || !threadId) {
    await ephemeral(i, NOT_A_THREAD);
    return null;
  }
  return { conversationId, actor: actorOf(i.user, i.member), threadId };
}

async function command(ctx: DiscordContext, i: ChatInputCommandInteraction): Promise<void> {
  const g = await gate(ctx, i, i.channelId);
  if (!g) return;
  const o = i.options;
  switch (i.commandName) {
    case "reply":
      return sendToCustomer(ctx, i, g, { kind: "reply", text: o.getString("text", true) }, "Reply");
    case "canned":
      return sendToCustomer(ctx, i, g, { kind: "canned", name: o.getString("name", true) }, "Canned reply");
    case "note":
      return act(ctx, i, g, { kind: "note", text: o.getString("text", true) }, "📝 Internal note added (not sent to the customer).");
    case "claim":
      return act(ctx, i, g, { kind: "claim" }, "👀 You claimed this conversation.");
    case "assign":
      return act(ctx, i, g, { kind: "assign", agent: o.getString("agent", true) }, "Assigned.");
    case "resolve": {
      const note = o.getString("note");
      return act(ctx, i, g, note ? { kind: "resolve", note } : { kind: "resolve" }, "✅ Resolved.");
    }
    case "reopen":
      return act(ctx, i, g, { kind: "reopen" }, "↩️ Reopened.");
    case "snooze":
      return snooze(ctx, i, g, o.getString("until", true));
    case "priority":
      return priority(ctx, i, g, o.getString("level", true));
    case "tag":
      return act(ctx, i, g, { kind: "tag", tag: o.getString("name", true).trim() }, "🏷️ Tagged.");
    case "handback":
      return act(ctx, i, g, { kind: "handback" }, "🤖 Handed back to the AI.");
    case "loopin": {
      const text = o.getString("text");
      return act(ctx, i, g, { kind: "loop_in", target: o.getString("team", true), ...(text ? { text } : {}) }, "Team looped in.");
    }
    case "call":
      return act(ctx, i, g, { kind: "call" }, "📞 Call started; the customer received the link.");
    default:
      return ephemeral(i, `Unknown command /${i.commandName}.`);
  }
}

async function component(ctx: DiscordContext, i: ButtonInteraction | StringSelectMenuInteraction): Promise<void> {
  const id = parseComponentId(i.customId);
  if (!id) return; // another app's component
  const g = await gate(ctx, i, id.threadId);
  if (!g) return;
  const value = i.isStringSelectMenu() ? (i.values[0] ?? "") : "";
  switch (id.action) {
    case "reply":
      return void (await i.showModal(replyModal(ctx, i, id.threadId)));
    case "resolve":
      return void (await i.showModal(resolveModal(id.threadId)));
    case "claim":
      return act(ctx, i, g, { kind: "claim" }, "👀 You claimed this conversation.");
    case "reopen":
      return act(ctx, i, g, { kind: "reopen" }, "↩️ Reopened.");
    case "handback":
      return act(ctx, i, g, { kind: "handback" }, "🤖 Handed back to the AI.");
    case "call":
      return act(ctx, i, g, { kind: "call" }, "📞 Call started; the customer received the link.");
    case "priority":
      return priority(ctx, i, g, value);
    case "snooze":
      return snooze(ctx, i, g, value);
    case "loopin":
      return act(ctx, i, g, { kind: "loop_in", target: value }, "Team looped in.");
    case "canned":
      return sendToCustomer(ctx, i, g, { kind: "canned", name: value }, "Canned reply");
    case "undo":
      return undo(ctx, i, g, id.arg ?? "");
    default:
      return ephemeral(i, "That control is not available here.");
  }
}

async function modal(ctx: DiscordContext, i: ModalSubmitInteraction): Promise<void> {
  const id = parseComponentId(i.customId);
  if (!id) return;
  const g = await gate(ctx, i, id.threadId);
  if (!g) return;
  if (id.action === "reply-modal") {
    const text = i.fields.getTextInputValue("text").trim();
    if (!text) return ephemeral(i, "Nothing to send.");
    return sendToCustomer(ctx, i, g, { kind: "reply", text }, "Reply");
  }
  if (id.action === "resolve-modal") {
    const note = fieldOrEmpty(i, "note");
    return act(ctx, i, g, note ? { kind: "resolve", note } : { kind: "resolve" }, "✅ Resolved.");
  }
  return ephemeral(i, "That form is not available here.");
}

async function autocomplete(ctx: DiscordContext, i: AutocompleteInteraction): Promise<void> {
  const focused = i.options.getFocused(true);
  const values = focused.name === "team" ? ctx.deps.behaviour.targetNames : focused.name === "name" ? ctx.deps.behaviour.cannedNames : [];
  await i.respond(autocompleteChoices(values, String(focused.value)));
}

async function act(ctx: DiscordContext, i: Repliable, g: Gate, action: AgentAction, done: string): Promise<void> {
  await respond(i, async () => {
    const result = await handleAction(ctx, g.conversationId, g.actor, i.id, action);
    return { content: describeResult(result, done), components: [] };
  });
}

async function sendToCustomer(ctx: DiscordContext, i: Repliable, g: Gate, action: AgentAction, what: string): Promise<void> {
  await respond(i, async () => replyConfirmation(ctx, g.threadId, await handleAction(ctx, g.conversationId, g.actor, i.id, action), what));
}

async function priority(ctx: DiscordContext, i: Repliable, g: Gate, value: string): Promise<void> {
  if (!(PRIORITIES as readonly string[]).includes(value)) return ephemeral(i, `Unknown priority "${truncate(value, 20)}".`);
  return act(ctx, i, g, { kind: "priority", priority: value as Priority }, `Priority set to ${value}.`);
}

async function snooze(ctx: DiscordContext, i: Repliable, g: Gate, value: string): Promise<void> {
  const until = snoozeUntil(value, ctx.deps.clock.now());
  if (!until) return ephemeral(i, `Unknown snooze choice "${truncate(value, 20)}".`);
  return act(ctx, i, g, { kind: "snooze", until }, `💤 Snoozed until <t:${Math.floor(until.getTime() / 1000)}:f>.`);
}

async function undo(ctx: DiscordContext, i: ButtonInteraction | StringSelectMenuInteraction, g: Gate, messageId: string): Promise<void> {
  const result = await handleAction(ctx, g.conversationId, g.actor, i.id, { kind: "undo_reply", messageId });
  if (!result.ok) return ephemeral(i, describeResult(result, ""));
  await i.update({ content: `↩️ Reply undone by ${g.actor.name ?? "an agent"}; it was not sent to the customer.`, components: [] });
}

/**
 * Answers within Discord's 3 seconds: the desk usually answers in
 * milliseconds; if it takes longer than 2 s the interaction is deferred
 * (ephemeral "thinking…") and the answer edited in afterwards.
 */
async function respond(i: Repliable, work: () => Promise<Confirmation>): Promise<void> {
  const state: { deferred: Promise<unknown> | null } = { deferred: null };
  const timer = setTimeout(() => {
    state.deferred = i.deferReply({ flags: MessageFlags.Ephemeral }).catch(() => undefined);
  }, 2000);
  let out: Confirmation;
  try {
    out = await work();
  } finally {
    clearTimeout(timer);
  }
  if (state.deferred) {
    await state.deferred;
    await i.editReply({ content: out.content, components: out.components });
  } else {
    await i.reply({ content: out.content, components: out.components, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }
}

async function ephemeral(i: Repliable, content: string): Promise<void> {
  await i.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

function replyModal(ctx: DiscordContext, i: ButtonInteraction | StringSelectMenuInteraction, threadId: string): APIModalInteractionResponseCallbackData {
  const to = ctx.replyTo.get(threadId) ?? replyToFromCard(i);
  const where = to ? `**${to.channel}** · **${to.recipient}**` : "the customer's last channel";
  const undoSeconds = Math.round(ctx.deps.behaviour.undoWindowMs / 1000);
  return {
    custom_id: componentId("reply-modal", threadId),
    title: truncate(to ? `Reply via ${to.channel}` : "Reply to the customer", 45),
    components: [
      {
        type: ComponentType.TextDisplay as const,
        content: `Sends to ${where} after a ${undoSeconds}-second undo window. For an internal note use /note instead.`,
      },
      {
        type: ComponentType.Label as const,
        label: "Message to the customer",
        component: { type: ComponentType.TextInput as const, custom_id: "text", style: TextInputStyle.Paragraph, required: true, max_length: 4000 },
      },
    ],
  };
}

function resolveModal(threadId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: componentId("resolve-modal", threadId),
    title: "Resolve the conversation",
    components: [
      {
        type: ComponentType.Label as const,
        label: "Resolution note (internal, optional)",
        component: { type: ComponentType.TextInput as const, custom_id: "note", style: TextInputStyle.Paragraph, required: false, max_length: 2000 },
      },
    ],
  };
}

/** After a restart the bot has not seen the view yet: read "Reply goes to" from the card the button sits on. */
function replyToFromCard(i: ButtonInteraction | StringSelectMenuInteraction): { channel: string; recipient: string } | null {
  const field = i.message.embeds[0]?.fields.find((f) => f.name === REPLY_TO_FIELD);
  const [channel, ...rest] = (field?.value ?? "").split(" · ");
  return channel && rest.length ? { channel, recipient: rest.join(" · ") } : null;
}

function fieldOrEmpty(i: ModalSubmitInteraction, id: string): string {
  try {
    return i.fields.getTextInputValue(id).trim();
  } catch {
    return "";
  }
}
