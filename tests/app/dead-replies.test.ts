import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingAdapter, type RecordingAdapter } from "../helpers/fakes.js";
import { greetingOnlyConfig, startTestHub, type TestHub } from "../helpers/hub.js";

const TOKEN = "admin-token-0123456789abcdef";
const GREETING = /^Hi, thanks for contacting Northwind/;

interface ApiMessage {
  id: string;
  direction: string;
  text: string;
  channel: string;
  delivery_state: string;
  error?: string | null;
  resendable?: boolean;
  resent_as?: string | null;
}

/**
 * A reply that failed for good (the channel said the recipient is invalid) is
 * shown with its error in the conversation API and can be resent once, on
 * its channel or on another the customer has written on.
 */
describe("dead replies: shown and resent through the conversation API", () => {
  let t: TestHub;
  let web: RecordingAdapter;
  let telegram: RecordingAdapter;
  beforeAll(async () => {
    web = recordingAdapter("web");
    telegram = recordingAdapter("telegram");
    t = await startTestHub({ configYaml: greetingOnlyConfig(), env: { THREADLINE_ADMIN_TOKEN: TOKEN }, overrides: { adapterOverrides: { web, telegram } } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const say = async (channel: "web" | "telegram", who: string, text: string, id: string) => {
    const [o] = await t.hub.ingest([
      {
        channel,
        externalId: id,
        sender: channel === "web" ? { kind: "web", value: who } : { kind: "telegram", value: who },
        address: channel === "web" ? { visitorId: who } : { chatId: who },
        text,
        attachments: [],
        receivedAt: new Date(),
      },
    ]);
    await t.hub.settle();
    return o!;
  };
  const messages = async (id: string) =>
    ((await (await fetch(`${t.url}/api/conversations/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { messages: ApiMessage[] })
      .messages;
  const resend = (conversationId: string, messageId: string, body: unknown, token: string | null = TOKEN) =>
    fetch(`${t.url}/api/conversations/${conversationId}/messages/${messageId}/resend`, {
      method: "POST",
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("shows the failed reply with its error, resends it once (202, then 200 with the same message), refuses what is not dead (409)", async () => {
    web.failNext.push({ kind: "invalid_recipient" });
    const { conversationId } = await say("web", "v-dead", "hello?", "d1");
    const [failed] = (await messages(conversationId)).filter((m) => m.direction === "outbound");
    expect(failed).toMatchObject({ delivery_state: "failed", error: "invalid_recipient: simulated invalid_recipient", resendable: true, resent_as: null });
    expect(failed!.text).toMatch(GREETING);

    // Who may: the admin token and a configured agent; what: a known channel.
    expect((await resend(conversationId, failed!.id, { agent: "admin" }, null)).status).toBe(401);
    expect((await resend(conversationId, failed!.id, { agent: "admin" }, "wrong-token-0123456789")).status).toBe(401);
    expect((await resend(conversationId, failed!.id, { agent: "mallory" })).status).toBe(403);
    const bad = await resend(conversationId, failed!.id, { agent: "admin", via: "fax" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^via: /);
    expect((await resend("cv_nope", failed!.id, { agent: "admin" })).status).toBe(404);
    expect(await t.store.listEvents({ conversationId, type: "reply.resent" })).toHaveLength(0);

    const first = await resend(conversationId, failed!.id, { agent: "admin" });
    expect(first.status).toBe(202);
    const queued = (await first.json()) as { messageId: string; channel: string; duplicate: boolean };
    expect(queued).toMatchObject({ channel: "web", duplicate: false });
    const second = await resend(conversationId, failed!.id, { agent: "admin" });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ messageId: queued.messageId, duplicate: true });

    await t.hub.settle();
    expect(web.sent.filter((s) => GREETING.test(s.message.text))).toHaveLength(1);
    const after = (await messages(conversationId)).filter((m) => m.direction === "outbound");
    expect(after.map((m) => [m.delivery_state, m.resendable, m.resent_as])).toEqual([
      ["failed", false, queued.messageId],
      ["sent", false, null],
    ]);
    const [event] = await t.store.listEvents({ conversationId, type: "reply.resent" });
    expect(event).toMatchObject({ actor: "agent:admin", data: { messageId: failed!.id, newMessageId: queued.messageId, channel: "web", fromChannel: "web" } });

    const notDead = await resend(conversationId, queued.messageId, { agent: "admin" });
    expect(notDead.status).toBe(409);
    expect(((await notDead.json()) as { error: { code: string } }).error.code).toBe("not_dead");
  });

  it("resends on another channel the customer has written on, and refuses one without an address (422)", async () => {
    telegram.failNext.push({ kind: "invalid_recipient" });
    const { conversationId, contactId } = await say("telegram", "9001", "hi there", "t1");
    await t.store.addIdentity(contactId, { kind: "web", value: "v-tg" }, []);
    await say("web", "v-tg", "are you there?", "t2");
    const [failed] = (await messages(conversationId)).filter((m) => m.direction === "outbound");
    expect(failed).toMatchObject({ channel: "telegram", delivery_state: "failed", resendable: true });

    const email = await resend(conversationId, failed!.id, { agent: "admin", via: "email" });
    expect(email.status).toBe(422);
    expect(((await email.json()) as { error: { code: string } }).error.code).toBe("no_address");
    const sentBefore = web.sent.length;
    const viaWeb = await resend(conversationId, failed!.id, { agent: "admin", via: "web" });
    expect(viaWeb.status).toBe(202);
    await t.hub.settle();
    expect(web.sent.slice(sentBefore).map((s) => [s.address, GREETING.test(s.message.text)])).toEqual([[{ visitorId: "v-tg" }, true]]);
    expect(telegram.sent).toHaveLength(0);
  });
});
