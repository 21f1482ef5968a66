import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingAdapter, type RecordingAdapter } from "../helpers/fakes.js";
import { greetingOnlyConfig, startTestHub, type TestHub } from "../helpers/hub.js";
import { client, consoleConfig, signedIn, type Client } from "./helpers.js";

interface ConsoleMessage {
  id: string;
  direction: string;
  deliveryState: string;
  error?: string | null;
  resendable?: boolean;
  resentAs?: string | null;
}

/** The console's resend route: session and CSRF like every console write, the agent's queues, once per dead reply. */
describe("console: resending a dead reply", () => {
  let t: TestHub;
  let web: RecordingAdapter;
  let admin: Client;
  let bea: Client;
  let conversationId = "";
  let failedId = "";
  beforeAll(async () => {
    web = recordingAdapter("web");
    t = await startTestHub({ configYaml: greetingOnlyConfig(consoleConfig()), overrides: { adapterOverrides: { web } } });
    [admin, bea] = [await signedIn(t, "admin"), await signedIn(t, "bea")];
    web.failNext.push({ kind: "invalid_recipient" });
    const [o] = await t.hub.ingest([
      {
        channel: "web",
        externalId: "c1",
        sender: { kind: "web", value: "v-console" },
        address: { visitorId: "v-console" },
        text: "hello",
        attachments: [],
        receivedAt: new Date(),
      },
    ]);
    await t.hub.settle();
    conversationId = o!.conversationId;
  });
  afterAll(async () => {
    await t?.stop();
  });
  const detail = async (c: Client) => (await c.request("GET", `/console/api/conversations/${conversationId}`)).body as { messages: ConsoleMessage[] };
  const path = () => `/console/api/conversations/${conversationId}/messages/${failedId}/resend`;

  it("shows the failed reply with its error and offers the resend", async () => {
    const [failed] = (await detail(admin)).messages.filter((m) => m.direction === "outbound");
    expect(failed).toMatchObject({ deliveryState: "failed", error: "invalid_recipient: simulated invalid_recipient", resendable: true, resentAs: null });
    failedId = failed!.id;
  });

  it("refuses without a session, without the CSRF token, from another origin, with a bad body, and outside the agent's queues", async () => {
    expect((await client(t.url).request("POST", path(), {})).status).toBe(401);
    expect((await admin.request("POST", path(), {}, { "X-CSRF-Token": "wrong" })).status).toBe(403);
    expect((await admin.request("POST", path(), {}, { Origin: "https://evil.example" })).status).toBe(403);
    expect((await admin.request("POST", path(), { via: "pigeon" })).status).toBe(400);
    expect((await admin.request("POST", path(), { extra: 1 })).status).toBe(400);
    // Bea works the logistics queue only; this conversation has no queue she can see.
    expect((await bea.request("POST", path(), {})).status).toBe(404);
    expect(await t.store.listEvents({ conversationId, type: "reply.resent" })).toHaveLength(0);
  });

  it("tells open consoles when a reply goes dead (a live change for its conversation)", async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.url}/console/api/events`, { headers: { Cookie: admin.cookie! }, signal: controller.signal });
    const reader = res.body!.getReader();
    const changes: string[] = [];
    const seen = (async () => {
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += new TextDecoder().decode(value);
        for (const m of buffer.matchAll(/event: change\ndata: (.*)\n/g)) changes.push((JSON.parse(m[1]!) as { conversationId: string }).conversationId);
        buffer = buffer.slice(buffer.lastIndexOf("\n\n") + 2);
      }
    })().catch(() => undefined);
    try {
      web.failNext.push({ kind: "invalid_recipient" });
      const [o] = await t.hub.ingest([
        {
          channel: "web",
          externalId: "c-live",
          sender: { kind: "web", value: "v-live" },
          address: { visitorId: "v-live" },
          text: "hi",
          attachments: [],
          receivedAt: new Date(),
        },
      ]);
      await t.hub.settle();
      // The AI owns this conversation and nothing else changed it: the change comes from the failed delivery.
      await expect.poll(() => changes.includes(o!.conversationId), { timeout: 5_000 }).toBe(true);
    } finally {
      controller.abort();
      await seen;
    }
  });

  it("resends once, records who did it, and the reply goes out", async () => {
    const first = await admin.request("POST", path(), {});
    expect(first.status).toBe(202);
    const again = await admin.request("POST", path(), {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, messageId: first.body.messageId });
    await t.hub.settle();
    expect(web.sent).toHaveLength(1);
    const events = await t.store.listEvents({ conversationId, type: "reply.resent" });
    expect(events.map((e) => e.actor)).toEqual(["agent:admin"]);
    const outbound = (await detail(admin)).messages.filter((m) => m.direction === "outbound");
    expect(outbound.map((m) => [m.deliveryState, m.resendable, m.resentAs])).toEqual([
      ["failed", false, first.body.messageId],
      ["sent", false, null],
    ]);
    const notDead = await admin.request("POST", `/console/api/conversations/${conversationId}/messages/${first.body.messageId}/resend`, {});
    expect(notDead.status).toBe(409);
  });
});
