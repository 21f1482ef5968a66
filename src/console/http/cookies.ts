import type { Request, Response } from "express";

/** The session cookie: only sent to /console, never readable by scripts, never sent cross-site. */
export const SESSION_COOKIE = "tl_console";

/** The value of one cookie from the request's Cookie header, or null. */
export function readCookie(req: Request, name: string): string | null {
  for (const part of (req.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{16,200}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** Sets the session cookie (HttpOnly, SameSite=Strict, Path=/console; Secure on HTTPS). */
export function setSessionCookie(req: Request, res: Response, value: string, maxAgeSeconds: number): void {
  const maxAge = Math.max(0, Math.floor(maxAgeSeconds));
  res.append("Set-Cookie", `${SESSION_COOKIE}=${value}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${req.secure ? "; Secure" : ""}`);
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append("Set-Cookie", `${SESSION_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0${req.secure ? "; Secure" : ""}`);
}
