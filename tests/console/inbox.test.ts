import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContact, makeConversation, newId, type HandoffCard } from "../../src/core/model/index.js";
import type { TestHub } from "../helpers/hub.js";
import { customerSays, signedIn, startConsoleHub, type Client } from "./helpers.js";

const card = (queue: string, createdAt: Date): HandoffCard => ({
  goal: `help with ${queue}`,
  stepsTried: [],
  risk: "low",
  rule: null,
  reason: "asked for a human",
  intent: null,
  confidence: null,
  fields: {},
  missingFields: [],
  articles: [],
  nextAction: "answer",
  queue,
  priority: "normal",
  channel: "web",
  language: "en",
  languageNote: null,
  conversationUrl: "http://hub/console/c/x",
  slaDueAt: null,
  createdAt,
});

/** Reads server-sent events from the console's stream until `until` holds for one of them. */
async function waitForEvent(base: string, c: Client, until: (data: { kind: string; conversationId: string }) => boolean, trigger: () => Promise<unknown>) {
  const controller = new AbortController();
  const res = await fetch(`${base}/console/api/events`, { headers: { Cookie: c.cookie! }, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const found = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the event stream ended");
      buffer += decoder.decode(value, { stream: true });
      for (const block of buffer.split("\n\n").slice(0, -1)) {
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (/^event: change$/m.test(block) && data && until(JSON.parse(data))) return JSON.parse(data) as { kind: string; conversationId: string };
      }
      buffer = buffer.slice(buffer.lastIndexOf("\n\n") + 2);
    }
  })();
  await trigger();
  try {
    return await found;
  } finally {
    controller.abort();
  }
}

describe("console inbox and conversation API", () => {
  let t: TestHub;
  let admin: Client;
  let bea: Client;
  const seeded: Record<string, string> = {};

  beforeAll(async () => {
    t = await startConsoleHub();
    [admin, bea] = [await signedIn(t, "admin"), await signedIn(t, "bea")];
    const base = Date.now() - 3_600_000;
    // Four escalations, waiting since different times, and one the AI still handles.
    for (const [name, queue, minutes] of [
      ["Old Logistics", "logistics", 50],
      ["Newest Billing", "billing", 5],
      ["Mid Logistics", "logistics", 30],
      ["Old Billing", "billing", 40],
    ] as const) {
      const contact = await t.store.createContact(makeContact({ name, identities: [{ kind: "web", value: newId("ct") }], at: new Date(base) }), []);
      const c = await t.store.createConversation(makeConversation({ contactId: contact.id, channel: "web", at: new Date(base), queue }), []);
      await t.store.updateConversation(c.id, { version: c.version }, { owner: "human", handoff: card(queue, new Date(Date.now() - minutes * 60_000)) }, []);
      seeded[name] = c.id;
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("'waiting for a human': longest wait first, with customer, channel, queue and waiting time; paged by cursor", async () => {
    const first = await admin.request("GET", "/console/api/inbox?view=waiting&limit=3");
    expect(first.status).toBe(200);
    expect(first.body.rows.map((r: { customer: string }) => r.customer)).toEqual(["Old Logistics", "Old Billing", "Mid Logistics"]);
    expect(first.body.rows[0]).toMatchObject({ channel: "web", queue: "logistics", queueName: "Logistics", assignee: null, goal: "help with logistics" });
    expect(Date.parse(first.body.now) - Date.parse(first.body.rows[0].waitingSince)).toBeGreaterThanOrEqual(50 * 60_000);
    const second = await admin.request("GET", `/console/api/inbox?view=waiting&limit=3&cursor=${first.body.next}`);
    expect(second.body.rows.map((r: { customer: string }) => r.customer)).toEqual(["Newest Billing"]);
    expect(second.body.next).toBeNull();
    expect((await admin.request("GET", "/console/api/inbox?view=waiting&cursor=garbage")).status).toBe(400);
    expect((await admin.request("GET", "/console/api/inbox?view=nonsense")).status).toBe(400);
  });

  it("per queue, and an agent sees only their queues (another queue's conversation is a 404)", async () => {
    const billing = await admin.request("GET", "/console/api/inbox?view=queue&queue=billing");
    expect(billing.body.rows.map((r: { customer: string }) => r.customer)).toEqual(["Old Billing", "Newest Billing"]);
    const beaWaiting = await bea.request("GET", "/console/api/inbox?view=waiting");
    expect(beaWaiting.body.rows.map((r: { customer: string }) => r.customer)).toEqual(["Old Logistics", "Mid Logistics"]);
    expect(beaWaiting.body.queues).toEqual([{ id: "logistics", name: "Logistics" }]);
    expect((await bea.request("GET", "/console/api/inbox?view=queue&queue=billing")).body.rows).toEqual([]);
    expect((await bea.request("GET", `/console/api/conversations/${seeded["Old Billing"]}`)).status).toBe(404);
    expect((await bea.request("POST", `/console/api/conversations/${seeded["Old Billing"]}/actions`, { action: { kind: "claim" } })).status).toBe(404);
    expect((await bea.request("GET", `/console/api/conversations/${seeded["Old Logistics"]}`)).status).toBe(200);
  });

  it("a web-chat escalation reaches open consoles live (server-sent event), then shows in the waiting list with its card", async () => {
    let conversationId = "";
    const event = await waitForEvent(
      t.url,
      admin,
      (d) => d.kind === "escalated",
      async () => {
        conversationId = await customerSays(t, "visitor-live", "I will file a chargeback with my bank", "1");
      },
    );
    expect(event).toEqual({ kind: "escalated", conversationId });
    const rows = (await admin.request("GET", "/console/api/inbox?view=waiting&limit=100")).body.rows as { id: string; channel: string; queue: string }[];
    expect(rows.find((r) => r.id === conversationId)).toMatchObject({ channel: "web", queue: "billing" });
    const detail = await admin.request("GET", `/console/api/conversations/${conversationId}`);
    expect(detail.body.card).toMatchObject({ rule: "chargeback", queue: "billing" });
    const texts = detail.body.messages.map((m: { direction: string; text: string }) => `${m.direction}: ${m.text}`) as string[];
    expect(texts[0]).toBe("inbound: I will file a chargeback with my bank");
    // The inbox can deliver, so the customer is promised the queue's reply time.
    expect(texts.at(-1)).toMatch(/^outbound: .*Billing team.*They usually reply within 1 hour\.$/);
    // The inbox target is a thread like Slack's: recorded with a link into the console.
    const opened = await t.store.listEvents({ conversationId, type: "thread.opened" });
    expect(opened.map((e) => e.data)).toEqual([
      expect.objectContaining({ platform: "inbox", targetName: "inbox", url: expect.stringMatching(new RegExp(`/console/c/${conversationId}$`)) }),
    ]);
    // Bea works logistics only: her stream does not get billing escalations.
    expect((await bea.request("GET", `/console/api/conversations/${conversationId}`)).status).toBe(404);
  });

  it("a reply from the console goes through the desk into the outbox (agent as author), claims the conversation, and resolve moves it to 'resolved'", async () => {
    const conversationId = await customerSays(t, "visitor-reply", "I will file a chargeback with my bank", "1");
    const reply = await admin.request("POST", `/console/api/conversations/${conversationId}/actions`, {
      request_id: "req-00000001",
      action: { kind: "reply", text: "Hi, I'm looking into it now." },
    });
    expect(reply.status).toBe(202);
    const retried = await admin.request("POST", `/console/api/conversations/${conversationId}/actions`, {
      request_id: "req-00000001",
      action: { kind: "reply", text: "Hi, I'm looking into it now." },
    });
    expect(retried.body).toEqual({ ok: true, duplicate: true });
    const messages = await t.store.listMessages(conversationId, { direction: "outbound" });
    expect(messages.filter((m) => m.authorKind === "agent")).toEqual([
      expect.objectContaining({ authorId: "admin", text: "Hi, I'm looking into it now.", channel: "web" }),
    ]);
    expect((await t.store.getConversation(conversationId))!.assignee).toBe("admin");
    const queued = await t.store.listEvents({ conversationId, type: "reply.queued" });
    expect(queued.map((e) => e.actor)).toEqual(["agent:admin"]);
    expect((await admin.request("GET", "/console/api/inbox?view=mine")).body.rows.map((r: { id: string }) => r.id)).toContain(conversationId);
    expect((await admin.request("POST", `/console/api/conversations/${conversationId}/actions`, { action: { kind: "resolve" } })).status).toBe(202);
    expect((await admin.request("GET", "/console/api/inbox?view=resolved")).body.rows.map((r: { id: string }) => r.id)).toEqual([conversationId]);
    expect((await admin.request("GET", "/console/api/inbox?view=waiting&limit=100")).body.rows.map((r: { id: string }) => r.id)).not.toContain(conversationId);
    // Bodies are validated: an empty reply or an unknown action is a 400 and writes nothing.
    expect((await admin.request("POST", `/console/api/conversations/${conversationId}/actions`, { action: { kind: "reply", text: "  " } })).status).toBe(400);
    expect((await admin.request("POST", `/console/api/conversations/${conversationId}/actions`, { action: { kind: "loop_in", target: "x" } })).status).toBe(
      400,
    );
  });

  it("unassigned excludes claimed conversations", async () => {
    await admin.request("POST", `/console/api/conversations/${seeded["Mid Logistics"]}/actions`, { action: { kind: "claim" } });
    const rows = (await bea.request("GET", "/console/api/inbox?view=unassigned")).body.rows as { customer: string }[];
    expect(rows.map((r) => r.customer)).toEqual(["Old Logistics"]);
  });
});
