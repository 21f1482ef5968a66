import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHANNEL_MODULES } from "../../../src/adapters/registry.js";
import { startHub, type Hub } from "../../../src/app/hub.js";
import { BOT_MODULES } from "../../../src/bots/registry.js";
import { MODULES } from "../../../src/app/modules.js";
import { loadConfigText } from "../../../src/core/config/load.js";
import type { Decider } from "../../../src/core/pipeline/decision.js";
import { silentLogger } from "../../../src/core/logger.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { startSlackStandIn, type SlackStandIn } from "../../fakes/slack-api.js";
import { recordingAdapter, type RecordingAdapter } from "../../helpers/fakes.js";
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
const escalateFirst: Decider = async ({ conversation }) => (conversation.owner === "ai" ? { replies: [], escalation: card({ queue: "billing" }) } : { replies: [] });

let api: SlackStandIn;
let hub: Hub | null = null;
let dir: string;
let telegram: RecordingAdapter;

beforeEach(async () => {
  api = await startSlackStandIn();
  api.users.set(AGENT.id, { id: AGENT.id, real_name: "Mia", profile: { email: AGENT.email } });
  dir = mkdtempSync(join(tmpdir(), "tl-slack-hub-"));
  const loaded = loadConfigText(CONFIG, "threadline.yaml", { SLACK_BOT_TOKEN: api.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl }, MODULES);
  telegram = recordingAdapter("telegram");
  hub = await startHub({
    config: loaded.config, missingEnv: loaded.missingEnv, channels: CHANNEL_MODULES, bots: BOT_MODULES, dataDir: dir,
    store: openSqliteStore({ path: join(dir, "threadline.db") }), logger: silentLogger(), listen: { host: "127.0.0.1", port: 0 },
    decide: escalateFirst, adapterOverrides: { telegram },
  });
});
afterEach(async () => {
  await hub?.stop();
  hub = null;
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const inbound = (text: string, id: string) => ({
  channel: "telegram" as const, externalId: id, sender: { kind: "telegram" as const, value: "777", name: "Ana" }, address: { chatId: 777 }, text, attachments: [], receivedAt: new Date(),
});

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
    const mirror = await api.waitForCall("chat.postMessage", (c) => c.args.thread_ts === threadTs);
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
