import { z } from "zod";
import type { AgentActor } from "../../core/escalation/port.js";
import { LRUCache } from "lru-cache";

const userInfoSchema = z.object({
  user: z.object({
    id: z.string(),
    name: z.string().optional(),
    real_name: z.string().optional(),
    tz_offset: z.number().optional(),
    profile: z.object({ email: z.string().optional(), display_name: z.string().optional(), real_name: z.string().optional() }).partial().optional(),
  }),
});

export interface SlackActor {
  actor: AgentActor;
  /** Seconds east of UTC (Slack's tz_offset), for "tomorrow 9:00"; 0 when unknown. */
  tzOffset: number;
}

export interface ActorResolver {
  resolve(userId: string): Promise<SlackActor>;
}

const TTL_MS = 10 * 60_000;

/**
 * Who acted, as the desk needs it ({@link AgentActor}: Slack user id, name,
 * e-mail). `users.info` is asked once per user per 10 minutes; the e-mail is
 * only there with the users:read.email scope. When the lookup fails (scope
 * missing, rate limit) the actor is just the user id: the desk can still map
 * it by platform id, and the action is not lost.
 */
export function createActorResolver(usersInfo: (user: string) => Promise<unknown>, now: () => number): ActorResolver {
  const cache = new LRUCache<string, { value: SlackActor; at: number }>({ max: 500 });
  return {
    async resolve(userId) {
      const hit = cache.get(userId);
      if (hit && now() - hit.at < TTL_MS) return hit.value;
      let value: SlackActor = { actor: { platform: "slack", userId }, tzOffset: 0 };
      try {
        const parsed = userInfoSchema.safeParse(await usersInfo(userId));
        if (parsed.success) {
          const u = parsed.data.user;
          const name = u.profile?.display_name || u.profile?.real_name || u.real_name || u.name;
          value = {
            actor: { platform: "slack", userId, ...(name ? { name } : {}), ...(u.profile?.email ? { email: u.profile.email } : {}) },
            tzOffset: u.tz_offset ?? 0,
          };
        }
      } catch {
        // Fall back to the bare id (not cached, so a transient failure is retried next time).
        return value;
      }
      cache.set(userId, { value, at: now() });
      return value;
    },
  };
}
