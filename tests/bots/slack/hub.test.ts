import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hub } from "../../../src/app/hub.js";
import { BOT_MODULES } from "../../../src/bots/registry.js";
import type { Decider } from "../../../src/core/pipeline/decision.js";
import { startSlackStandIn, type SlackStandIn } from "../../fakes/slack-api.js";
import { recordingAdapter, telegramInbound, type RecordingAdapter } from "../../helpers/fakes.js";
import { startTestHub, type TestHub } from "../../helpers/hub.js";
import { AGENT, card, envelope, eventually, settle, sign, SIGNING_SECRET, threadMessage } from "./helpers.js";

const CONFIG = `
hub: { name: Test Shop, public_url: "https://support.example.com" }
escalation:
  targets:
    billing: { platform: slack, channel: C0BILLING, mention: ["<!subteam^S0123>"] }
  routes:
    - { match: {}, targets: [billing] }
  fallback: billing
  undo_window: 1s
agents:
  - { id: mia, name: Mia, slack: [${AGENT.id}] }
bots:
  slack:
    bot_token: \${SLACK_BOT_TOKEN}
    signing_secret: \${SLACK_SIGNING_SECRET}
    api_url: \${SLACK_API_URL}
`;

/** Escalates the first message of every conversation the AI still owns; silent otherwise. */
const escalateFirst: Decider = async ({ conversation }) =>
  conversation.owner === "ai" ? { replies: [], escalation: card({ queue: "billing" }) } : { replies: [] };

let api: SlackStandIn;
let test: TestHub | null = null;
let hub: Hub | null = null;
let telegram: RecordingAdapter;

beforeEach(async () => {
  api = await startSlackStandIn();
  api.users.set(AGENT.id, { id: AGENT.id, real_name: "Mia", profile: { email: AGENT.email } });
  telegram = recordingAdapter("telegram");
  test = await startTestHub({
    configYaml: CONFIG,
    env: { SLACK_BOT_TOKEN: api.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl },
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

async function post(payload: Record<string, unknown>) {
  const body = JSON.stringify(payload);
  return fetch(`${hub!.url}/api/slack/events`, { method: "POST", headers: { "content-type": "application/json", ...sign(body) }, body });
}

describe("slack bot inside the real hub", () => {
  it("escalation opens a card, customer messages are mirrored, a note stays internal and a prefixed reply reaches the customer", async () => {
    await hub!.ingest([inbound("I want my money back", "t1")]);
    await hub!.settle(); // the relay has opened the thread and recorded it
    const cardPost = await api.waitForCall("chat.postMessage", (c) => c.args.channel === "C0BILLING" && !c.args.thread_ts);
    expect(JSON.stringify(cardPost.args.blocks)).toContain("Get a refund for order 1042");
    const threadTs = String(cardPost.result!.ts);

    await hub!.ingest([inbound("Hello? Anyone there?", "t2")]);
    await hub!.settle();
    // The thread also gets system lines (the inbound's date is long past, so the first-response SLA is already breached): find the mirror.
    const mirror = await api.waitForCall("chat.postMessage", (c) => c.args.thread_ts === threadTs && JSON.stringify(c.args.blocks).includes("Hello? Anyone"));
    expect(JSON.stringify(mirror.args.blocks)).toContain("Hello? Anyone there?");

    // An internal note: stored, never delivered.
    expect((await post(envelope(threadMessage("C0BILLING", threadTs, "She ordered twice, check both")))).status).toBe(200);
    // An explicit reply: delivered to the customer's Telegram after the undo window.
    expect((await post(envelope(threadMessage("C0BILLING", threadTs, "!reply We are on it, Ana.")))).status).toBe(200);
    const eph = await api.waitForCall("chat.postEphemeral");
    expect(String(eph.args.text)).toMatch(/^Sent to customer on Telegram in 1 s — Undo$/);
    await eventually(() => telegram.sent.length > 0, 5000, "reply delivered");
    await settle(300);
    expect(telegram.sent.map((s) => s.message.text)).toEqual(["We are on it, Ana."]);
  });

  it("👀 on the card claims the conversation for the mapped agent and the card is updated in place", async () => {
    await hub!.ingest([inbound("I want my money back", "t1")]);
    await hub!.settle();
    const cardPost = await api.waitForCall("chat.postMessage", (c) => c.args.channel === "C0BILLING" && !c.args.thread_ts);
    const threadTs = String(cardPost.result!.ts);
    await post(envelope({ type: "reaction_added", user: AGENT.id, reaction: "eyes", item: { type: "message", channel: "C0BILLING", ts: threadTs } }));
    const update = await api.waitForCall("chat.update", (c) => c.args.ts === threadTs && JSON.stringify(c.args.blocks).includes("*Assignee*\\nMia"));
    expect(update.args.channel).toBe("C0BILLING");
  });
});
