import { z } from "zod";

/**
 * Component and modal custom ids carry the thread they act on, because the
 * card of a text-channel escalation sits in the parent channel (the thread
 * hangs off it): the interaction's channel is then not the thread. Format:
 * `tl:<action>:<threadId>[:<arg>]`, at most 100 characters (Discord's limit).
 * They are parsed with zod like any other platform input: a forged or stale id
 * is rejected, never guessed at.
 */
export const COMPONENT_ACTIONS = [
  "reply",
  "claim",
  "resolve",
  "reopen",
  "handback",
  "call",
  "priority",
  "snooze",
  "loopin",
  "canned",
  "undo",
  "reply-modal",
  "resolve-modal",
] as const;
export type ComponentAction = (typeof COMPONENT_ACTIONS)[number];

export interface ComponentId {
  action: ComponentAction;
  threadId: string;
  arg?: string;
}

const PREFIX = "tl";

const parsed = z.object({
  prefix: z.literal(PREFIX),
  action: z.enum(COMPONENT_ACTIONS),
  threadId: z.string().regex(/^\d{15,22}$/),
  arg: z
    .string()
    .regex(/^[\w-]{1,60}$/)
    .optional(),
});

export function componentId(action: ComponentAction, threadId: string, arg?: string): string {
  const id = [PREFIX, action, threadId, ...(arg === undefined ? [] : [arg])].join(":");
  if (id.length > 100) throw new Error(`custom id too long: ${id.length} characters`);
  return id;
}

/** The parsed id, or null when it is not one of ours (other bots' components share the channel). */
export function parseComponentId(customId: string): ComponentId | null {
  const [prefix, action, threadId, arg, ...extra] = customId.split(":");
  if (extra.length > 0) return null;
  const r = parsed.safeParse({ prefix, action, threadId, arg });
  if (!r.success) return null;
  return { action: r.data.action, threadId: r.data.threadId, ...(r.data.arg !== undefined && { arg: r.data.arg }) };
}
