import { z } from "zod";

const user = z.object({ id: z.string() }).passthrough();
const objectWith = <T extends z.ZodRawShape>(shape: T) => z.object(shape).passthrough();

/**
 * The minimum each Slack payload kind must carry before it is handed to Bolt.
 * Bolt dereferences these fields without checking them, so a correctly signed
 * but malformed body would otherwise surface as a 500 (Slack then retries it);
 * anything that does not match is answered 400 instead. Unknown kinds are
 * refused too: the hub subscribes to nothing else.
 */
const payloadShape = z.union([
  objectWith({ type: z.literal("event_callback"), event: objectWith({ type: z.string() }) }),
  objectWith({ type: z.literal("block_actions"), user, actions: z.array(z.object({}).passthrough()) }),
  objectWith({ type: z.enum(["view_submission", "view_closed"]), user, view: objectWith({ id: z.string() }) }),
  objectWith({ type: z.enum(["shortcut", "message_action"]), user, callback_id: z.string() }),
  objectWith({ type: z.literal("block_suggestion"), user, action_id: z.string() }),
  objectWith({ type: z.literal("app_rate_limited") }),
  // Slash commands are form-encoded without a `type`.
  objectWith({ command: z.string(), user_id: z.string(), channel_id: z.string() }),
]);

/** True when a signed body is a Slack payload kind the hub handles, with the fields Bolt reads. */
export function isHandledSlackPayload(body: Record<string, unknown>): boolean {
  return payloadShape.safeParse(body).success;
}
