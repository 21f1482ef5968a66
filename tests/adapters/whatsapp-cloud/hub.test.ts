import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { greetingOnlyConfig, startTestHub, withoutChannel, type TestHub } from "../../helpers/hub.js";
import { postWebhook, startGraphApi, webhook, type GraphApiStandIn } from "../../fakes/graph-api.js";
import { ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN } from "./helpers.js";

const ENV = { WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN, WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN };

/** The shipped config (always open) with the WhatsApp Cloud channel appended under `channels:` (the last section). */
function configWithWhatsapp(apiBase: string, options: { template?: boolean } = {}): string {
  return `${withoutChannel(greetingOnlyConfig(), "whatsapp-cloud").trimEnd()}
  whatsapp-cloud:
    enabled: true
    access_token: \${WHATSAPP_ACCESS_TOKEN}
    app_secret: \${WHATSAPP_APP_SECRET}
    verify_token: \${WHATSAPP_VERIFY_TOKEN}
    phone_number_id: "${PHONE_NUMBER_ID}"
    api_base: ${apiBase}
${options.template === false ? "" : "    window_template:\n      name: support_follow_up\n      language: en_US\n"}`;
}

describe("WhatsApp Cloud through the real hub", () => {
  let graph: GraphApiStandIn;
  let t: TestHub;

  beforeAll(async () => {
    graph = await startGraphApi({ accessToken: ACCESS_TOKEN });
    t = await startTestHub({ configYaml: configWithWhatsapp(graph.url), env: ENV });
  });
  afterAll(async () => {
    await t?.stop();
    await graph?.close();
  });

  it("runs the channel and answers the verification handshake", async () => {
    expect(t.hub.plan.find((p) => p.id === "whatsapp-cloud")).toMatchObject({ state: "on", reason: null });
    const res = await fetch(`${t.url}/api/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`);
    expect(await res.text()).toBe("42");
    const ready = (await (await fetch(`${t.url}/readyz`)).json()) as { checks: Record<string, { ok: boolean }> };
    expect(ready.checks["channel:whatsapp-cloud"]).toMatchObject({ ok: true });
  });

  it("persists a signed webhook message before acknowledging, drops the redelivery, and replies inside the window", async () => {
    const payload = webhook.message(PHONE_NUMBER_ID, "4915112345678", { id: "wamid.E2E1", type: "text", text: { body: "Hi, where is my order?" } });
    const first = await postWebhook(`${t.url}/api/whatsapp/webhook`, payload, APP_SECRET);
    expect(first.status).toBe(200);
    const stored = await t.store.findMessageByExternalId("whatsapp-cloud", "wamid.E2E1");
    expect(stored).toMatchObject({ direction: "inbound", text: "Hi, where is my order?", channel: "whatsapp-cloud" });
    const contact = await t.store.findContactByIdentity({ kind: "phone", value: "+4915112345678" });
    expect(contact?.id).toBe(stored!.contactId);

    const again = await postWebhook(`${t.url}/api/whatsapp/webhook`, payload, APP_SECRET);
    expect(again.status).toBe(200);
    const inbound = await t.store.listMessages(stored!.conversationId, { direction: "inbound" });
    expect(inbound.map((m) => m.externalId)).toEqual(["wamid.E2E1"]);

    // The hub's greeting goes out through the Graph API stand-in as free text (the window is open).
    await t.hub.settle();
    const sent = graph.requests.filter((r) => r.body.to === "4915112345678");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ authorization: `Bearer ${ACCESS_TOKEN}`, body: { type: "text", text: { body: expect.stringContaining("Northwind") } } });

    // Meta's status webhook moves the outbound message forward.
    const outbound = (await t.store.listMessages(stored!.conversationId, { direction: "outbound" }))[0]!;
    expect(outbound.externalId).toMatch(/^wamid\.OUT/);
    const status = await postWebhook(`${t.url}/api/whatsapp/webhook`, webhook.status(PHONE_NUMBER_ID, outbound.externalId!, "read"), APP_SECRET);
    expect(status.status).toBe(200);
    expect((await t.store.getMessage(outbound.id))?.deliveryState).toBe("read");
  });

  it("outside the 24-hour window sends the configured template instead of free text", async () => {
    // A message Meta redelivers 25 hours late: the window opened when the customer wrote, and it is closed now.
    const late = String(Math.floor(Date.now() / 1000) - 25 * 3600);
    const payload = webhook.message(PHONE_NUMBER_ID, "4915177777777", { id: "wamid.LATE1", timestamp: late, type: "text", text: { body: "Hello?" } });
    expect((await postWebhook(`${t.url}/api/whatsapp/webhook`, payload, APP_SECRET)).status).toBe(200);
    await t.hub.settle();
    const sent = graph.requests.filter((r) => r.body.to === "4915177777777");
    expect(sent.map((r) => r.body)).toEqual([
      { messaging_product: "whatsapp", to: "4915177777777", type: "template", template: { name: "support_follow_up", language: { code: "en_US" } } },
    ]);
  });

  it("ingests nothing from a forged webhook", async () => {
    const payload = webhook.message(PHONE_NUMBER_ID, "4915100000000", { id: "wamid.FORGED", type: "text", text: { body: "x" } });
    const res = await postWebhook(`${t.url}/api/whatsapp/webhook`, payload, "wrong-secret");
    expect(res.status).toBe(401);
    expect(await t.store.findMessageByExternalId("whatsapp-cloud", "wamid.FORGED")).toBeNull();
  });
});

describe("WhatsApp Cloud outside the window without a template", () => {
  it("never sends the free text: the outbox marks it failed with the reason, for agents to see", async () => {
    const graph = await startGraphApi({ accessToken: ACCESS_TOKEN });
    const t = await startTestHub({ configYaml: configWithWhatsapp(graph.url, { template: false }), env: ENV });
    try {
      const late = String(Math.floor(Date.now() / 1000) - 25 * 3600);
      const payload = webhook.message(PHONE_NUMBER_ID, "4915188888888", { id: "wamid.LATE2", timestamp: late, type: "text", text: { body: "Hello?" } });
      expect((await postWebhook(`${t.url}/api/whatsapp/webhook`, payload, APP_SECRET)).status).toBe(200);
      await t.hub.settle();
      expect(graph.requests).toEqual([]);
      const inbound = await t.store.findMessageByExternalId("whatsapp-cloud", "wamid.LATE2");
      const [reply] = await t.store.listMessages(inbound!.conversationId, { direction: "outbound" });
      expect(reply).toMatchObject({ deliveryState: "failed", error: expect.stringContaining("outside the 24-hour customer-service window") });
    } finally {
      await t.stop();
      await graph.close();
    }
  });
});

describe("WhatsApp Cloud without its secrets", () => {
  it("is reported disabled, naming the env vars, and the hub still starts", async () => {
    const t = await startTestHub({ configYaml: configWithWhatsapp("http://127.0.0.1:1"), env: { WHATSAPP_APP_SECRET: APP_SECRET } });
    try {
      const plan = t.hub.plan.find((p) => p.id === "whatsapp-cloud");
      expect(plan?.state).toBe("disabled");
      expect(plan?.reason).toContain("WHATSAPP_ACCESS_TOKEN is not set");
      expect(plan?.reason).toContain("WHATSAPP_VERIFY_TOKEN is not set");
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      const res = await fetch(`${t.url}/api/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`);
      expect(res.status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});
