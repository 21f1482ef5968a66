import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualClock } from "../../src/core/clock.js";
import { webInbound } from "../helpers/fakes.js";
import { escalationConfig, eventually, recordingBot, type RecordingBot } from "../core/escalation/helpers.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

const ADMIN = "admin-token-0123456789abcdef";

describe("PATCH /api/contacts/:id/attributes", () => {
  const clock = manualClock(new Date("2026-11-24T10:00:00Z"));
  let t: TestHub;
  let slack: RecordingBot;
  let n = 0;

  beforeAll(async () => {
    slack = recordingBot("slack");
    t = await startTestHub({ clock, configYaml: escalationConfig(), env: { THREADLINE_ADMIN_TOKEN: ADMIN }, overrides: { botOverrides: { slack } } });
  });
  afterAll(async () => {
    await t.stop();
  });

  const patch = (id: string, body: unknown, token: string | null = ADMIN) =>
    fetch(`${t.url}/api/contacts/${id}/attributes`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  async function contact(): Promise<string> {
    const [m] = await t.hub.ingest([webInbound(`vis_api_${++n}`, "Hello there")]);
    await t.hub.settle();
    return m!.contactId;
  }

  it("sets and removes declared attributes, answering with the contact's attributes and what changed", async () => {
    const id = await contact();
    const res = await patch(id, { tier: "VIP" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ contact_id: id, attributes: { tier: "vip" }, changed: ["tier"] });
    expect((await t.store.getContact(id))?.profile.tier).toBe("vip");
    expect(await (await patch(id, { tier: "vip" })).json()).toEqual({ contact_id: id, attributes: { tier: "vip" }, changed: [] });
    const events = await t.store.listEvents({ contactId: id, type: "contact.attributes_set" });
    expect(events.map((e) => [e.actor, e.data.source, e.data.keys])).toEqual([["api", "api", ["tier"]]]);
    expect(await (await patch(id, { tier: null })).json()).toEqual({ contact_id: id, attributes: {}, changed: ["tier"] });
    const got = await fetch(`${t.url}/api/contacts/${id}/attributes`, { headers: { Authorization: `Bearer ${ADMIN}` } });
    expect(await got.json()).toEqual({ contact_id: id, attributes: {} });
  });

  it("answers 400 naming the bad key and writes nothing", async () => {
    const id = await contact();
    const bad = await patch(id, { tier: "gold" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: "invalid_attribute", key: "tier", message: expect.stringContaining('"tier"') } });
    const unknown = await patch(id, { tier: "vip", plan: "pro" });
    expect(await unknown.json()).toMatchObject({ error: { code: "unknown_attribute", key: "plan" } });
    const shape = await patch(id, { tier: { nested: true } });
    expect(shape.status).toBe(400);
    expect(await shape.json()).toMatchObject({ error: { code: "invalid_body", message: expect.stringContaining("tier") } });
    expect((await patch(id, {})).status).toBe(400);
    expect((await patch(id, ["tier"])).status).toBe(400);
    expect((await t.store.getContact(id))?.profile.tier).toBeUndefined();
    expect(await t.store.listEvents({ contactId: id, type: "contact.attributes_set" })).toEqual([]);
  });

  it("needs the admin token; 404 for an unknown contact; a merged contact's old id reaches the live one", async () => {
    const id = await contact();
    expect((await patch(id, { tier: "vip" }, null)).status).toBe(401);
    expect((await patch(id, { tier: "vip" }, "wrong-token-0123456789")).status).toBe(401);
    expect((await patch("ct_nobody", { tier: "vip" })).status).toBe(404);
    const other = await contact();
    const [a, b] = [await t.store.getContact(id), await t.store.getContact(other)];
    await t.store.mergeContacts(b!.id, a!.id, () => [], clock.now());
    expect(await (await patch(other, { tier: "standard" })).json()).toMatchObject({ contact_id: id, attributes: { tier: "standard" } });
  });

  it("re-renders the open escalation's card with the new attribute", async () => {
    const [m] = await t.hub.ingest([webInbound(`vis_api_${++n}`, "I will file a chargeback with my bank if you don't refund order 1042 today")]);
    await t.hub.settle();
    expect((await t.store.getConversation(m!.conversationId))?.owner).toBe("human");
    const before = slack.of("update").length;
    await patch(m!.contactId, { tier: "vip" });
    // The refresh runs after the answer (best effort, off the request): poll for it.
    await eventually(() => {
      const updates = slack
        .of("update")
        .slice(before)
        .filter((u) => u.view.conversation.id === m!.conversationId);
      expect(updates.at(-1)?.view.contact.attributes).toEqual([{ key: "tier", label: "Tier", value: "vip" }]);
    });
  });
});
