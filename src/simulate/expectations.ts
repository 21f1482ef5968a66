import { z } from "zod";
import { CHANNEL_IDS, CONVERSATION_STATUSES, OWNERS, type Conversation } from "../core/model/index.js";
import type { VirtualDelivery } from "./virtual-channel.js";

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

export const EXPECTATIONS = {
  reply_contains: define({
    schema: oneOrMany.describe("Every given text appears (case-insensitive) in some reply of this step."),
    check: (v, o) =>
      list(v).filter((want) => !texts(o).some((t) => t.toLowerCase().includes(want.toLowerCase())))
        .map((want) => `expected a reply containing ${JSON.stringify(want)}, got ${quote(texts(o))}`),
  }),
  reply_not_contains: define({
    schema: oneOrMany.describe("No reply of this step contains any given text."),
    check: (v, o) =>
      list(v).filter((bad) => texts(o).some((t) => t.toLowerCase().includes(bad.toLowerCase())))
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
} as const;
