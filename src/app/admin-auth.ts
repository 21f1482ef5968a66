import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import type { Logger } from "../core/logger.js";

const DISABLED = 'the admin API is off: set hub.admin_token (THREADLINE_ADMIN_TOKEN, 16+ characters) and send it as "Authorization: Bearer <token>"';

/**
 * The admin bearer-token check of the hub's admin routes (they show and change
 * customer data). Returns a function that answers the request itself and
 * returns false when it is not authorised: 404 while no token is configured
 * (saying how to switch the API on), 401 for a missing or wrong token
 * (compared in constant time; the token is never logged).
 */
export function adminGuard(deps: { adminToken: string | undefined; logger: Logger; what: string }): (req: Request, res: Response) => boolean {
  return (req, res) => {
    res.set("Cache-Control", "no-store");
    if (!deps.adminToken) {
      res.status(404).json({ error: { code: "admin_api_disabled", message: DISABLED } });
      return false;
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get("authorization") ?? "");
    if (!m || !sameToken(m[1]!, deps.adminToken)) {
      deps.logger.warn(`${deps.what} refused (missing or wrong admin token)`);
      res
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="threadline"')
        .json({ error: { code: "unauthorized", message: 'send the admin token as "Authorization: Bearer <token>"' } });
      return false;
    }
    return true;
  };
}

function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(createHash("sha256").update(given).digest(), createHash("sha256").update(expected).digest());
}
