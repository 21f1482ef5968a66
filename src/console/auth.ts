import { z } from "zod";
import type { Clock } from "../core/clock.js";
import type { AgentConfig } from "../core/config/escalation-schema.js";
import type { Store } from "../core/store/port.js";
import { newToken, tokenHash, type PasswordHasher } from "./secrets.js";

/** A password an agent may set: long enough to resist guessing, short enough to hash cheaply. */
export const passwordSchema = z.string().min(10, "at least 10 characters").max(200, "at most 200 characters");

/** The signed-in agent as the console sees it. */
export interface ConsoleAgent {
  id: string;
  name: string;
  role: "admin" | "agent";
  /** Queues the agent may see; null: all. */
  queues: string[] | null;
}

/** A session as the HTTP layer uses it: the cookie value (never stored) and the CSRF token. */
export interface SignedIn {
  agent: ConsoleAgent;
  cookie: string;
  csrfToken: string;
  expiresAt: Date;
  /** The session's lifetime in whole seconds, for the cookie's Max-Age (fixed, so a slow request never shortens it). */
  maxAgeSeconds: number;
}

export interface ConsoleAuthOptions {
  store: Store;
  clock: Clock;
  agents: readonly AgentConfig[];
  hasher: PasswordHasher;
  /** How long a session lasts after sign-in (default 12 hours). */
  sessionTtlMs?: number;
  /** How long an invite link works (default 24 hours). */
  inviteTtlMs?: number;
}

export interface ConsoleAuth {
  /** A one-time invite token for the agent (the CLI prints it as a link); replaces the agent's unused earlier ones. Null for an unknown agent. */
  invite(agentId: string): Promise<{ token: string; expiresAt: Date } | null>;
  /** Sets the password with an invite token and signs in; null when the token is unknown, used or expired. */
  redeem(token: string, password: string): Promise<SignedIn | null>;
  /** Signs in by agent id or e-mail and password; null on any mismatch (the same answer and about the same time whatever was wrong). */
  signIn(login: string, password: string): Promise<SignedIn | null>;
  /** The session behind a cookie value, or null (unknown, expired, or the agent left the config). */
  session(cookie: string): Promise<{ agent: ConsoleAgent; csrfToken: string; idHash: string } | null>;
  signOut(cookie: string): Promise<void>;
  /** Ends every session of the agent, on every device. */
  signOutEverywhere(agentId: string): Promise<number>;
}

/**
 * Console sign-in: agents come from config (`agents:`), credentials never do.
 * An invite token sets the password (Argon2id); a session is a random cookie
 * value whose SHA-256 is stored with a CSRF token and an expiry. Removing an
 * agent from the config ends their access at the next request.
 */
export function createConsoleAuth(options: ConsoleAuthOptions): ConsoleAuth {
  const { store, clock, hasher } = options;
  const sessionTtl = options.sessionTtlMs ?? 12 * 3_600_000;
  const inviteTtl = options.inviteTtlMs ?? 24 * 3_600_000;
  // Verified against when the login names nobody, so a wrong name costs as long as a wrong password.
  let decoy: Promise<string> | null = null;

  const agentOf = (id: string): ConsoleAgent | null => {
    const a = options.agents.find((x) => x.id === id);
    if (!a) return null;
    const role = a.role ?? "agent";
    return { id: a.id, name: a.name, role, queues: role === "admin" || !a.queues?.length ? null : [...a.queues] };
  };

  async function startSession(agent: ConsoleAgent): Promise<SignedIn> {
    const cookie = newToken();
    const csrfToken = newToken();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + sessionTtl);
    await store.createConsoleSession({ idHash: tokenHash(cookie), agentId: agent.id, csrfToken, createdAt: now, expiresAt });
    return { agent, cookie, csrfToken, expiresAt, maxAgeSeconds: Math.floor(sessionTtl / 1000) };
  }

  return {
    async invite(agentId) {
      if (!agentOf(agentId)) return null;
      const token = newToken();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + inviteTtl);
      await store.createConsoleInvite({ tokenHash: tokenHash(token), agentId, createdAt: now, expiresAt });
      return { token, expiresAt };
    },
    async redeem(token, password) {
      const hashed = await hasher.hash(password);
      const agentId = await store.redeemConsoleInvite(tokenHash(token), hashed, clock.now());
      const agent = agentId ? agentOf(agentId) : null;
      return agent ? startSession(agent) : null;
    },
    async signIn(login, password) {
      const key = login.trim().toLowerCase();
      const config = options.agents.find((a) => a.id === key || a.email?.toLowerCase() === key);
      const stored = config ? await store.getConsolePassword(config.id) : null;
      if (!stored) {
        decoy ??= hasher.hash(newToken());
        await hasher.verify(await decoy, password);
        return null;
      }
      if (!(await hasher.verify(stored, password))) return null;
      return startSession(agentOf(config!.id)!);
    },
    async session(cookie) {
      const idHash = tokenHash(cookie);
      const s = await store.getConsoleSession(idHash, clock.now());
      const agent = s ? agentOf(s.agentId) : null;
      return s && agent ? { agent, csrfToken: s.csrfToken, idHash } : null;
    },
    async signOut(cookie) {
      await store.deleteConsoleSession(tokenHash(cookie));
    },
    signOutEverywhere: (agentId) => store.deleteConsoleSessionsOf(agentId),
  };
}
