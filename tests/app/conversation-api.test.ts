import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alwaysOpenConfig, startTestHub, type TestHub } from "../helpers/hub.js";

const TOKEN = "admin-token-0123456789abcdef";

describe("conversation API (admin token)", () => {
  let t: TestHub;
  let conversationId = "";
  beforeAll(async () => {
    // No agents configured: the API records the caller's handle (api:<handle>); the shipped config lists a console admin.
    const noAgents = alwaysOpenConfig().replace(/^agents: \[.*$/m, "agents: []");
    t = await startTestHub({ configYaml: noAgents, knowledge: true, env: { THREADLINE_ADMIN_TOKEN: TOKEN } });
    const say = async (channel: "web" | "telegram", text: string, id: string) => {
      const [o] = await t.hub.ingest([
        {
          channel,
          externalId: id,
          sender: channel === "web" ? { kind: "web", value: "v-api", name: "Ana" } : { kind: "telegram", value: "777" },
          address: channel === "web" ? { visitorId: "v-api" } : { chatId: "777" },
          text,
          attachments: [],
          receivedAt: new Date(),
        },
      ]);
      await t.hub.settle();
      return o!;
    };
    const first = await say("web", "Where is my order?", "a1");
    conversationId = first.conversationId;
    // The same person on Telegram (linked identity): one conversation across channels.
    const contact = (await t.store.getContact(first.contactId))!;
    await t.store.addIdentity(contact.id, { kind: "telegram", value: "777" }, []);
    await say("telegram", "NW-10023", "a2");
  });
  afterAll(async () => {
    await t?.stop();
  });
  const get = (path: string, token?: string) => fetch(`${t.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const act = (body: unknown) =>
    fetch(`${t.url}/api/conversations/${conversationId}/actions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("refuses without the token, and with a wrong one, never caching", async () => {
    const none = await get(`/api/conversations/${conversationId}`);
    expect(none.status).toBe(401);
    expect(none.headers.get("cache-control")).toBe("no-store");
    expect((await get(`/api/conversations/${conversationId}`, "wrong-token-0123456789")).status).toBe(401);
  });

  it("shows one thread across channels, each message with its channel, plus the audit events", async () => {
    const res = await get(`/api/conversations/${conversationId}`, TOKEN);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      messages: { channel: string; direction: string; text: string }[];
      events: { type: string }[];
      conversation: { fields: Record<string, string> };
    };
    expect(body.messages.filter((m) => m.direction === "inbound").map((m) => m.channel)).toEqual(["web", "telegram"]);
    expect(body.conversation.fields.order_id).toBe("NW-10023");
    expect(body.events.map((e) => e.type)).toContain("fields.collected");
    // The AI's last reply asked the customer something (the order's e-mail), so the conversation is pending.
    const list = (await (await get("/api/conversations?status=pending", TOKEN)).json()) as { conversations: { id: string }[] };
    expect(list.conversations.map((c) => c.id)).toContain(conversationId);
    expect((await get("/api/conversations?status=nope", TOKEN)).status).toBe(400);
  });

  it("shows the newest events of a long log, oldest first, and says when older ones are left out", async () => {
    const full = (await (await get(`/api/conversations/${conversationId}`, TOKEN)).json()) as {
      events: { type: string; at: string }[];
      events_truncated: boolean;
    };
    expect(full.events_truncated).toBe(false);
    const page = (await (await get(`/api/conversations/${conversationId}?events=3`, TOKEN)).json()) as typeof full;
    expect(page.events_truncated).toBe(true);
    expect(page.events).toEqual(full.events.slice(-3)); // the newest three, in log order
    expect(((await (await get(`/api/conversations/${conversationId}?events=junk`, TOKEN)).json()) as typeof full).events).toEqual(full.events);
  });

  it("applies agent actions through the desk: a reply goes to the channel the agent picks, bad input is a 400", async () => {
    const reply = await act({ agent: "ops-anna", request_id: "r1", action: { kind: "reply", text: "Answering on the web chat", channel: "web" } });
    expect(reply.status).toBe(202);
    const again = await act({ agent: "ops-anna", request_id: "r1", action: { kind: "reply", text: "Answering on the web chat", channel: "web" } });
    expect(((await again.json()) as { duplicate?: boolean }).duplicate).toBe(true);
    const messages = await t.store.listMessages(conversationId, { direction: "outbound" });
    expect(messages.filter((m) => m.authorKind === "agent").map((m) => m.channel)).toEqual(["web"]);
    expect((await act({ agent: "ops-anna", action: { kind: "fly" } })).status).toBe(400);
    expect((await act({ agent: "ops-anna", action: { kind: "snooze", until: "tomorrow" } })).status).toBe(400);
    const missing = await fetch(`${t.url}/api/conversations/cv_missing/actions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ agent: "x", action: { kind: "claim" } }),
    });
    expect(missing.status).toBe(404);
  });

  it("starts a call: the customer gets the meeting link and the screen-share help from the knowledge base", async () => {
    const res = await act({ agent: "ops-anna", request_id: "call-1", action: { kind: "call" } });
    expect(res.status).toBe(202);
    const { data } = (await res.json()) as { data: { url: string } };
    expect(data.url).toMatch(/^https:\/\/meet\.jit\.si\/northwind-/);
    const invitation = (await t.store.listMessages(conversationId, { direction: "outbound" })).at(-1)!;
    expect(invitation.text).toContain(data.url);
    expect(invitation.text).toContain("Sharing your screen on a support call");
    expect((await t.store.listEvents({ conversationId, type: "call.started" }))[0]?.data.url).toBe(data.url);
  });

  it("is off (404, saying how to switch it on) when no admin token is configured", async () => {
    const off = await startTestHub();
    try {
      const res = await fetch(`${off.url}/api/conversations/${conversationId}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(404);
      expect(JSON.stringify(await res.json())).toMatch(/THREADLINE_ADMIN_TOKEN/);
    } finally {
      await off.stop();
    }
  });
});
