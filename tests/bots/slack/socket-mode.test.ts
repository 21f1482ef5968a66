import { App } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackBot, type SlackBot } from "../../../src/bots/slack/index.js";
import { startSlackStandIn, type SlackStandIn } from "../../fakes/slack-api.js";
import { configFor, deps, envelope, eventually, recordingDesk, target, threadMessage, threadView } from "./helpers.js";

let api: SlackStandIn;
let bot: SlackBot | null = null;

beforeEach(async () => {
  api = await startSlackStandIn();
});
afterEach(async () => {
  await bot?.stop();
  bot = null;
  await api.close();
});

describe("slack: Socket Mode", () => {
  it("builds the Bolt app in socket mode with the app token, connects through apps.connections.open and handles events without any HTTP route", async () => {
    const desk = recordingDesk();
    bot = createSlackBot(configFor(api, { mode: "socket", app_token: api.appToken, signing_secret: undefined }), deps(), { retries: 0 });
    await bot.start(desk);
    expect(bot.app).toBeInstanceOf(App);
    const open = await api.waitForCall("apps.connections.open");
    expect(open.token).toBe(api.appToken);
    await eventually(() => api.socketConnected(), 5000, "socket connection");
    expect(bot.status()).toMatchObject({ ok: true, detail: "connected (socket mode)" });

    const view = threadView();
    const ref = await bot.openThread(target(), view);
    desk.threads.set(ref.threadId, view.conversation.id);
    const ackPayload = await api.sendEnvelope("events_api", envelope(threadMessage(ref.target, ref.threadId, "!reply over the socket")));
    expect(ackPayload).toBeDefined();
    const [e] = await desk.waitFor(1);
    expect(e).toMatchObject({ kind: "reply", text: "over the socket", conversationId: view.conversation.id });
  });

  it("the mount() of a socket-mode bot adds no route (no public URL needed)", () => {
    bot = createSlackBot(configFor(api, { mode: "socket", app_token: api.appToken }), deps(), { retries: 0 });
    const routes: string[] = [];
    bot.mount({ post: (path: string) => void routes.push(path) } as never, {} as never);
    expect(routes).toEqual([]);
  });
});
