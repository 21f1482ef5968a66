import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSlackStandIn, type SlackStandIn } from "../../fakes/slack-api.js";
import { envelope, mountedBot, settle, sign, SIGNING_SECRET, target, threadMessage, threadView, type Mounted } from "./helpers.js";

let api: SlackStandIn;
let m: Mounted | null = null;

beforeEach(async () => {
  api = await startSlackStandIn();
});
afterEach(async () => {
  await m?.close();
  m = null;
  await api.close();
});

describe("slack receiver: signature window and malformed signed bodies", () => {
  it("refuses a signature dated more than 5 minutes in the future", async () => {
    m = await mountedBot(api);
    const ref = await m.bot.openThread(target(), threadView());
    m.desk.threads.set(ref.threadId, "cv1");
    const body = JSON.stringify(envelope(threadMessage(ref.target, ref.threadId, "!reply from the future")));
    const now = Math.floor(Date.now() / 1000);
    expect((await m.postRaw(body, "application/json", sign(body, SIGNING_SECRET, now + 6 * 60))).status).toBe(401);
    await settle(200);
    expect(m.desk.events).toEqual([]);
  });

  it("answers 4xx, never 5xx, to correctly signed bodies that are not Slack payloads", async () => {
    m = await mountedBot(api);
    const bodies = [
      JSON.stringify({ type: "event_callback" }),
      JSON.stringify({ type: "event_callback", event: null, event_id: "Ev1" }),
      JSON.stringify({ type: "event_callback", event: "text" }),
      JSON.stringify({ type: "block_actions" }),
      JSON.stringify({ type: "view_submission", view: 3 }),
      JSON.stringify({ type: "nonsense" }),
      JSON.stringify({}),
      JSON.stringify([1, 2]),
      "not json",
    ];
    for (const body of bodies) {
      const res = await m.postRaw(body, "application/json", sign(body));
      expect(res.status, body).toBeGreaterThanOrEqual(400);
      expect(res.status, body).toBeLessThan(500);
    }
    for (const payload of ['{"type":"block_actions"}', '{"type":"view_submission"}', "[]", "{"]) {
      const form = new URLSearchParams({ payload }).toString();
      const res = await m.postRaw(form, "application/x-www-form-urlencoded", sign(form));
      expect(res.status, payload).toBeGreaterThanOrEqual(400);
      expect(res.status, payload).toBeLessThan(500);
    }
    expect(m.desk.events).toEqual([]);
  });
});
