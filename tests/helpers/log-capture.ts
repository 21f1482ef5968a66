import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/core/logger.js";

/**
 * A real logger (with the hub's redaction) writing into memory, so tests can
 * read every line it wrote. Pino writes to a Writable after a tick: await
 * `flushLogs()` before reading lines logged synchronously just before.
 */
export function captureLogs(level = "debug"): {
  logger: Logger;
  /** Raw JSON lines, in order. */
  lines(): string[];
  /** Parsed lines, in order. */
  records(): Record<string, unknown>[];
  text(): string;
  clear(): void;
} {
  let chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const lines = () => chunks.join("").split("\n").filter(Boolean);
  return {
    logger: createLogger({ level, destination }),
    lines,
    records: () => lines().map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => chunks.join(""),
    clear: () => {
      chunks = [];
    },
  };
}

export const flushLogs = () => new Promise((r) => setImmediate(r));
