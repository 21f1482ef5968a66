import { z } from "zod";

export const SLACK_DEFAULT_EVENTS_PATH = "/api/slack/events";

const secret = z.string().trim().min(1);

/**
 * The `bots.slack` section. Secrets come from env (`${SLACK_BOT_TOKEN}` …); an
 * unset variable leaves the key out, and the bot is then reported disabled
 * (bot_token via `requiredSecrets`, the mode-specific secret by the factory).
 */
export const slackConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Run the Slack escalation bot."),
    mode: z
      .enum(["http", "socket"])
      .default("http")
      .describe(
        '"http" (default): Slack posts events and interactions to <hub.public_url><events_path> (needs a public HTTPS URL and the signing secret). "socket": Socket Mode over a websocket the hub opens (no public URL; needs an app-level token).',
      ),
    bot_token: secret
      .optional()
      .describe("Bot User OAuth Token (xoxb-…), normally ${SLACK_BOT_TOKEN}. When the variable is unset the bot is reported as disabled."),
    signing_secret: secret
      .optional()
      .describe(
        "Signing secret of the Slack app (Basic Information), normally ${SLACK_SIGNING_SECRET}. Required in http mode: every request's v0 signature is checked against it; a bad or stale signature is answered 401.",
      ),
    app_token: secret.optional().describe("App-level token (xapp-…) with the connections:write scope, normally ${SLACK_APP_TOKEN}. Required in socket mode."),
    events_path: z
      .string()
      .regex(/^\/[^\s?#]*$/, 'a path starting with "/"')
      .default(SLACK_DEFAULT_EVENTS_PATH)
      .describe("Path on the hub that receives events, interactions and shortcuts (http mode). One URL serves all three."),
    api_url: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe("Base URL of the Slack Web API, ending in /api/ (default https://slack.com/api/). Change it for Enterprise Grid proxies or a test stand-in."),
    bot_id: z
      .string()
      .regex(/^B[A-Z0-9]+$/, "a Slack bot id such as B0123ABCD")
      .optional()
      .describe("The bot's id. Optional: read from Slack (auth.test) at start."),
    bot_user_id: z
      .string()
      .regex(/^[UW][A-Z0-9]+$/, "a Slack user id such as U0123ABCD")
      .optional()
      .describe("The bot's user id. Optional: read from Slack (auth.test) at start."),
  })
  .describe("Slack: escalation threads with a Block Kit handoff card (Bolt), by the Events API or Socket Mode.");

export type SlackConfig = z.output<typeof slackConfigSchema>;

/** The mode-specific secret that is missing, in words naming the key, or null when the config can run. */
export function missingModeSecret(config: SlackConfig): string | null {
  if (config.mode === "http" && !config.signing_secret)
    return "signing_secret is not set (SLACK_SIGNING_SECRET), needed in http mode to verify Slack's requests";
  if (config.mode === "socket" && !config.app_token) return "app_token is not set (SLACK_APP_TOKEN), needed in socket mode";
  if (!config.bot_token) return "bot_token is not set (SLACK_BOT_TOKEN)";
  return null;
}
