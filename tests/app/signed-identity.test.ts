import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIdentity } from "../../src/adapters/web/identity.js";
import { manualClock } from "../../src/core/clock.js";
import { escalationConfig, eventually, recordingBot, type RecordingBot } from "../core/escalation/helpers.js";
import { newSession, postMessage, startWebServer } from "../adapters/web/fakes.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { captureLogs, flushLogs } from "../helpers/log-capture.js";

const SECRET = "identity-secret-for-tests-0123456789";
const clock = manualClock(new Date("2026-11-24T10:00:00Z"));
const inFiveMinutes = () => Math.floor(clock.now().getTime() / 1000) + 300;

function identify(url: string, token: string, identity: Record<string, unknown>, signature = signIdentity(SECRET, identity)): Promise<Response> {
  return fetch(`${url}/api/web/identify`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify({ identity, signature }),
  });
}

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
}

describe("signed identity in the web chat, through the real hub", () => {
  let t: TestHub;
  let slack: RecordingBot;
  const logs = captureLogs("debug");

  beforeAll(async () => {
    slack = recordingBot("slack");
    t = await startTestHub({
      clock,
      logger: logs.logger,
      configYaml: escalationConfig(),
      env: { WEB_IDENTITY_SECRET: SECRET },
      overrides: { botOverrides: { slack } },
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it("a signed-in VIP writes in the widget: the shipped vip rule escalates, and the card shows the tier", async () => {
    const s = await newSession(t.url);
    const res = await identify(t.url, s.token, {
      user_id: "shop-1001",
      email: "vip@example.com",
      name: "Vera Ip",
      attributes: { tier: "vip" },
      exp: inFiveMinutes(),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ identified: true });

    const sent = await postMessage(t.url, s.token, { text: "Hello, I have a question about my jacket", clientMessageId: "vip-1" });
    expect(sent.status).toBe(202);
    const { conversationId } = (await sent.json()) as { conversationId: string };
    await t.hub.settle();
    const conversation = await t.store.getConversation(conversationId);
    expect(conversation).toMatchObject({ owner: "human", priority: "high", handoff: { rule: "vip", reason: expect.stringContaining("VIP customer") } });
    const contact = await t.store.getContact(conversation!.contactId);
    expect(contact).toMatchObject({ name: "Vera Ip", profile: { tier: "vip" } });
    expect(contact!.identities).toEqual(
      expect.arrayContaining([
        { kind: "user", value: "shop-1001" },
        { kind: "email", value: "vip@example.com" },
      ]),
    );

    await eventually(() => expect(slack.opened.some((o) => o.view.conversation.id === conversationId)).toBe(true));
    const view = slack.opened.find((o) => o.view.conversation.id === conversationId)!.view;
    expect(view.contact).toEqual({ id: contact!.id, name: "Vera Ip", attributes: [{ key: "tier", label: "Tier", value: "vip" }] });
  });

  it("an unsigned visitor stays anonymous: the same message is not a VIP escalation", async () => {
    const s = await newSession(t.url);
    const sent = await postMessage(t.url, s.token, { text: "Hello, I have a question about my jacket", clientMessageId: "anon-1" });
    const { conversationId } = (await sent.json()) as { conversationId: string };
    await t.hub.settle();
    const conversation = await t.store.getConversation(conversationId);
    expect(conversation?.handoff?.rule ?? null).not.toBe("vip");
    const contact = await t.store.getContact(conversation!.contactId);
    expect(contact!.identities).toEqual([{ kind: "web", value: s.visitorId }]);
    expect(contact!.profile.tier).toBeUndefined();
  });

  it("refuses a forged or expired signature with 401 and a log line without PII; nothing is stored", async () => {
    const s = await newSession(t.url);
    logs.clear();
    const payload = { user_id: "shop-2002", email: "mallory@example.com", name: "Mallory Example", attributes: { tier: "vip" }, exp: inFiveMinutes() };
    const forged = await identify(t.url, s.token, payload, signIdentity("not-the-secret-0123456789abcdef", payload));
    expect(await errorOf(forged)).toMatchObject({ status: 401, code: "invalid_signature" });
    const tampered = await identify(t.url, s.token, { ...payload, user_id: "shop-1001" }, signIdentity(SECRET, payload));
    expect(await errorOf(tampered)).toMatchObject({ status: 401, code: "invalid_signature" });
    const stale = { user_id: "shop-2002", exp: Math.floor(clock.now().getTime() / 1000) - 1 };
    expect(await errorOf(await identify(t.url, s.token, stale))).toMatchObject({ status: 401, code: "identity_expired" });
    const badShape = await fetch(`${t.url}/api/web/identify`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${s.token}` },
      body: JSON.stringify({ identity: payload, signature: "nope" }),
    });
    expect(await errorOf(badShape)).toMatchObject({ status: 422, code: "invalid_body" });
    const noToken = await fetch(`${t.url}/api/web/identify`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ identity: payload, signature: signIdentity(SECRET, payload) }),
    });
    expect(noToken.status).toBe(401);

    expect(await t.store.findContactByIdentity({ kind: "web", value: s.visitorId })).toBeNull();
    expect(await t.store.findContactByIdentity({ kind: "user", value: "shop-2002" })).toBeNull();
    await flushLogs();
    const refusals = logs.records().filter((r) => String(r.msg).startsWith("web chat: signed identity refused"));
    expect(refusals.map((r) => r.code)).toEqual(["invalid_signature", "invalid_signature", "identity_expired"]);
    for (const secretish of ["mallory", "Mallory Example", "shop-2002", "shop-1001", SECRET]) expect(logs.text()).not.toContain(secretish);
  });

  it("refuses an undeclared attribute or a bad value with 422 naming the key, and a second user on one session with 409", async () => {
    const s = await newSession(t.url);
    const bad = await identify(t.url, s.token, { user_id: "shop-3003", attributes: { tier: "platinum" } });
    expect(await errorOf(bad)).toMatchObject({ status: 422, code: "invalid_attribute", message: expect.stringContaining('"tier"') });
    const unknown = await identify(t.url, s.token, { user_id: "shop-3003", attributes: { plan: "pro" } });
    expect(await errorOf(unknown)).toMatchObject({ status: 422, code: "unknown_attribute", message: expect.stringContaining('"plan"') });
    expect((await identify(t.url, s.token, { user_id: "shop-3003" })).status).toBe(200);
    // Idempotent for the same user; another user on this session is refused.
    expect((await identify(t.url, s.token, { user_id: "shop-3003" })).status).toBe(200);
    expect(await errorOf(await identify(t.url, s.token, { user_id: "shop-4004" }))).toMatchObject({ status: 409, code: "identity_mismatch" });
  });
});

describe("signed identity switched off", () => {
  it("answers 404 identity_not_configured when no identity_secret is set", async () => {
    const w = await startWebServer();
    try {
      const s = await newSession(w.url);
      expect(await errorOf(await identify(w.url, s.token, { user_id: "u1" }))).toMatchObject({ status: 404, code: "identity_not_configured" });
    } finally {
      await w.stop();
    }
  });
});
