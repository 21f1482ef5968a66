import type { Command } from "commander";
import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import { Writable } from "node:stream";
import type { CliIo } from "../io.js";
import { withConfiguredStore } from "../with-store.js";

const FORMATS = ["csv", "jsonl"] as const;
/** Redraw the progress line at most this often (ms). */
const PROGRESS_EVERY_MS = 200;

/**
 * `threadline export conversations`: one row per conversation with its outcome
 * figures, streamed (docs/analytics.md). `now` (ms, monotonic) times the
 * progress line drawn on stderr when it is a terminal.
 */
export function registerExportCommand(program: Command, io: CliIo, now: () => number = () => performance.now()): void {
  const exp = program.command("export").description("Export data from the store, streamed");
  exp
    .command("conversations")
    .description("One row per conversation with its outcome figures (the report's definitions), CSV or JSON lines")
    .option("-c, --config <file>", "config file")
    .requiredOption("--format <format>", `${FORMATS.join(" or ")}`)
    .option("--from <date>", "conversations opened at or after this date (ISO, e.g. 2026-11-01)")
    .option("--to <date>", "… and before this date")
    .option("--out <file>", "write to this file instead of stdout")
    .action(async (opts: { config?: string; format: string; from?: string; to?: string; out?: string }) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) return fail(io, `--format must be ${FORMATS.join(" or ")}, got "${opts.format}"`);
      const from = opts.from ? new Date(opts.from) : undefined;
      const to = opts.to ? new Date(opts.to) : undefined;
      if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) return fail(io, "--from/--to must be dates such as 2026-11-01");
      // Loaded on use: the CSV writer is not part of every command's start-up.
      const { exportConversations, exportFormatSchema } = await import("../../core/analytics/export.js");
      await withConfiguredStore(opts.config, io, async (store, loaded) => {
        const out = opts.out ? createWriteStream(resolve(io.cwd, opts.out), { mode: 0o600 }) : (io.stdoutStream ?? textSink(io));
        const progress = io.stderrIsTerminal ? progressLine(io, now) : null;
        let rows: number;
        try {
          rows = await exportConversations(store, out, {
            format: exportFormatSchema.parse(opts.format),
            range: { ...(from ? { from } : {}), ...(to ? { to } : {}) },
            recontactWindowMs: loaded.config.analytics.recontact_window,
            hours: loaded.config.business_hours,
            endOutput: Boolean(opts.out) || !io.stdoutStream,
            ...(progress ? { onRow: progress.update } : {}),
          });
        } catch (e) {
          // The reader went away (`… | head`): it has what it wanted, nothing failed.
          if ((e as NodeJS.ErrnoException).code === "EPIPE") return;
          throw new Error(`export failed: ${(e as Error).message}`, { cause: e });
        }
        progress?.done(rows);
        if (opts.out) io.stdout(`wrote ${rows} conversations to ${opts.out}\n`);
      });
    });
}

function fail(io: CliIo, message: string): void {
  io.stderr(`${message}\n`);
  process.exitCode = 2;
}

/** A stream onto `io.stdout(text)` (in-process runs and tests). */
function textSink(io: CliIo): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      io.stdout(chunk.toString());
      done();
    },
  });
}

/** The rows so far and their rate, redrawn in place on stderr (the store has no cheap count, so no percentage). */
function progressLine(io: CliIo, now: () => number): { update(rows: number): void; done(rows: number): void } {
  const start = now();
  let drawn = -Infinity;
  const line = (rows: number) => {
    const seconds = Math.max(0.001, (now() - start) / 1000);
    return `\r\x1b[2Kexporting: ${rows.toLocaleString("en")} conversations, ${Math.round(rows / seconds).toLocaleString("en")}/s, ${seconds.toFixed(1)} s`;
  };
  return {
    update(rows) {
      if (now() - drawn < PROGRESS_EVERY_MS) return;
      drawn = now();
      io.stderr(line(rows));
    },
    done(rows) {
      io.stderr(`${line(rows)}\n`);
    },
  };
}
