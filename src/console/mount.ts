import express, { type Express, type Request } from "express";
import type { Clock } from "../core/clock.js";
import type { ThreadlineConfig } from "../core/config/schema.js";
import type { AgentDesk } from "../core/escalation/port.js";
import type { Logger } from "../core/logger.js";
import type { Store } from "../core/store/port.js";
import { createConsoleAuth, type ConsoleAuth } from "./auth.js";
import { buildConsoleBundle, type ConsoleBundle } from "./bundle.js";
import type { ConsoleFeed } from "./feed.js";
import { mountAuthRoutes, type SignInLimits } from "./http/auth-routes.js";
import { mountDataRoutes } from "./http/data-routes.js";
import { mountEventsRoute } from "./http/events-route.js";
import { requireSession } from "./http/guard.js";
import { mountPage } from "./http/page.js";
import { argon2Hasher, type PasswordHasher } from "./secrets.js";
import type { Resender } from "../app/dead-replies.js";

export interface ConsoleDeps {
  config: Pick<ThreadlineConfig, "hub" | "queues" | "agents" | "escalation">;
  store: Store;
  desk: AgentDesk;
  clock: Clock;
  logger: Logger;
  feed: ConsoleFeed;
  /** The client address of a request (behind the hub's trusted proxies), for sign-in rate limits. */
  clientIp(req: Request): string;
  hasher?: PasswordHasher;
  limits?: SignInLimits;
  /** Resends dead replies from the conversation page. */
  resend?: Resender;
  /** Replaces the front-end bundle (tests of the HTTP API need no esbuild run). */
  bundle?: () => Promise<ConsoleBundle>;
}

/**
 * The agent console at /console: the page and its bundle, and the JSON API
 * under /console/api (sign-in, inbox, conversations, actions through the
 * desk, live events). Returns the auth service (the CLI's invite uses the
 * same one against the store).
 */
export function mountConsole(app: Express, deps: ConsoleDeps): { auth: ConsoleAuth } {
  const auth = createConsoleAuth({ store: deps.store, clock: deps.clock, agents: deps.config.agents, hasher: deps.hasher ?? argon2Hasher });
  let bundle: Promise<ConsoleBundle> | null = null;
  const getBundle =
    deps.bundle ??
    (() =>
      (bundle ??= buildConsoleBundle().catch((err: unknown) => {
        bundle = null; // try again on the next request
        throw err;
      })));
  const logger = deps.logger.child({ part: "console" });
  const api = express.Router();
  mountAuthRoutes(api, { auth, clock: deps.clock, logger, clientIp: deps.clientIp, ...(deps.limits ? { limits: deps.limits } : {}) });
  api.use(requireSession(auth));
  mountEventsRoute(api, { feed: deps.feed });
  mountDataRoutes(api, { store: deps.store, desk: deps.desk, clock: deps.clock, config: deps.config, ...(deps.resend ? { resend: deps.resend } : {}) });
  api.use((_req, res) => void res.status(404).json({ error: { code: "not_found", message: "no such console endpoint" } }));
  app.use("/console/api", api);
  mountPage(app, { title: deps.config.hub.name, bundle: getBundle, logger });
  return { auth };
}
