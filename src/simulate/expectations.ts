import { z } from "zod";
import { CHANNEL_IDS, CONVERSATION_STATUSES, OWNERS, type Conversation, type DomainEvent } from "../core/model/index.js";
import type { VirtualDelivery } from "./virtual-channel.js";
import type { VirtualPost } from "./virtual-workspace.js";

/** What an expectation can look at after a step ran. */
export interface StepOutcome {
  /** Deliveries to the customer during this step, in order. */
  replies: VirtualDelivery[];
  /** Conversation of this step's customer message (or the last one). */
  conversation: Conversation | null;
  /** Whether this step's message opened a new conversation (null for steps without a message). */
  newConversation: boolean | null;
  /** Conversation id of the previous customer step, if any. */
  previousConversationId: string | null;
  /** Notes of the AI decisions made during this step (the `decision.made` events), in order. */
  decisions: Record<string, unknown>[];
  /** What the virtual workspace showed agents during this step. */
  posts: VirtualPost[];
  /** Names of the actions called during this step, in order. */
  actionsCalled: string[];
  /** Events of the step's conversation written during this step (timers that fired in a `wait:` included), in log order. */
  events: DomainEvent[];
  /** Every event of the step's conversation so far, in log order. */
  history: DomainEvent[];
}

/**
 * One expectation key: its schema (what the scenario may write) and a check
 * returning failure messages (empty when it holds). Adding a key to
 * `threadline simulate` is adding one entry here.
 */
export interface Expectation<S extends z.ZodType> {
  schema: S;
  check(value: z.output<S>, outcome: StepOutcome): string[];
}

const define = <S extends z.ZodType>(e: Expectation<S>) => e;
const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const texts = (o: StepOutcome) => o.replies.map((r) => r.message.text);
const quote = (t: string[]) => (t.length ? t.map((x) => JSON.stringify(x)).join(", ") : "no reply");
const lastDecision = (o: StepOutcome) => o.decisions.at(-1);
const card = (o: StepOutcome) => o.conversation?.handoff ?? null;
const HANDOFF_KEYS = [
  "goal",
  "stepsTried",
  "risk",
  "rule",
  "reason",
  "intent",
  "confidence",
  "fields",
  "missingFields",
  "articles",
  "nextAction",
  "queue",
  "priority",
  "channel",
  "language",
  "languageNote",
  "conversationUrl",
  "slaDueAt",
  "lookups",
] as const;
const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === "object" && !(v instanceof Date) && Object.keys(v).length === 0);
const contains = (o: StepOutcome, want: string) => texts(o).some((t) => t.toLowerCase().includes(want.toLowerCase()));

export const EXPECTATIONS = {
  action_called: define({
    schema: oneOrMany.describe("Every named action (from `actions:`) was called during this step."),
    check: (v, o) =>
      list(v)
        .filter((a) => !o.actionsCalled.includes(a))
        .map((a) => `expected action "${a}" to be called, called: ${o.actionsCalled.join(", ") || "none"}`),
  }),
  action_not_called: define({
    schema: oneOrMany.describe("None of the named actions was called during this step (e.g. nothing changed before the customer said yes)."),
    check: (v, o) =>
      list(v)
        .filter((a) => o.actionsCalled.includes(a))
        .map((a) => `expected action "${a}" not to be called`),
  }),
  reply_contains: define({
    schema: oneOrMany.describe("Every given text appears (case-insensitive) in some reply of this step."),
    check: (v, o) =>
      list(v)
        .filter((want) => !texts(o).some((t) => t.toLowerCase().includes(want.toLowerCase())))
        .map((want) => `expected a reply containing ${JSON.stringify(want)}, got ${quote(texts(o))}`),
  }),
  reply_not_contains: define({
    schema: oneOrMany.describe("No reply of this step contains any given text."),
    check: (v, o) =>
      list(v)
        .filter((bad) => texts(o).some((t) => t.toLowerCase().includes(bad.toLowerCase())))
        .map((bad) => `expected no reply containing ${JSON.stringify(bad)}, got ${quote(texts(o))}`),
  }),
  no_reply: define({
    schema: z.literal(true).describe("The customer receives nothing in this step."),
    check: (_v, o) => (o.replies.length === 0 ? [] : [`expected no reply, got ${quote(texts(o))}`]),
  }),
  replies: define({
    schema: z.number().int().min(0).describe("Exact number of messages the customer receives in this step."),
    check: (v, o) => (o.replies.length === v ? [] : [`expected ${v} replies, got ${o.replies.length}: ${quote(texts(o))}`]),
  }),
  conversation: define({
    schema: z.enum(["new", "existing"]).describe("Whether this message opened a new conversation."),
    check: (v, o) => {
      if (o.newConversation === null) return ["`conversation` needs a customer step"];
      const actual = o.newConversation ? "new" : "existing";
      return actual === v ? [] : [`expected a ${v} conversation, got a ${actual} one`];
    },
  }),
  same_conversation: define({
    schema: z.boolean().describe("Whether this message landed in the same conversation as the previous customer message."),
    check: (v, o) => {
      if (!o.previousConversationId || !o.conversation) return ["`same_conversation` needs an earlier customer step"];
      const same = o.previousConversationId === o.conversation.id;
      return same === v ? [] : [same ? "expected a different conversation, got the same one" : "expected the same conversation, got a new one"];
    },
  }),
  status: define({
    schema: z.enum(CONVERSATION_STATUSES).describe("Conversation status after the step."),
    check: (v, o) => (o.conversation?.status === v ? [] : [`expected status ${v}, got ${o.conversation?.status ?? "no conversation"}`]),
  }),
  owner: define({
    schema: z.enum(OWNERS).describe("Conversation owner after the step."),
    check: (v, o) => (o.conversation?.owner === v ? [] : [`expected owner ${v}, got ${o.conversation?.owner ?? "no conversation"}`]),
  }),
  delivered_on: define({
    schema: z.enum(CHANNEL_IDS).describe("Every reply of this step went out on this channel (and there was at least one)."),
    check: (v, o) => {
      if (o.replies.length === 0) return [`expected a reply on ${v}, got no reply`];
      const other = o.replies.filter((r) => r.channel !== v);
      return other.length === 0 ? [] : [`expected replies on ${v}, got some on ${[...new Set(other.map((r) => r.channel))].join(", ")}`];
    },
  }),
  intent: define({
    schema: z.string().min(1).nullable().describe("The intent the AI settled on in this step (null: none)."),
    check: (v, o) => {
      const d = lastDecision(o);
      if (!d) return ["no AI decision in this step"];
      return d.intent === v ? [] : [`expected intent ${JSON.stringify(v)}, got ${JSON.stringify(d.intent ?? null)}`];
    },
  }),
  confidence_at_least: define({
    schema: z.number().min(0).max(1).describe("The intent's confidence in this step is at least this."),
    check: (v, o) => {
      const c = lastDecision(o)?.confidence;
      return typeof c === "number" && c >= v ? [] : [`expected confidence ≥ ${v}, got ${c === undefined ? "no decision" : String(c)}`];
    },
  }),
  asks_for: define({
    schema: z.string().min(1).describe("The AI asked the customer for this field in this step."),
    check: (v, o) => {
      const asked = o.decisions.map((d) => d.asks_for).filter(Boolean);
      return asked.includes(v) ? [] : [`expected the AI to ask for ${v}, it asked for ${asked.length ? asked.join(", ") : "nothing"}`];
    },
  }),
  fields: define({
    schema: z
      .union([z.array(z.string().min(1)).min(1), z.record(z.string(), z.string())])
      .describe("Collected fields after the step: a list of names that must be set, or name → exact value."),
    check: (v, o) => {
      const have = o.conversation?.fields ?? {};
      const wanted = Array.isArray(v) ? Object.fromEntries(v.map((k) => [k, null])) : v;
      return Object.entries(wanted).flatMap(([k, value]) => {
        if (have[k] === undefined) return [`expected field ${k} to be collected, have ${JSON.stringify(have)}`];
        return value !== null && have[k] !== value ? [`expected ${k} = ${JSON.stringify(value)}, got ${JSON.stringify(have[k])}`] : [];
      });
    },
  }),
  reply_cites: define({
    schema: oneOrMany.describe("A reply in this step was answered from these knowledge-base articles (ids)."),
    check: (v, o) => {
      const cited = o.decisions.flatMap((d) => (Array.isArray(d.cites) ? (d.cites as string[]) : []));
      return list(v)
        .filter((id) => !cited.includes(id))
        .map((id) => `expected a reply citing ${id}, cited ${cited.length ? cited.join(", ") : "nothing"}`);
    },
  }),
  escalated: define({
    schema: z.boolean().describe("Whether the AI escalated the conversation in this step."),
    check: (v, o) => {
      const did = o.decisions.some((d) => d.escalated === true);
      return did === v ? [] : [did ? "expected no escalation, but the AI escalated" : "expected an escalation, got none"];
    },
  }),
  risk: define({
    schema: z.enum(["low", "medium", "high", "critical"]).describe("Risk level on the handoff card."),
    check: (v, o) => (card(o)?.risk === v ? [] : [`expected risk ${v}, got ${card(o)?.risk ?? "no handoff card"}`]),
  }),
  queue: define({
    schema: z.string().min(1).describe("The conversation's queue after the step."),
    check: (v, o) => (o.conversation?.queue === v ? [] : [`expected queue ${v}, got ${o.conversation?.queue ?? "none"}`]),
  }),
  rule: define({
    schema: z.string().min(1).describe("The escalation rule on the handoff card."),
    check: (v, o) => (card(o)?.rule === v ? [] : [`expected rule ${v}, got ${card(o) ? (card(o)!.rule ?? "no rule") : "no handoff card"}`]),
  }),
  priority: define({
    schema: z.enum(["low", "normal", "high", "urgent"]).describe("The conversation's priority after the step."),
    check: (v, o) => (o.conversation?.priority === v ? [] : [`expected priority ${v}, got ${o.conversation?.priority ?? "none"}`]),
  }),
  handoff_has: define({
    schema: z.array(z.enum(HANDOFF_KEYS)).min(1).describe("Handoff-card fields that must be non-empty."),
    check: (v, o) => {
      const c = card(o);
      if (!c) return ["expected a handoff card, the conversation has none"];
      return v.filter((k) => isEmpty(c[k])).map((k) => `expected the handoff card's ${k} to be filled, it is empty`);
    },
  }),
  ai_silent: define({
    schema: z.boolean().describe("true: the AI sent the customer nothing in this step."),
    check: (v, o) => {
      const fromAi = o.replies.filter((r) => r.message.authorKind === "ai" || r.message.authorKind === "system");
      const silent = fromAi.length === 0;
      return silent === v
        ? []
        : [silent ? "expected the AI to reply, it was silent" : `expected the AI to stay silent, it sent ${quote(fromAi.map((r) => r.message.text))}`];
    },
  }),
  customer_receives: define({
    schema: oneOrMany.describe("The customer receives a message containing each text in this step."),
    check: (v, o) =>
      list(v)
        .filter((want) => !contains(o, want))
        .map((want) => `expected the customer to receive ${JSON.stringify(want)}, got ${quote(texts(o))}`),
  }),
  customer_not_receives: define({
    schema: oneOrMany.describe("The customer receives nothing containing any of these texts in this step."),
    check: (v, o) =>
      list(v)
        .filter((bad) => contains(o, bad))
        .map((bad) => `expected the customer NOT to receive ${JSON.stringify(bad)}, got ${quote(texts(o))}`),
  }),
  assignee: define({
    schema: z.string().min(1).nullable().describe("The agent id the conversation is assigned to after the step (null: nobody)."),
    check: (v, o) => ((o.conversation?.assignee ?? null) === v ? [] : [`expected assignee ${v ?? "nobody"}, got ${o.conversation?.assignee ?? "nobody"}`]),
  }),
  sla_due: define({
    schema: z.iso.datetime({ offset: true }).describe("The handoff card's first-response due time (ISO 8601), computed in business hours."),
    check: (v, o) => {
      const due = card(o)?.slaDueAt ?? null;
      return due && due.getTime() === Date.parse(v) ? [] : [`expected the SLA due at ${v}, got ${due ? due.toISOString() : "none"}`];
    },
  }),
  sla_warning: define({
    schema: z.boolean().describe("true: the SLA warning (sla.warning) has fired for the conversation by now; false: it has not."),
    check: (v, o) => happened(o.history, "sla.warning", v, "an SLA warning"),
  }),
  sla_breached: define({
    schema: z.boolean().describe("true: an SLA breach (sla.breached) has fired for the conversation by now; false: none has."),
    check: (v, o) => happened(o.history, "sla.breached", v, "an SLA breach"),
  }),
  reopened: define({
    schema: z.boolean().describe("true: this step reopened the resolved or closed conversation."),
    check: (v, o) => {
      const did = o.events.some(
        (e) => e.type === "conversation.status_changed" && (e.data.from === "resolved" || e.data.from === "closed") && e.data.to === "open",
      );
      return did === v ? [] : [v ? "expected the conversation to be reopened in this step, it was not" : "expected no reopening in this step, it was reopened"];
    },
  }),
  auto_resolved: define({
    schema: z.boolean().describe("true: the conversation was resolved by silence (auto-resolve) during this step."),
    check: (v, o) => happened(o.events, "conversation.auto_resolved", v, "an auto-resolution in this step"),
  }),
  digest_contains: define({
    schema: oneOrMany.describe("A notice posted to the workspace in this step (a shift handover or knowledge-base digest) contains each text."),
    check: (v, o) => {
      const notices = o.posts.filter((p) => p.kind === "notify").map((p) => p.text);
      return list(v)
        .filter((want) => !notices.some((t) => t.toLowerCase().includes(want.toLowerCase())))
        .map((want) => `expected a posted digest containing ${JSON.stringify(want)}, got ${quote(notices)}`);
    },
  }),
  csat_requested: define({
    schema: z.boolean().describe("true: the satisfaction survey has been sent for the conversation by now."),
    check: (v, o) => happened(o.history, "survey.sent", v, "a satisfaction survey"),
  }),
  csat: define({
    schema: z.number().int().min(1).max(5).describe("The CSAT score the customer gave (recorded survey answer)."),
    check: (v, o) => {
      const answer = o.history.filter((e) => e.type === "survey.answered").at(-1);
      return answer?.data.score === v ? [] : [`expected a CSAT answer of ${v}, got ${answer ? String(answer.data.score) : "none"}`];
    },
  }),
  thread_posted: define({
    schema: z
      .union([z.boolean(), z.string().min(1)])
      .describe("true: a thread was opened in the workspace in this step; a name: opened in that target; false: nothing was posted."),
    check: (v, o) => {
      const opened = o.posts.filter((p) => p.kind === "thread");
      if (v === false)
        return o.posts.length === 0 ? [] : [`expected nothing posted to the workspace, got ${o.posts.map((p) => `${p.kind} in ${p.target}`).join(", ")}`];
      if (v === true) return opened.length > 0 ? [] : ["expected a thread to be opened, none was"];
      return opened.some((p) => p.target === v) ? [] : [`expected a thread in ${v}, got ${opened.map((p) => p.target).join(", ") || "none"}`];
    },
  }),
} as const;

function happened(events: readonly DomainEvent[], type: string, expected: boolean, what: string): string[] {
  const did = events.some((e) => e.type === type);
  return did === expected ? [] : [expected ? `expected ${what}, there was none` : `expected no ${what.replace(/^an? /, "")}, there was one`];
}
