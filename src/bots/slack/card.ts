import type { ThreadView } from "../../core/escalation/port.js";
import { lookupLines } from "../../core/escalation/lookups-view.js";
import { PRIORITIES } from "../../core/model/index.js";
import { ACTION, cardBlockId, type ReplyButtonValue } from "./ids.js";
import { cut, esc, md, plain, slackDate, type SlackBlock } from "./mrkdwn.js";
import { SNOOZE_CHOICES } from "./snooze.js";

const CHANNEL_LABELS: Record<string, string> = {
  web: "web chat",
  telegram: "Telegram",
  email: "e-mail",
  whatsapp: "WhatsApp",
  "whatsapp-cloud": "WhatsApp",
};

/** A customer channel id as agents read it ("whatsapp-cloud" → "WhatsApp"). */
export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel] ?? channel;
}

const RISK_BADGE: Record<string, string> = { low: "🟢 low", medium: "🟡 medium", high: "🟠 high", critical: "🔴 critical" };
const PRIORITY_BADGE: Record<string, string> = { low: "low", normal: "normal", high: "⚠️ high", urgent: "🚨 urgent" };

export interface CardOptions {
  /** Pre-formatted mention strings (`<!subteam^S…>`, `<@U…>`), from the target; rendered only on the card, never escaped. */
  mention: string[];
  cannedNames: string[];
  targetNames: string[];
}

/**
 * The handoff card as Block Kit: everything on the {@link HandoffCard} (an
 * agent never has to ask for what the card holds) plus the conversation's
 * live state, and the action controls. Re-rendered in place by `update`.
 * Returns the blocks and the notification fallback text.
 */
export function renderCard(view: ThreadView, options: CardOptions): { text: string; blocks: SlackBlock[] } {
  const { card, conversation } = view;
  const id = conversation.id;
  const who = view.contact.name ?? "Customer";
  const queue = conversation.queue ?? card.queue;
  const blocks: SlackBlock[] = [];

  blocks.push({ type: "header", text: plain(`${statusIcon(conversation.status)} ${who}: ${card.goal}`, 150) });
  if (options.mention.length > 0) blocks.push({ type: "section", text: md(options.mention.join(" ")) });
  blocks.push({ type: "section", text: md(`*Goal*\n${esc(card.goal)}\n*Why escalated*\n${esc(card.reason)}`) });
  blocks.push({
    type: "section",
    fields: [
      md(`*Risk*\n${RISK_BADGE[card.risk] ?? esc(card.risk)}${card.rule ? ` · rule \`${esc(card.rule)}\`` : " · no rule (AI decision)"}`, 2000),
      md(
        `*Intent*\n${card.intent ? `\`${esc(card.intent)}\`` : "none"}${card.confidence !== null ? ` (${Math.round(card.confidence * 100)}% confidence)` : ""}`,
        2000,
      ),
      md(`*Queue*\n${esc(queue)}`, 2000),
      md(`*Priority*\n${PRIORITY_BADGE[conversation.priority] ?? esc(conversation.priority)}`, 2000),
      md(`*Status*\n${esc(conversation.status)} · owner ${esc(conversation.owner)}`, 2000),
      md(`*Assignee*\n${view.assigneeName ? esc(view.assigneeName) : conversation.assignee ? esc(conversation.assignee) : "unassigned"}`, 2000),
      md(`*First response due*\n${card.slaDueAt ? slackDate(card.slaDueAt) : "no SLA"}`, 2000),
      md(
        `*Customer channel*\n${esc(channelLabel(card.channel))} · language \`${esc(card.language)}\`${card.languageNote ? `\n_${esc(card.languageNote)}_` : ""}`,
        2000,
      ),
    ],
  });
  const attributes = (view.contact.attributes ?? []).map((a) => `• *${esc(a.label)}*: ${esc(a.value)}`);
  if (attributes.length > 0) blocks.push({ type: "section", text: md(`*Customer attributes*\n${attributes.join("\n")}`) });
  blocks.push({
    type: "section",
    text: md(
      `*Steps tried*\n${list(
        card.stepsTried.map((s, i) => `${i + 1}. ${esc(s)}`),
        "none recorded",
      )}`,
    ),
  });
  const fields = Object.entries(card.fields).map(([k, v]) => `• *${esc(k)}*: ${esc(v)}`);
  blocks.push({
    type: "section",
    text: md(
      `*Collected fields*\n${list(fields, "none")}\n*Missing fields*\n${card.missingFields.length > 0 ? card.missingFields.map((f) => `\`${esc(f)}\``).join(", ") : "none"}`,
    ),
  });
  const articles = card.articles.map((a) => `• ${esc(a.title)} (\`${esc(a.articleId)}\` v${a.version})`);
  blocks.push({ type: "section", text: md(`*KB articles used*\n${list(articles, "none")}`) });
  const lookups = lookupLines(card).map((l) => `• ${esc(l)}`);
  if (lookups.length) blocks.push({ type: "section", text: md(`*Looked up*\n${lookups.join("\n")}`) });
  blocks.push({ type: "section", text: md(`*Next recommended action*\n${esc(card.nextAction)}`) });
  blocks.push({
    type: "context",
    elements: [
      md(
        `Replies go to *${esc(channelLabel(view.replyTo.channel))}* · ${esc(view.replyTo.recipient)} · <${card.conversationUrl}|conversation ${esc(id)}> · escalated ${slackDate(card.createdAt)}`,
      ),
    ],
  });
  blocks.push(...actionBlocks(view, options));

  const text = cut(
    `${options.mention.length > 0 ? `${options.mention.join(" ")} ` : ""}Escalation (${esc(queue)}, ${conversation.priority}): ${esc(card.goal)}`,
    3000,
  );
  return { text, blocks };
}

function list(items: string[], empty: string): string {
  return items.length > 0 ? items.join("\n") : empty;
}

function statusIcon(status: string): string {
  return status === "resolved" || status === "closed" ? "✅" : status === "snoozed" ? "💤" : "🆘";
}

function button(actionId: string, label: string, value: string, style?: "primary" | "danger"): SlackBlock {
  return { type: "button", action_id: actionId, text: plain(label), value: cut(value, 2000), ...(style ? { style } : {}) };
}

function option(value: string, label: string): SlackBlock {
  return { text: plain(label), value };
}

function staticSelect(actionId: string, placeholder: string, options: SlackBlock[], initial?: SlackBlock): SlackBlock {
  return {
    type: "static_select",
    action_id: actionId,
    placeholder: plain(placeholder),
    options: options.slice(0, 100),
    ...(initial ? { initial_option: initial } : {}),
  };
}

function actionBlocks(view: ThreadView, options: CardOptions): SlackBlock[] {
  const c = view.conversation;
  const closed = c.status === "resolved" || c.status === "closed";
  const replyValue: ReplyButtonValue = { ch: channelLabel(view.replyTo.channel), r: view.replyTo.recipient };
  const first: SlackBlock[] = [
    button(ACTION.reply, "Reply to customer", JSON.stringify(replyValue), "primary"),
    button(ACTION.claim, "Claim", "claim"),
    { type: "users_select", action_id: ACTION.assign, placeholder: plain("Assign…") },
    closed ? button(ACTION.reopen, "Reopen", "reopen") : button(ACTION.resolve, "Resolve", "resolve"),
    staticSelect(
      ACTION.snooze,
      "Snooze…",
      SNOOZE_CHOICES.map((s) => option(s.value, s.label)),
    ),
  ];
  const priorities = PRIORITIES.map((p) => option(p, `Priority: ${p}`));
  const second: SlackBlock[] = [
    staticSelect(ACTION.priority, "Priority…", priorities, priorities[PRIORITIES.indexOf(c.priority)]),
    button(ACTION.tag, "Add tag", "tag"),
  ];
  const canned = options.cannedNames.length > 0 ? options.cannedNames : view.canned.map((x) => x.name);
  if (canned.length > 0)
    second.push(
      staticSelect(
        ACTION.canned,
        "Canned response…",
        canned.map((n) => option(n, n)),
      ),
    );
  second.push({
    ...button(ACTION.handback, "Hand back to AI", "handback"),
    confirm: {
      title: plain("Hand back to the AI?"),
      text: md("The AI answers this customer again from now on."),
      confirm: plain("Hand back"),
      deny: plain("Cancel"),
    },
  });
  if (options.targetNames.length > 0)
    second.push(
      staticSelect(
        ACTION.loopIn,
        "Loop in team…",
        options.targetNames.map((n) => option(n, n)),
      ),
    );
  second.push(button(ACTION.call, "Start call", "call"));
  return [
    { type: "actions", block_id: cardBlockId(c.id, 1), elements: first },
    { type: "actions", block_id: cardBlockId(c.id, 2), elements: second },
  ];
}
