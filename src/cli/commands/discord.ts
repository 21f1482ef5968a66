import type { Command } from "commander";
import { discordConfigSchema } from "../../bots/discord/config.js";
import { loadConfigOrReport } from "../config-path.js";
import type { CliIo } from "../io.js";

/**
 * `threadline discord invite-url`: prints the OAuth2 link that adds the bot to
 * a server with the `bot` and `applications.commands` scopes and exactly the
 * permissions the bot uses (each explained with --explain). The application id
 * comes from `bots.discord.application_id` (normally `${DISCORD_APPLICATION_ID}`).
 */
export function registerDiscordCommand(program: Command, io: CliIo): void {
  const discord = program.command("discord").description("The Discord escalation bot");
  discord
    .command("invite-url")
    .description("Print the link that invites the Discord bot to your server, with exactly the permissions it needs")
    .option("-c, --config <file>", "config file")
    .option("--explain", "also list each permission and why it is needed")
    .action(async (opts: { config?: string; explain?: boolean }) => {
      const loaded = loadConfigOrReport(opts.config, io);
      if (!loaded) {
        process.exitCode = 1;
        return;
      }
      const section = loaded.config.bots?.discord;
      const parsed = discordConfigSchema.safeParse(section ?? {});
      if (!parsed.success) {
        for (const issue of parsed.error.issues) io.stderr(`bots.discord.${issue.path.join(".")}: ${issue.message}\n`);
        process.exitCode = 1;
        return;
      }
      const appId = parsed.data.application_id;
      if (!appId) {
        const missing = loaded.missingEnv.find((m) => m.key === "bots.discord.application_id");
        io.stderr(
          missing
            ? `No Discord application id: ${missing.variable} is not set (bots.discord.application_id refers to it). Set ${missing.variable} to the Application ID from https://discord.com/developers/applications → your app → General Information.\n`
            : section === undefined
              ? "No Discord application id: the config has no bots.discord section. Add `bots: { discord: { application_id: ${DISCORD_APPLICATION_ID} } }` to the config and set DISCORD_APPLICATION_ID to the Application ID (Developer Portal → General Information).\n"
              : "No Discord application id: set bots.discord.application_id (normally ${DISCORD_APPLICATION_ID}) and the DISCORD_APPLICATION_ID variable to the Application ID (Developer Portal → General Information).\n",
        );
        process.exitCode = 1;
        return;
      }
      // discord.js (the permission flags) is loaded only for this command, never at hub start-up.
      const { DISCORD_PERMISSIONS, discordInviteUrl, discordPermissionBits } = await import("../../bots/discord/permissions.js");
      io.stdout(`${discordInviteUrl(appId)}\n`);
      if (opts.explain) {
        io.stdout(`\npermissions=${discordPermissionBits().toString()} is:\n`);
        for (const p of DISCORD_PERMISSIONS) io.stdout(`  ${p.name}: ${p.why}\n`);
      }
    });
}
