import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSlackStandIn, type SlackStandIn } from "../../fakes/slack-api.js";
import { blockAction, envelope, mountedBot, settle, sign, SIGNING_SECRET, target, threadMessage, threadView, type Mounted } from "./helpers.js";

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

describe("slack: request verification", () => {
  it("refuses forged, missing and stale signatures with 401 and applies nothing", async () => {
    m = await mountedBot(api);
    const ref = await m.bot.openThread(target(), threadView());
    m.desk.threads.set(ref.threadId, "cv1");
    const body = JSON.stringify(envelope(threadMessage(ref.target, ref.threadId, "!reply forged")));
    const now = Math.floor(Date.now() / 1000);
    const attempts: Record<string, string>[] = [
      sign(body, "not-the-secret"),
      {},
      sign(body, SIGNING_SECRET, now - 6 * 60), // older than 5 minutes
      { ...sign(body), "x-slack-signature": sign(body)["x-slack-signature"]!.replace(/.$/, (c) => (c === "0" ? "1" : "0")) },
    ];
    for (const headers of attempts) expect((await m.postRaw(body, "application/json", headers)).status).toBe(401);
    const form = new URLSearchParams({
      payload: JSON.stringify(blockAction("cv1", ref.target, ref.threadId, { action_id: "tl.claim", type: "button" })),
    }).toString();
    expect((await m.postRaw(form, "application/x-www-form-urlencoded", sign(form, "wrong"))).status).toBe(401);
    await settle(200);
    expect(m.desk.events).toEqual([]);
    // The same body, correctly signed, is accepted: the refusals were about the signature.
    expect((await m.postRaw(body, "application/json", sign(body))).status).toBe(200);
    await m.desk.waitFor(1);
  });

  it("answers url_verification only when signed", async () => {
    m = await mountedBot(api);
    const body = JSON.stringify({ token: "legacy", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" });
    const unsigned = await m.postRaw(body, "application/json", {});
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).not.toContain("3eZbrw1");
    const signed = await m.postRaw(body, "application/json", sign(body));
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("works when the JSON body was not pre-parsed by the hub (raw body read by the route)", async () => {
    m = await mountedBot(api);
    const body = JSON.stringify({ challenge: "abc", type: "url_verification" });
    // text/plain is not parsed by the hub's JSON parser: the route reads the bytes itself.
    const res = await m.postRaw(body, "text/plain", sign(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "abc" });
  });
});
