import type { Command } from "commander";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { EmailChannelConfig } from "../../adapters/email/index.js";
import { systemClock } from "../../core/clock.js";
import { loadConfigOrReport } from "../config-path.js";
import type { CliIo } from "../io.js";

/** Attachment limit when the config does not set one (the channel's own default). */
const DEFAULT_MAX_ATTACHMENT = 10 * 1024 * 1024;

/**
 * `threadline email inspect FILE.eml [--json]`: what the e-mail channel would
 * do with one mail (verdict, stored text, removed quote and signature,
 * forwarded part, auto-reply or bounce verdict with its reason, thread hints,
 * attachments), using the channel's own parsing. Judged as the configured
 * support address (`channels.email.address`) unless `--address` says
 * otherwise; nothing is stored or sent.
 */
export function registerEmailCommand(program: Command, io: CliIo): void {
  const email = program.command("email").description("E-mail channel tools");
  email
    .command("inspect <file>")
    .description("Show what the hub would do with one .eml file: stored text, removed quote and signature, robot verdict, threading, attachments")
    .option("-c, --config <file>", "config file (for the support address, agent addresses and attachment limit)")
    .option("--address <email>", "judge the mail as received by this support address (default: channels.email.address)")
    .option("--json", "one JSON object")
    .action(async (file: string, opts: { config?: string; address?: string; json?: boolean }) => {
      const loaded = loadConfigOrReport(opts.config, io);
      if (!loaded) return void (process.exitCode = 1);
      const config = loaded.config.channels.email as EmailChannelConfig | undefined;
      const ourAddress = opts.address ?? config?.address;
      if (!ourAddress || !/^[^@\s]+@[^@\s]+$/.test(ourAddress)) {
        io.stderr(
          `${ourAddress ? `"${ourAddress}" is not an e-mail address` : "no support address: set channels.email.address (EMAIL_ADDRESS) or pass --address"}\n`,
        );
        return void (process.exitCode = 1);
      }
      let raw: Buffer;
      try {
        raw = await readFile(resolve(io.cwd, file));
      } catch (err) {
        io.stderr(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
        return void (process.exitCode = 1);
      }
      // Loaded on use: the mail parser is not part of every command's start-up.
      const { formatInspection, inspectMail } = await import("../../adapters/email/inspect.js");
      const result = await inspectMail(raw, {
        ourAddress,
        messageIdDomain: config?.message_id_domain ?? ourAddress.slice(ourAddress.lastIndexOf("@") + 1),
        agentAddresses: config?.agent_addresses ?? [],
        agentDomains: config?.agent_domains ?? [],
        maxAttachmentSize: config?.max_attachment_size ?? DEFAULT_MAX_ATTACHMENT,
        now: () => systemClock.now(),
      });
      io.stdout(opts.json ? `${JSON.stringify(result)}\n` : formatInspection(result));
    });
}
