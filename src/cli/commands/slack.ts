import type { Command } from "commander";
import { stringify } from "yaml";
import { slackConfigSchema } from "../../bots/slack/config.js";
import { slackManifest } from "../../bots/slack/manifest.js";
import { loadConfigOrReport } from "../config-path.js";
import type { CliIo } from "../io.js";

/** `threadline slack manifest`: prints the Slack app manifest generated from the config (YAML, or JSON with --json). */
export function registerSlackCommand(program: Command, io: CliIo): void {
  const slack = program.command("slack").description("The Slack escalation bot");
  slack
    .command("manifest")
    .description("Print a Slack app manifest for this hub (paste it at api.slack.com/apps → Create New App → From a manifest)")
    .option("-c, --config <file>", "config file")
    .option("--json", "print JSON instead of YAML")
    .action((opts: { config?: string; json?: boolean }) => {
      const loaded = loadConfigOrReport(opts.config, io);
      if (!loaded) {
        process.exitCode = 1;
        return;
      }
      const section = loaded.config.bots?.slack ?? {};
      const parsed = slackConfigSchema.safeParse(section);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) io.stderr(`bots.slack.${issue.path.join(".")}: ${issue.message}\n`);
        process.exitCode = 1;
        return;
      }
      const manifest = slackManifest({ hubName: loaded.config.hub.name, publicUrl: loaded.config.hub.public_url, config: parsed.data });
      if (parsed.data.mode === "http" && !/^https:\/\//.test(loaded.config.hub.public_url)) {
        io.stderr(
          `note: hub.public_url (${loaded.config.hub.public_url}) is not a public HTTPS URL; Slack cannot reach it. Set it, or use bots.slack.mode: socket.\n`,
        );
      }
      io.stdout(opts.json ? `${JSON.stringify(manifest, null, 2)}\n` : stringify(manifest));
    });
}
