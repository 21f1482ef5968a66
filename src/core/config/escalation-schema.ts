import { z } from "zod";
import { RISK_LEVELS } from "../model/handoff.js";
import { PRIORITIES } from "../model/conversation.js";
import { durationSchema } from "./duration.js";

const name = z.string().regex(/^[a-z][a-z0-9_-]*$/, "expected a lower-case name such as billing");

export const targetSchema = z.strictObject({
  platform: z.string().min(1).describe("Which bot serves this target: slack, discord, or inbox (the hub's built-in console at /console, always running)."),
  channel: z
    .string()
    .min(1)
    .optional()
    .describe("Slack channel id (C0123…) or Discord text/forum channel id; required for slack and discord, not used by inbox."),
  mention: z
    .array(z.string().min(1))
    .default([])
    .describe("Who to ping when a thread opens, platform-formatted: Slack <@U123> or <!subteam^S123>, Discord <@123> or <@&456>."),
  replies_by_default: z
    .boolean()
    .default(false)
    .describe("false (safe default): a plain thread message is an internal note. true: plain messages go to the customer and notes need the note prefix."),
});

export const routeSchema = z.strictObject({
  match: z
    .strictObject({
      queue: z.array(z.string().min(1)).min(1).optional().describe("Any of these queues."),
      priority: z.array(z.enum(PRIORITIES)).min(1).optional().describe("Any of these priorities."),
      risk: z.array(z.enum(RISK_LEVELS)).min(1).optional().describe("Any of these risk levels."),
      language: z.array(z.string().min(2)).min(1).optional().describe("Any of these customer languages."),
      tier: z.array(z.string().min(1)).min(1).optional().describe("Contact profile `tier` is one of these (e.g. vip)."),
    })
    .prefault({})
    .describe("All given keys must match; an empty match matches everything."),
  targets: z.array(name).min(1).describe("Targets (from `escalation.targets`) that get a thread; several at once are allowed."),
});

export const agentSchema = z.strictObject({
  id: name.describe("Stable agent id, recorded as the actor on every Event (agent:<id>)."),
  name: z.string().min(1).describe("Display name."),
  email: z.email().optional().describe("Maps a Slack user by e-mail when no platform id is listed."),
  slack: z.array(z.string().min(1)).default([]).describe("Slack user ids (U…)."),
  discord: z.array(z.string().min(1)).default([]).describe("Discord user ids."),
  role: z
    .enum(["admin", "agent"])
    .optional()
    .describe("In the console (/console): admin sees every queue; agent (the default) sees the queues listed under `queues` (all when none are listed)."),
  queues: z.array(z.string().min(1)).optional().describe("Queues this agent works in the console; left out or empty: every queue."),
});

export const escalationSchema = z
  .strictObject({
    targets: z.record(name, targetSchema).default({}).describe("Named places where escalation threads open."),
    routes: z
      .array(routeSchema)
      .default([])
      .describe("Which targets get a thread: every matching route adds its targets (in order, without repeats); no match → the fallback."),
    fallback: name.optional().describe("Target for conversations no route matches, and for alerts when a target fails."),
    undo_window: durationSchema.prefault("10s").describe("How long an agent's reply can be undone before it is sent."),
    reply_prefix: z.string().min(1).default("!reply ").describe("A thread message starting with this is sent to the customer."),
    note_prefix: z.string().min(1).default("!note ").describe("In a replies_by_default target, a message starting with this stays internal."),
    set_prefix: z
      .string()
      .min(1)
      .default("!set ")
      .describe('A thread message starting with this sets a contact attribute: "!set tier vip" (declared under attributes:). It never reaches the customer.'),
    reactions: z
      .record(z.string().min(1), z.enum(["resolve", "claim"]))
      .default({ "✅": "resolve", "👀": "claim" })
      .describe("Emoji shortcuts on the thread's card."),
    canned: z.record(name, z.string().min(1)).default({}).describe("Canned responses agents can insert (name → text)."),
    call: z
      .strictObject({
        url_template: z
          .string()
          .min(1)
          .default("https://meet.jit.si/threadline-{conversation}")
          .describe("Meeting link; {conversation} is replaced by a random room token for the conversation."),
        invitation: z
          .string()
          .min(1)
          .default("Our agent {agent} invites you to a call: {url}")
          .describe("Sent to the customer; {agent} and {url} are replaced."),
        screen_share_article: z.string().optional().describe("Knowledge-base article id with screen-share instructions, linked in the invitation."),
      })
      .prefault({})
      .describe("Real-time assist: start a call from the thread."),
    retry: z
      .strictObject({
        base_delay: durationSchema.prefault("2s").describe("First retry delay for a failed thread post; doubles per attempt."),
        max_delay: durationSchema.prefault("5m").describe("Longest delay between attempts."),
      })
      .prefault({})
      .describe("Thread posts that fail (platform down, rate limit) are retried; escalations are never dropped."),
  })
  .describe("Where escalated conversations go and how agents work them in Slack or Discord.");

export type EscalationSettings = z.output<typeof escalationSchema>;
export type TargetConfig = z.output<typeof targetSchema>;
export type AgentConfig = z.output<typeof agentSchema>;
