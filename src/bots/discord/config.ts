import { z } from "zod";

const snowflake = z
  .string()
  .trim()
  .regex(/^\d{15,22}$/, "a Discord id (15-22 digits; enable Developer Mode and use Copy ID)");

export const DISCORD_DEFAULT_API_URL = "https://discord.com/api";

/**
 * The `bots.discord` section of threadline.yaml. Strict: unknown keys are
 * errors. `token` and `application_id` normally come from the environment
 * (`${DISCORD_BOT_TOKEN}`, `${DISCORD_APPLICATION_ID}`); an unset token makes
 * the bot "disabled" in the start-up report, never a crash.
 */
export const discordConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe("Run the Discord escalation bot."),
    token: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe(
        "Bot token (Developer Portal → your application → Bot → Reset Token), normally ${DISCORD_BOT_TOKEN}. When the variable is unset the bot is reported as disabled (the hub still starts).",
      ),
    application_id: snowflake
      .optional()
      .describe(
        "Application id (Developer Portal → General Information), normally ${DISCORD_APPLICATION_ID}. Needed to register the slash commands and by `threadline discord invite-url`.",
      ),
    guild_id: snowflake.optional().describe("The server (guild) whose channels receive escalations; slash commands are registered there on start."),
    agent_roles: z
      .array(snowflake)
      .default([])
      .describe("Role ids allowed to act on escalations (buttons, commands, replies, reactions). Empty: anyone who can see the channel."),
    api_url: z
      .url({ protocol: /^https?$/ })
      .default(DISCORD_DEFAULT_API_URL)
      .describe("Base URL of the Discord REST API, without the version (the gateway address is asked from it). Change only for a proxy or a test stand-in."),
    rate_limit_max_wait: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .default(5_000)
      .describe(
        "Longest rate-limit wait (ms) the bot sits out itself; longer ones are reported to the hub as rate_limited with Discord's retry_after, so the hub retries later.",
      ),
  })
  .describe("Discord escalation bot (discord.js): threads with handoff cards, slash commands, buttons and reactions for agents.");

export type DiscordConfig = z.output<typeof discordConfigSchema>;
