import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";
import type { Logger } from "../../core/logger.js";
import { createRefusalLog } from "../../core/util/refusal-log.js";
import type { WebLimitsConfig } from "./config.js";
import { WebChatError } from "./errors.js";
import { createRateLimiter } from "./rate-limit.js";

/**
 * Per-IP limits for the web chat, shared by the HTTP routes and the websocket
 * so neither path escapes them. Token buckets per IP (memory bounded by
 * sweeping full buckets); refusals are logged throttled and aggregated.
 */
export interface IpLimits {
  /** The client IP of a request (HTTP or websocket upgrade), honouring only trusted proxies. */
  clientIp(req: IncomingMessage): string;
  /** Throws a 429 WebChatError when `ip` made too many new sessions. */
  takeSession(ip: string): void;
  /** Throws a 429 WebChatError when `ip` sent too many messages. */
  takeMessage(ip: string): void;
}

export function createIpLimits(config: WebLimitsConfig, deps: { now: () => number; logger: Logger }): IpLimits {
  const trust = trustFunction(config.trust_proxy);
  const sessions = createRateLimiter({ capacity: config.sessions_per_ip.max, windowMs: config.sessions_per_ip.window, now: deps.now });
  const messages = createRateLimiter({ capacity: config.messages_per_ip.max, windowMs: config.messages_per_ip.window, now: deps.now });
  const refusals = createRefusalLog({ logger: deps.logger, now: deps.now });
  return {
    clientIp: (req) => proxyAddr(req, trust),
    takeSession(ip) {
      const r = sessions.take(ip);
      if (r.ok) return;
      refusals.note("web.sessions_per_ip", ip);
      throw new WebChatError(429, "rate_limited", "too many new chat sessions from this address; try again later", r.retryAfterMs);
    },
    takeMessage(ip) {
      const r = messages.take(ip);
      if (r.ok) return;
      refusals.note("web.messages_per_ip", ip);
      throw new WebChatError(429, "rate_limited", "too many messages from this address; slow down a little", r.retryAfterMs);
    },
  };
}

/** The same meaning as express's "trust proxy" setting: a boolean, a hop count, or addresses / CIDRs / names like "loopback". */
function trustFunction(value: WebLimitsConfig["trust_proxy"]): (addr: string, hop: number) => boolean {
  if (typeof value === "boolean") return () => value;
  if (typeof value === "number") return (_addr, hop) => hop < value;
  return proxyAddr.compile(typeof value === "string" ? value.split(",").map((s) => s.trim()) : value);
}
