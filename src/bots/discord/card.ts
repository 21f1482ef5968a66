import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APISelectMenuOption,
} from "discord.js";
import { lookupLines } from "../../core/escalation/lookups-view.js";
import type { ThreadView } from "../../core/escalation/port.js";
import type { RiskLevel } from "../../core/model/handoff.js";
import { PRIORITIES } from "../../core/model/conversation.js";
import { componentId } from "./custom-ids.js";
import { SNOOZE_CHOICES } from "./snooze.js";
import { truncate } from "./text.js";

/** Embed colour per risk: green, yellow, orange, red. */
export const RISK_COLORS: Record<RiskLevel, number> = {
  low: 0x2ecc71,
  medium: 0xf1c40f,
  high: 0xe67e22,
  critical: 0xe74c3c,
};

const RISK_ICON: Record<RiskLevel, string> = { low: "🟢", medium: "🟡", high: "🟠", critical: "🔴" };

/** Name of the card field holding where a reply goes; the reply modal reads it back after a restart. */
export const REPLY_TO_FIELD = "Reply goes to";

export interface CardMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

/**
 * Renders the handoff card (DESIGN.md "Handoff card") as one embed plus up to
 * five component rows: action buttons, priority, snooze, loop-in, canned.
 * Everything an agent needs is on the card, so no one asks the customer again.
 * Pure: the same view renders the same message, so `update` can re-render it
 * in place.
 */
export function renderCard(view: ThreadView, threadId: string, loopInTargets: readonly string[]): CardMessage {
  return { embeds: [cardEmbed(view)], components: cardComponents(view, threadId, loopInTargets) };
}

export function cardEmbed(view: ThreadView): APIEmbed {
  const { card, conversation: c } = view;
  const fields: APIEmbedField[] = [
    { name: "Status", value: `${c.status} · owner: ${c.owner} · ${view.assigneeName ? `assignee: ${view.assigneeName}` : "unassigned"}`, inline: true },
    { name: "Queue · priority", value: `${card.queue || c.queue || "—"} · ${c.priority}`, inline: true },
    { name: "Risk", value: `${RISK_ICON[card.risk]} ${card.risk}${card.rule ? ` · rule \`${card.rule}\`` : ""}`, inline: true },
    { name: "Intent", value: card.intent ? `${card.intent}${card.confidence === null ? "" : ` (${Math.round(card.confidence * 100)}%)`}` : "—", inline: true },
    {
      name: "SLA: first response due",
      value: card.slaDueAt ? `<t:${Math.floor(card.slaDueAt.getTime() / 1000)}:f> (<t:${Math.floor(card.slaDueAt.getTime() / 1000)}:R>)` : "—",
      inline: true,
    },
    {
      name: "Customer",
      value: `${view.contact.name ?? "unknown"} · ${card.channel} · language ${card.language}${card.languageNote ? `\n⚠️ ${card.languageNote}` : ""}`,
      inline: true,
    },
    { name: REPLY_TO_FIELD, value: `${view.replyTo.channel} · ${view.replyTo.recipient}`, inline: false },
    ...((view.contact.attributes?.length ?? 0) > 0
      ? [{ name: "Customer attributes", value: list(view.contact.attributes!.map((a) => `**${a.label}:** ${a.value}`)), inline: false }]
      : []),
    { name: "Steps tried", value: list(card.stepsTried.map((s, i) => `${i + 1}. ${s}`)), inline: false },
    { name: "Collected", value: list(Object.entries(card.fields).map(([k, v]) => `**${k}:** ${v}`)), inline: false },
    { name: "Missing", value: card.missingFields.length ? card.missingFields.join(", ") : "nothing", inline: false },
    { name: "Knowledge base used", value: list(card.articles.map((a) => `${a.title} (\`${a.articleId}\` v${a.version})`)), inline: false },
  ];
  const lookups = lookupLines(card);
  if (lookups.length) fields.push({ name: "Looked up", value: list(lookups), inline: false });
  if (c.tags.length) fields.push({ name: "Tags", value: c.tags.join(", "), inline: false });
  return {
    title: truncate(`${RISK_ICON[card.risk]} ${card.goal}`, 256),
    ...(isHttpUrl(card.conversationUrl) && { url: card.conversationUrl }),
    description: truncate(`**Why escalated:** ${card.reason}\n**Next recommended action:** ${card.nextAction}`, 4096),
    color: RISK_COLORS[card.risk],
    fields: fields.map((f) => ({ ...f, name: truncate(f.name, 256), value: truncate(f.value || "—", 1024) })),
    footer: { text: truncate(`Threadline · ${c.id}`, 2048) },
    timestamp: card.createdAt.toISOString(),
  };
}

function cardComponents(view: ThreadView, threadId: string, loopInTargets: readonly string[]): CardMessage["components"] {
  const closed = view.conversation.status === "resolved" || view.conversation.status === "closed";
  const rows: CardMessage["components"] = [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Primary, label: "Reply to customer", emoji: { name: "✉️" }, custom_id: componentId("reply", threadId) },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: "Claim", emoji: { name: "👀" }, custom_id: componentId("claim", threadId) },
        closed
          ? { type: ComponentType.Button, style: ButtonStyle.Secondary, label: "Reopen", emoji: { name: "↩️" }, custom_id: componentId("reopen", threadId) }
          : { type: ComponentType.Button, style: ButtonStyle.Success, label: "Resolve", emoji: { name: "✅" }, custom_id: componentId("resolve", threadId) },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: "Hand back to AI",
          emoji: { name: "🤖" },
          custom_id: componentId("handback", threadId),
        },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: "Start call", emoji: { name: "📞" }, custom_id: componentId("call", threadId) },
      ],
    },
    select(
      componentId("priority", threadId),
      "Set priority",
      PRIORITIES.map((p) => ({ label: `Priority: ${p}`, value: p, default: p === view.conversation.priority })),
    ),
    select(
      componentId("snooze", threadId),
      "Snooze…",
      SNOOZE_CHOICES.map((s) => ({ label: s.label, value: s.value })),
    ),
  ];
  const targets = loopInTargets.slice(0, 25);
  if (targets.length)
    rows.push(
      select(
        componentId("loopin", threadId),
        "Loop in a team…",
        targets.map((t) => ({ label: truncate(t, 100), value: truncate(t, 100) })),
      ),
    );
  const canned = view.canned.slice(0, 25);
  if (canned.length) {
    rows.push(
      select(
        componentId("canned", threadId),
        "Send a canned reply to the customer…",
        canned.map((c) => ({
          label: truncate(c.name, 100),
          value: truncate(c.name, 100),
          description: truncate(c.text.replace(/\s+/g, " "), 100),
        })),
      ),
    );
  }
  return rows;
}

function select(customId: string, placeholder: string, options: APISelectMenuOption[]): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.StringSelect, custom_id: customId, placeholder, min_values: 1, max_values: 1, options }],
  };
}

function list(lines: string[]): string {
  return lines.length ? lines.join("\n") : "—";
}

function isHttpUrl(s: string): boolean {
  return /^https?:\/\/\S+$/.test(s);
}

/** The thread's name: risk, goal and customer, within Discord's 100 characters. */
export function threadName(view: ThreadView): string {
  const who = view.contact.name ? ` — ${view.contact.name}` : "";
  return truncate(`${RISK_ICON[view.card.risk]} ${view.card.goal}${who}`.replace(/\s+/g, " "), 100);
}
