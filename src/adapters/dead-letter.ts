import { createHash } from "node:crypto";
import { mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";

/** How often one inbound item may fail before it is set aside (default). */
export const DEFAULT_MAX_INGEST_ATTEMPTS = 5;

export interface PoisonGuardOptions {
  /** Channel id; names the dead-letter file `<dataDir>/dead-letter/<channel>.jsonl`. */
  channel: string;
  dataDir: string;
  logger: Logger;
  clock: Clock;
  maxAttempts?: number;
}

/** One line of the dead-letter file: the untouched payload, so it can be inspected or replayed. */
export interface DeadLetterRecord {
  at: string;
  channel: string;
  key: string;
  attempts: number;
  reason: string;
  payload: unknown;
}

export interface PoisonGuard {
  /**
   * Runs `work` for the inbound item `key`. A failure is rethrown (the
   * platform keeps the item and delivers it again) until the item failed
   * `maxAttempts` times in this process; then the item is written to the
   * dead-letter file (fsynced), an alert is logged and the call resolves with
   * "dead_lettered", so the caller confirms the item and the channel moves on.
   * If the dead-letter write itself fails, the original error is rethrown:
   * an item is only ever confirmed once it is stored somewhere.
   */
  run(key: string, payload: unknown, work: () => Promise<void>): Promise<"done" | "dead_lettered">;
  /** Items dead-lettered since start (for status and tests). */
  readonly deadLettered: number;
}

/**
 * Bounded retries for inbound items that cannot be stored or decoded (a
 * "poison" update): without it one bad update holds back a channel's whole
 * queue (Telegram's polling offset, a webhook Telegram redelivers in order).
 */
export function createPoisonGuard(options: PoisonGuardOptions): PoisonGuard {
  const max = options.maxAttempts ?? DEFAULT_MAX_INGEST_ATTEMPTS;
  const failures = new Map<string, number>();
  let deadLettered = 0;
  const dir = join(options.dataDir, "dead-letter");
  const file = join(dir, `${options.channel}.jsonl`);

  async function write(record: DeadLetterRecord): Promise<void> {
    await mkdir(dir, { recursive: true });
    const handle = await open(file, "a", 0o600);
    try {
      await handle.appendFile(`${JSON.stringify(record)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    async run(key, payload, work) {
      try {
        await work();
        failures.delete(key);
        return "done";
      } catch (err) {
        const attempts = (failures.get(key) ?? 0) + 1;
        if (attempts < max) {
          failures.set(key, attempts);
          throw err;
        }
        const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        try {
          await write({ at: options.clock.now().toISOString(), channel: options.channel, key, attempts, reason, payload });
        } catch (writeErr) {
          options.logger.error({ channel: options.channel, key, err: writeErr }, "dead-letter: could not record a failing inbound item; it stays unconfirmed");
          throw err;
        }
        failures.delete(key);
        deadLettered++;
        // The alert: no payload values in the log (customer data), only where to find the record.
        options.logger.error(
          { alert: "inbound_dead_lettered", channel: options.channel, key, attempts, digest: digest(payload), file },
          `${options.channel}: an inbound item failed ${attempts} times and was dead-lettered; the channel moves on`,
        );
        return "dead_lettered";
      }
    },
    get deadLettered() {
      return deadLettered;
    },
  };
}

function digest(payload: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(payload) ?? "")
    .digest("hex")
    .slice(0, 16);
}
