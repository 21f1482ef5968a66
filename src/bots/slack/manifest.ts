import type { SlackConfig } from "./config.js";
import { SHORTCUT_REPLY } from "./ids.js";

/**
 * The bot scopes the Slack bot needs, each with the reason (docs/slack.md
 * repeats them). Nothing more: every extra scope is something an admin has
 * to approve and an attacker could use.
 */
export const SLACK_BOT_SCOPES: readonly { scope: string; why: string }[] = [
  {
    scope: "chat:write",
    why: "post the handoff card and mirrored messages, update the card in place (chat.update), ephemeral confirmations and errors (chat.postEphemeral)",
  },
  {
    scope: "channels:history",
    why: "receive thread messages in public channels (message.channels event): agents' notes and replies; conversations.history finds a thread whose opening answer was lost",
  },
  { scope: "groups:history", why: "the same in private channels (message.groups event)" },
  { scope: "reactions:read", why: "receive reaction_added (✅ resolves, 👀 claims)" },
  { scope: "users:read", why: "users.info: the acting agent's name and time zone (snooze until tomorrow 9:00)" },
  { scope: "users:read.email", why: "users.info returns the agent's e-mail, which maps a Slack user to a configured agent" },
  { scope: "commands", why: 'required by Slack for the "Reply to customer" message shortcut (no slash commands are registered)' },
];

export const SLACK_BOT_EVENTS = ["message.channels", "message.groups", "reaction_added"] as const;

/**
 * A Slack app manifest (https://api.slack.com/reference/manifests) for this
 * hub: name from hub.name, the exact scopes, events, interactivity and the
 * message shortcut; request URLs in http mode, Socket Mode otherwise.
 */
export function slackManifest(input: { hubName: string; publicUrl: string; config: Pick<SlackConfig, "mode" | "events_path"> }): Record<string, unknown> {
  const http = input.config.mode === "http";
  const url = `${input.publicUrl.replace(/\/+$/, "")}${input.config.events_path}`;
  const name = input.hubName.slice(0, 35);
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: "Escalations from Threadline: handoff cards, customer replies, claims and resolutions.".slice(0, 140),
    },
    features: {
      bot_user: { display_name: input.hubName.slice(0, 80), always_online: true },
      shortcuts: [
        { name: "Reply to customer", type: "message", callback_id: SHORTCUT_REPLY, description: "Send this text to the customer of the escalation thread" },
      ],
    },
    oauth_config: { scopes: { bot: SLACK_BOT_SCOPES.map((s) => s.scope) } },
    settings: {
      event_subscriptions: { ...(http ? { request_url: url } : {}), bot_events: [...SLACK_BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(http ? { request_url: url } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !http,
      token_rotation_enabled: false,
    },
  };
}
