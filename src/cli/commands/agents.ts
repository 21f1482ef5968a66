import type { Command } from "commander";
import { systemClock } from "../../core/clock.js";
import { createConsoleAuth } from "../../console/auth.js";
import { argon2Hasher } from "../../console/secrets.js";
import type { CliIo } from "../io.js";
import { withConfiguredStore } from "../with-store.js";

/**
 * `threadline agents invite ID`: prints a one-time sign-in link for an agent
 * from config (`agents:`). Opening it sets the agent's password for the
 * console (/console); it works once, for 24 hours, and a new invite replaces
 * the agent's unused earlier one. Only a hash of the token is stored.
 */
export function registerAgentsCommand(program: Command, io: CliIo): void {
  const agents = program.command("agents").description("Console sign-in for the agents in config (agents:)");
  agents
    .command("invite <agentId>")
    .description("Print a one-time link that lets the agent set a password and sign in to the console")
    .option("-c, --config <file>", "config file")
    .action(async (agentId: string, opts: { config?: string }) => {
      await withConfiguredStore(opts.config, io, async (store, loaded) => {
        const config = loaded.config;
        const auth = createConsoleAuth({ store, clock: systemClock, agents: config.agents, hasher: argon2Hasher });
        const invite = await auth.invite(agentId);
        if (!invite) {
          const known = config.agents.map((a) => a.id).join(", ") || "none: add one under agents: in the config";
          io.stderr(`no agent "${agentId}" in the config (agents: ${known})\n`);
          process.exitCode = 1;
          return;
        }
        const base = config.hub.public_url.replace(/\/$/, "");
        io.stdout(`Sign-in link for ${agentId} (works once, until ${invite.expiresAt.toISOString()}):\n${base}/console/invite#${invite.token}\n`);
      });
    });
}
