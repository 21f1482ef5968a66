import type { Command } from "commander";
import { systemClock } from "../../core/clock.js";
import { CHANNEL_IDS, type ChannelId } from "../../core/model/index.js";
import { resendDeadReply } from "../../core/outbox/resend.js";
import type { CliIo } from "../io.js";
import { withConfiguredStore } from "../with-store.js";

const HANDLE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * `threadline outbox dead|resend`: replies that failed for good (blocked bot,
 * invalid recipient, outside WhatsApp's 24-hour window), listed and resent
 * by an operator. Works on the store directly; a running hub picks the
 * resent reply up at its next outbox poll.
 */
export function registerOutboxCommand(program: Command, io: CliIo): void {
  const outbox = program.command("outbox").description("Replies that failed for good: list them, resend one");
  outbox
    .command("dead")
    .description("List replies that failed for good, oldest first (message id, channel, conversation, when, error)")
    .option("-c, --config <file>", "config file")
    .option("--channel <channel>", `only this channel (${CHANNEL_IDS.join(", ")})`)
    .option("--limit <n>", "at most this many", "100")
    .option("--json", "one JSON object per line")
    .action(async (opts: { config?: string; channel?: string; limit: string; json?: boolean }) => {
      const channel = channelOption(io, opts.channel, "--channel");
      const limit = Number(opts.limit);
      if (channel === false) return;
      if (!Number.isInteger(limit) || limit < 1) return fail(io, "--limit must be a positive whole number");
      await withConfiguredStore(opts.config, io, async (store) => {
        const dead = await store.listDeadOutbox({ ...(channel ? { channel } : {}), limit });
        if (opts.json) {
          for (const e of dead)
            io.stdout(
              `${JSON.stringify({ messageId: e.messageId, channel: e.channel, conversationId: e.conversationId, queuedAt: e.createdAt, attempts: e.attempts, error: e.lastError })}\n`,
            );
          return;
        }
        if (dead.length === 0) return void io.stdout(`no dead replies${channel ? ` on ${channel}` : ""}\n`);
        io.stdout("MESSAGE\tCHANNEL\tCONVERSATION\tQUEUED\tATTEMPTS\tERROR\n");
        for (const e of dead)
          io.stdout(`${e.messageId}\t${e.channel}\t${e.conversationId}\t${e.createdAt.toISOString()}\t${e.attempts}\t${e.lastError ?? ""}\n`);
        io.stdout(`${dead.length} dead ${dead.length === 1 ? "reply" : "replies"}; resend one with: threadline outbox resend MESSAGE [--via CHANNEL]\n`);
      });
    });
  outbox
    .command("resend <messageId>")
    .description("Queue a dead reply again (same text), on its channel or --via another the customer has written on; recorded as reply.resent")
    .option("-c, --config <file>", "config file")
    .option("--via <channel>", `send on this channel instead (${CHANNEL_IDS.join(", ")})`)
    .option("--by <name>", "who resends, recorded on the event as operator:<name> (default: $USER)")
    .action(async (messageId: string, opts: { config?: string; via?: string; by?: string }) => {
      const via = channelOption(io, opts.via, "--via");
      if (via === false) return;
      const by = opts.by ?? io.env.USER ?? "cli";
      if (!HANDLE.test(by)) return fail(io, "--by must be a short name (letters, digits, ._@-)");
      await withConfiguredStore(opts.config, io, async (store) => {
        const result = await resendDeadReply({ store, clock: systemClock }, { messageId, actor: `operator:${by}`, ...(via ? { via } : {}) });
        if (!result.ok) return fail(io, `${result.error}: ${result.message}`);
        io.stdout(
          result.duplicate
            ? `${messageId} was already resent as ${result.messageId} (${result.channel}); nothing queued\n`
            : `queued ${result.messageId} on ${result.channel} (resend of ${messageId}); a running hub sends it at its next outbox poll\n`,
        );
      });
    });
}

function channelOption(io: CliIo, value: string | undefined, name: string): ChannelId | null | false {
  if (value === undefined) return null;
  if ((CHANNEL_IDS as readonly string[]).includes(value)) return value as ChannelId;
  fail(io, `${name} must be one of ${CHANNEL_IDS.join(", ")}`);
  return false;
}

function fail(io: CliIo, message: string): void {
  io.stderr(`${message}\n`);
  process.exitCode = 1;
}
