import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Decider } from "../../src/core/pipeline/decision.js";
import { recordingAdapter, webInbound, type RecordingAdapter } from "../helpers/fakes.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";

describe("the hub with its knowledge base", () => {
  let t: TestHub;
  let web: RecordingAdapter;
  // Stands in for the AI core: answers with whatever the test says.
  const decide: Decider = async ({ message }) => ({
    replies: [{ kind: "answer", text: message.text.replace(/^say: /, ""), authorKind: "ai" }],
  });

  beforeAll(async () => {
    web = recordingAdapter("web");
    t = await startTestHub({ knowledge: true, overrides: { decide, adapterOverrides: { web } } });
  });
  afterAll(async () => {
    await t.stop();
  });

  it("blocks an AI answer containing a forbidden phrase before it can reach the customer, and records the hit", async () => {
    const [blocked] = await t.hub.ingest([webInbound("vis_guard", "say: Your parcel is guaranteed to arrive tomorrow.")]);
    const [allowed] = await t.hub.ingest([webInbound("vis_guard", "say: Parcels to Germany usually arrive in 1-2 working days.")]);
    await t.hub.settle();
    expect(web.sent.map((s) => s.message.text)).toEqual(["Parcels to Germany usually arrive in 1-2 working days."]);
    const hits = await t.store.listEvents({ conversationId: blocked!.conversationId, type: "answer.forbidden_phrase" });
    expect(hits).toHaveLength(1);
    expect(JSON.stringify(hits[0]!.data)).toMatch(/guarantee/i);
    expect(allowed!.conversationId).toBe(blocked!.conversationId);
  });

  it("serves /metrics with the outbox backlog and the knowledge-base figures, and reports the KB in /readyz", async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/^threadline_outbox_entries\{status="pending"\} \d+$/m);
    expect(text).not.toMatch(/status="sent"/);
    expect(text).toMatch(/^threadline_store_info\{engine="sqlite"\} 1$/m);
    expect(text).toMatch(/^threadline_kb_articles_servable \d+$/m);
    const ready = (await (await fetch(`${t.url}/readyz`)).json()) as { checks: { knowledge?: { ok: boolean; articles: number } } };
    expect(ready.checks.knowledge?.articles).toBeGreaterThan(5);
  });
});
