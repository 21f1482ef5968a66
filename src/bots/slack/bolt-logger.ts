import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../core/logger.js";

/**
 * Bolt's logger interface on top of the hub's pino logger. Bolt logs request
 * bodies at debug level, so nothing below warn is forwarded (message text
 * and names are PII); pino's redaction and PII scrubbing apply to the rest.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const line = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : JSON.stringify(a))).join(" ");
  return {
    debug: () => {},
    info: () => {},
    warn: (...args: unknown[]) => logger.warn(`slack (bolt): ${line(args)}`),
    error: (...args: unknown[]) => logger.error(`slack (bolt): ${line(args)}`),
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
}
