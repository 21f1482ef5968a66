import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BOT_MODULES } from "../../../src/bots/registry.js";
import type { Decider } from "../../../src/core/pipeline/decision.js";
import { startSlackStandIn, type SlackApiCall, type SlackStandIn } from "../../fakes/slack-api.js";
import { recordingAdapter, telegramInbound } from "../../helpers/fakes.js";
import { startTestHub, type TestHub } from "../../helpers/hub.js";
import { card, eventually, SIGNING_SECRET } from "./helpers.js";

const CONFIG = `
hub: { name: Test Shop, public_url: "https://support.example.com" }
escalation:
  targets:
    billing: { platform: slack, channel: C0BILLING }
  routes:
    - { match: {}, targets: [billing] }
  retry: { base_delay: 50ms, max_delay: 200ms }
bots:
  slack:
    bot_token: \${SLACK_BOT_TOKEN}
    signing_secret: \${SLACK_SIGNING_SECRET}
    api_url: \${SLACK_API_URL}
`;

const escalateFirst: Decider = async ({ conversation }) =>
  conversation.owner === "ai" ? { replies: [], escalation: card({ queue: "billing" }) } : { replies: [] };

let api: SlackStandIn;
let test: TestHub | null = null;
beforeEach(async () => {
  api = await startSlackStandIn();
});
afterEach(async () => {
  await test?.stop();
  test = null;
  await api.close();
});

const start = (dataDir: string) =>
  startTestHub({
    configYaml: CONFIG,
    dataDir,
    env: { SLACK_BOT_TOKEN: api.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: api.apiUrl },
    overrides: { bots: BOT_MODULES, decide: escalateFirst, adapterOverrides: { telegram: recordingAdapter("telegram") } },
  });

/** Thread-starting posts (the card) for a conversation: top-level posts that name it in their metadata. */
const starters = (conversationId: string) =>
  api
    .callsTo("chat.postMessage")
    .filter(
      (c: SlackApiCall) =>
        !c.args.thread_ts && (c.args.metadata as { event_payload?: { conversation_id?: string } })?.event_payload?.conversation_id === conversationId,
    );

describe("a thread whose opening answer was lost is found, not opened twice", () => {
  it("Slack posted the card but the answer was lost: the retry finds the thread by its metadata and records it", async () => {
    test = await start(mkdtempSync(join(tmpdir(), "tl-dedupe-")));
    api.failNext("chat.postMessage", { lostResponse: 503 });
    const [outcome] = await test.hub.ingest([telegramInbound("I want my money back", "d1")]);
    const id = outcome!.conversationId;
    const opened = await waitFor(async () => {
      const events = await test!.store.listEvents({ conversationId: id, type: "thread.opened" });
      return events.length > 0 ? events : null;
    });
    await test.hub.settle();
    expect(starters(id)).toHaveLength(1);
    expect(api.callsTo("conversations.history").length).toBeGreaterThanOrEqual(1);
    expect(opened).toHaveLength(1);
    // The recorded thread is the one Slack created (its ts from history, since the post's own answer was lost).
    const history = api.callsTo("conversations.history").at(-1)!.result as { messages: { ts: string }[] };
    expect(opened[0]!.data.threadId).toBe(history.messages[0]!.ts);
    // The lost answer carried no ts.
    expect(starters(id)[0]!.result?.ts).toBeUndefined();
    // Its card was brought up to date in place.
    expect(api.callsTo("chat.update").some((c) => c.args.ts === opened[0]!.data.threadId)).toBe(true);
    expect((await test.store.getConversation(id))!.escalation?.threadId).toBe(opened[0]!.data.threadId);
  });

  it("a hub that stopped after Slack took the card but before recording it finds the thread at the next start", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tl-dedupe-"));
    test = await start(dataDir);
    // The card post is "lost" and history is down, so the first hub never learns the thread exists; then it stops.
    api.failNext("chat.postMessage", { lostResponse: 503 }, 1);
    api.failNext("conversations.history", { http: 503 }, 100);
    const [outcome] = await test.hub.ingest([telegramInbound("I want my money back", "d2")]);
    const id = outcome!.conversationId;
    await eventually(() => starters(id).length === 1, 10_000);
    await eventually(() => api.callsTo("conversations.history").length > 0, 10_000);
    await test.stop();
    test = null;
    expect(await countOpened(dataDir, id)).toBe(0);

    // History answers again; the restarted hub's recovery finds the card instead of posting another.
    api.clearFailures();
    test = await start(dataDir);
    await waitFor(async () => (await test!.store.listEvents({ conversationId: id, type: "thread.opened" })).length === 1);
    await test.hub.settle();
    expect(starters(id)).toHaveLength(1);
  });
});

/** Polls an async condition until it holds (a value or true), failing after 10 s. */
async function waitFor<T>(fn: () => Promise<T | null | false>): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > 10_000) throw new Error("timed out waiting for condition");
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function countOpened(dataDir: string, conversationId: string): Promise<number> {
  const { openSqliteStore } = await import("../../../src/core/store/sqlite/sqlite-store.js");
  const store = openSqliteStore({ path: join(dataDir, "threadline.db") });
  try {
    return (await store.listEvents({ conversationId, type: "thread.opened" })).length;
  } finally {
    await store.close();
  }
}
