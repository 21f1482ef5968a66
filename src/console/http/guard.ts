import type { NextFunction, Request, Response } from "express";
import type { ConsoleAgent, ConsoleAuth } from "../auth.js";
import { sameSecret } from "../secrets.js";
import { readCookie, SESSION_COOKIE } from "./cookies.js";

/** The signed-in agent of a request that passed {@link requireSession}. */
export interface SessionLocals {
  agent: ConsoleAgent;
  csrfToken: string;
  cookie: string;
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/**
 * Refuses a request from another site: browsers send `Origin` on every
 * POST, and it must be this hub's own origin. (SameSite=Strict keeps the
 * session cookie off cross-site requests too; this also covers sign-in,
 * which has no cookie yet.)
 */
export function sameOrigin(req: Request): boolean {
  const origin = req.get("origin");
  if (origin === undefined) return true; // not a browser, or a same-origin GET
  try {
    return new URL(origin).host === req.get("host");
  } catch {
    return false;
  }
}

/**
 * Needs a live session (cookie) and, on anything but GET/HEAD, the session's
 * CSRF token in `X-CSRF-Token` and a same-origin request. 401 without a
 * session, 403 on a missing or wrong CSRF token.
 */
export function requireSession(auth: ConsoleAuth) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      res.set("Cache-Control", "no-store");
      const cookie = readCookie(req, SESSION_COOKIE);
      const session = cookie ? await auth.session(cookie) : null;
      if (!cookie || !session) return sendError(res, 401, "signed_out", "sign in to the console first");
      if (req.method !== "GET" && req.method !== "HEAD") {
        const given = req.get("x-csrf-token");
        if (!given || !sameSecret(given, session.csrfToken) || !sameOrigin(req))
          return sendError(res, 403, "csrf", "missing or wrong CSRF token; reload the page");
      }
      res.locals.console = { agent: session.agent, csrfToken: session.csrfToken, cookie } satisfies SessionLocals;
      next();
    } catch (err) {
      next(err);
    }
  };
}

export const sessionOf = (res: Response): SessionLocals => res.locals.console as SessionLocals;

/** Wraps an async handler so a rejection reaches express's error handler. */
export function route(fn: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next);
}
