import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hub } from "../../../src/app/hub.js";
import { BOT_MODULES } from "../../../src/bots/registry.js";
import type { Decider } from "../../../src/core/pipeline/decision.js";
import { startDiscordStandIn, type DiscordStandIn } from "../../fakes/discord-api.js";
import { recordingAdapter, telegramInbound, type RecordingAdapter } from "../../helpers/fakes.js";
import { startTestHub, type TestHub } from "../../helpers/hub.js";
import { eventually, view } from "./harness.js";

let api: DiscordStandIn;
let test: TestHub | null = null;
let hub: Hub | null = null;
let telegram: RecordingAdapter;
const agent = { id: "", username: "mia", discriminator: "0", global_name: "Mia", avatar: null };

/** Escalates the first message of every conversation the AI still owns; silent otherwise. */
const escalateFirst: Decider = async ({ conversation }) =>
  conversation.owner === "ai" ? { replies: [], escalation: view({ card: { queue: "billing" } }).card } : { replies: [] };

beforeEach(async () => {
  api = await startDiscordStandIn();
  agent.id = api.newId();
  const config = `
hub: { name: Test Shop, public_url: "https://support.example.com" }
escalation:
  targets:
    billing: { platform: discord, channel: "${api.channels.text}", mention: ["<@&${api.roles.agent}>"] }
  routes:
    - { match: {}, targets: [billing] }
  fallback: billing
  undo_window: 1s
agents:
  - { id: mia, name: Mia, discord: ["${agent.id}"] }
bots:
  discord:
    token: \${DISCORD_BOT_TOKEN}
    application_id: \${DISCORD_APPLICATION_ID}
    guild_id: "${api.guildId}"
    api_url: \${DISCORD_API_URL}
`;
  telegram = recordingAdapter("telegram");
  test = await startTestHub({
    configYaml: config,
    env: { DISCORD_BOT_TOKEN: api.token, DISCORD_APPLICATION_ID: api.applicationId, DISCORD_API_URL: api.apiUrl },
    overrides: { bots: BOT_MODULES, decide: escalateFirst, adapterOverrides: { telegram } },
  });
  hub = test.hub;
});
afterEach(async () => {
  await test?.stop();
  test = null;
  await api.close();
});

const inbound = telegramInbound;
const member = () => ({ roles: [api.roles.agent], joined_at: "2026-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0, nick: null });

describe("discord bot inside the real hub", () => {
  it("escalation opens a thread with the card, mirrors the customer, keeps a note internal and delivers an explicit reply", async () => {
    await hub!.ingest([inbound("I want my money back", "t1")]);
    await hub!.settle();
    const start = await api.waitForCall("POST", /\/messages\/\d+\/threads$/);
    const threadId = /\/messages\/(\d+)\/threads$/.exec(start.path)![1]!;
    expect(JSON.stringify(api.messages.get(threadId)!.embeds)).toContain("Refund for a double-charged order 4711");

    await hub!.ingest([inbound("Hello? Anyone there?", "t2")]);
    await hub!.settle();
    await api.waitForCall("POST", new RegExp(`^/channels/${threadId}/messages$`), (c) => String(c.body.content).includes("Hello? Anyone there?"));

    api.postAsUser(threadId, agent, "She ordered twice, check both", member());
    await api.waitForCall("PUT", /reactions\/.+\/@me$/);
    api.postAsUser(threadId, agent, "!reply We are on it, Ana.", member());
    await eventually(() => expect(telegram.sent.length).toBeGreaterThan(0), 8000);
    await new Promise((r) => setTimeout(r, 300));
    expect(telegram.sent.map((s) => s.message.text)).toEqual(["We are on it, Ana."]);
  });

  it("/claim by a mapped agent claims through the real desk and the card is edited in place", async () => {
    await hub!.ingest([inbound("I want my money back", "t1")]);
    await hub!.settle();
    const start = await api.waitForCall("POST", /\/messages\/\d+\/threads$/);
    const threadId = /\/messages\/(\d+)\/threads$/.exec(start.path)![1]!;
    const id = api.newId();
    api.dispatch("INTERACTION_CREATE", {
      id,
      application_id: api.applicationId,
      type: 2,
      token: `tok-${id}`,
      version: 1,
      guild_id: api.guildId,
      channel_id: threadId,
      channel: api.threads.get(threadId),
      member: { ...member(), user: agent, permissions: "2248473465835073" },
      data: { id: api.newId(), name: "claim", type: 1, guild_id: api.guildId },
      app_permissions: "0",
      locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: {},
      context: 0,
    });
    const cb = await api.waitForCall("POST", new RegExp(`^/interactions/${id}/`));
    expect(cb.body.data).toMatchObject({ flags: 64 });
    await api.waitForCall("PATCH", new RegExp(`^/channels/${api.channels.text}/messages/${threadId}$`), (c) =>
      JSON.stringify(c.body).includes("assignee: Mia"),
    );
  });
});
