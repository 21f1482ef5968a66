import type { Request, Response, Router } from "express";
import { z } from "zod";
import type { Clock } from "../../core/clock.js";
import type { Logger } from "../../core/logger.js";
import { createRateLimiter } from "../../adapters/web/rate-limit.js";
import { passwordSchema, type ConsoleAuth, type SignedIn } from "../auth.js";
import { clearSessionCookie, setSessionCookie } from "./cookies.js";
import { requireSession, route, sameOrigin, sendError, sessionOf } from "./guard.js";

const signInBody = z.strictObject({ login: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) });
const redeemBody = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/), password: passwordSchema });

/** Sign-in attempts allowed per window: per client address, and per login name. */
export interface SignInLimits {
  perIp: number;
  perLogin: number;
  windowMs: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perIp: 20, perLogin: 5, windowMs: 15 * 60_000 };

/**
 * POST /console/api/sign-in, /invite (set the password with an invite
 * token), /sign-out, /sign-out-everywhere; GET /console/api/session.
 * Sign-in and invite redemption are rate limited per client address and
 * per login name (429 with Retry-After), need JSON from this hub's own
 * origin, and never say whether the name or the password was wrong.
 */
export function mountAuthRoutes(
  router: Router,
  deps: { auth: ConsoleAuth; clock: Clock; logger: Logger; limits?: SignInLimits; clientIp(req: Request): string },
): void {
  const limits = deps.limits ?? DEFAULT_SIGN_IN_LIMITS;
  const now = () => deps.clock.now().getTime();
  const byIp = createRateLimiter({ capacity: limits.perIp, windowMs: limits.windowMs, now });
  const byLogin = createRateLimiter({ capacity: limits.perLogin, windowMs: limits.windowMs, now });

  const limited = (req: Request, login: string | null): number | null => {
    const ip = byIp.take(deps.clientIp(req));
    if (!ip.ok) return ip.retryAfterMs;
    if (login === null) return null;
    const named = byLogin.take(login.trim().toLowerCase());
    return named.ok ? null : named.retryAfterMs;
  };
  const signedIn = (req: Request, res: Response, s: SignedIn) => {
    setSessionCookie(req, res, s.cookie, s.maxAgeSeconds);
    res.status(200).json({ agent: s.agent, csrfToken: s.csrfToken });
  };

  router.post(
    "/sign-in",
    route(async (req, res) => {
      res.set("Cache-Control", "no-store");
      if (!sameOrigin(req)) return sendError(res, 403, "cross_origin", "sign in from the console page");
      const body = signInBody.safeParse(req.body);
      if (!body.success) return sendError(res, 400, "invalid", 'send {"login": "agent id or e-mail", "password": "…"} as JSON');
      const wait = limited(req, body.data.login);
      if (wait !== null) {
        deps.logger.warn("console sign-in rate limited");
        res.set("Retry-After", String(Math.ceil(wait / 1000)));
        return sendError(res, 429, "rate_limited", "too many sign-in attempts; wait a few minutes");
      }
      const session = await deps.auth.signIn(body.data.login, body.data.password);
      if (!session) {
        deps.logger.info("console sign-in refused");
        return sendError(res, 401, "wrong_credentials", "wrong agent id, e-mail or password");
      }
      deps.logger.info({ agent: session.agent.id }, "console sign-in");
      signedIn(req, res, session);
    }),
  );

  router.post(
    "/invite",
    route(async (req, res) => {
      res.set("Cache-Control", "no-store");
      if (!sameOrigin(req)) return sendError(res, 403, "cross_origin", "open the invite link in the browser");
      const body = redeemBody.safeParse(req.body);
      if (!body.success) {
        const pw = body.error.issues.find((i) => i.path[0] === "password");
        return sendError(res, 400, "invalid", pw ? `password: ${pw.message}` : "the invite link is malformed; ask for a new one");
      }
      const wait = limited(req, null);
      if (wait !== null) {
        res.set("Retry-After", String(Math.ceil(wait / 1000)));
        return sendError(res, 429, "rate_limited", "too many attempts; wait a few minutes");
      }
      const session = await deps.auth.redeem(body.data.token, body.data.password);
      if (!session)
        return sendError(
          res,
          410,
          "invite_invalid",
          "this invite link was used already or has expired; ask an admin for a new one (threadline agents invite ID)",
        );
      deps.logger.info({ agent: session.agent.id }, "console password set from an invite");
      signedIn(req, res, session);
    }),
  );

  const guard = requireSession(deps.auth);
  router.get("/session", guard, (_req, res) => {
    const s = sessionOf(res);
    res.json({ agent: s.agent, csrfToken: s.csrfToken });
  });
  router.post(
    "/sign-out",
    guard,
    route(async (req, res) => {
      await deps.auth.signOut(sessionOf(res).cookie);
      clearSessionCookie(req, res);
      res.status(204).end();
    }),
  );
  router.post(
    "/sign-out-everywhere",
    guard,
    route(async (req, res) => {
      const ended = await deps.auth.signOutEverywhere(sessionOf(res).agent.id);
      clearSessionCookie(req, res);
      res.json({ ended });
    }),
  );
}
