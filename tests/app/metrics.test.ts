import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHubMetrics, FIRST_RESPONSE_BUCKETS } from "../../src/app/metrics.js";
import { manualClock } from "../../src/core/clock.js";
import { silentLogger } from "../../src/core/logger.js";
import {
  makeContact,
  makeConversation,
  makeEvent,
  makeOutboundMessage,
  newId,
  type ChannelId,
  type Conversation,
  type DomainEvent,
  type OutboxEntry,
} from "../../src/core/model/index.js";
import type { Store } from "../../src/core/store/port.js";
import { openSqliteStore } from "../../src/core/store/sqlite/sqlite-store.js";
import type { Decider } from "../../src/core/pipeline/decision.js";
import { recordingAdapter, webInbound } from "../helpers/fakes.js";
import { startTestHub, type TestHub } from "../helpers/hub.js";
import { parseExposition, sampleValue, type Family } from "../helpers/prometheus.js";

const T0 = new Date("2026-11-24T10:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Writes one conversation's log the way the pipeline does (opened, received, then `steps`), returning the conversation. */
async function conversation(
  store: Store,
  channel: ChannelId,
  steps: (c: Conversation, scope: { conversationId: string; contactId: string }) => DomainEvent[],
  openedAt = 0,
): Promise<Conversation> {
  const contact = await store.createContact(makeContact({ identities: [], at: at(openedAt) }), []);
  const c = makeConversation({ contactId: contact.id, channel, at: at(openedAt) });
  const scope = { conversationId: c.id, contactId: contact.id };
  await store.createConversation(c, [
    makeEvent("conversation.opened", "customer", at(openedAt), scope, { channel }),
    makeEvent("message.received", "customer", at(openedAt), scope, { messageId: newId("msg") }),
  ]);
  await store.appendEvents(steps(c, scope));
  return c;
}

/** A reply by `authorKind` queued and sent `seconds` after T0. */
function reply(scope: { conversationId: string; contactId: string }, authorKind: "ai" | "agent", seconds: number): DomainEvent[] {
  const messageId = newId("msg");
  return [
    makeEvent("message.queued", authorKind, at(seconds), scope, { messageId, authorKind }),
    makeEvent("message.sent", "system", at(seconds), scope, { messageId, channel: "web" }),
  ];
}

const escalated = (scope: { conversationId: string; contactId: string }, seconds: number, data: Record<string, unknown>) =>
  makeEvent("conversation.escalated", "ai", at(seconds), scope, data);
const actionCalled = (scope: { conversationId: string; contactId: string }, action: string, outcome: string, ms: number) =>
  makeEvent("action.called", "ai", T0, scope, { action, outcome, ms });

function histogram(families: Map<string, Family>, name: string, labels: Record<string, string>) {
  const value = (suffix: string, extra: Record<string, string> = {}) => sampleValue(families, `${name}_${suffix}`, { ...labels, ...extra });
  return {
    count: value("count"),
    sum: value("sum"),
    le: (bound: number) => value("bucket", { le: bound === Infinity ? "+Inf" : String(bound) }),
  };
}

describe("/metrics figures from the store (prom-client)", () => {
  let dir: string;
  let store: Store;
  const clock = manualClock(T0);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "tl-metrics-"));
    store = openSqliteStore({ path: join(dir, "threadline.db") });
    clock.set(T0);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const metricsOn = () =>
    createHubMetrics({
      store,
      clock,
      logger: silentLogger(),
      channels: () => ["web", "telegram"],
      sqlitePath: join(dir, "threadline.db"),
      refreshMs: 15_000,
    });

  /**
   * The known scenario: three conversations.
   * A (web): AI answers after 3 s; an order lookup found (120 ms) and one failed (2.5 s). Open, AI-owned.
   * B (telegram): escalated by the `chargeback` rule to billing at 10 s; an agent replies 600 s later. Open, human-owned.
   * C (web): escalated for `no_answer` to support, handed back, escalated again for `low_confidence`; resolved.
   * Plus: a pending and a dead web delivery, an overdue SLA timer and a future snooze.
   */
  async function scenario(): Promise<void> {
    await conversation(store, "web", (_c, s) => [
      ...reply(s, "ai", 3),
      actionCalled(s, "order_lookup", "found", 120),
      actionCalled(s, "order_lookup", "failed", 2500),
    ]);
    const b = await conversation(store, "telegram", (_c, s) => [
      escalated(s, 10, { queue: "billing", rule: "chargeback", reason: "rule" }),
      ...reply(s, "agent", 610),
    ]);
    await store.updateConversation(b.id, {}, { owner: "human" }, []);
    const c = await conversation(store, "web", (_c, s) => [
      escalated(s, 5, { queue: "support", rule: null, reason: "no_answer" }),
      makeEvent("owner.changed", "agent", at(20), s, { from: "human", to: "ai", reason: "hand_back" }),
      escalated(s, 30, { queue: "support", rule: null, reason: "low_confidence" }),
    ]);
    await store.updateConversation(c.id, {}, { owner: "human", status: "resolved" }, []);

    const outbound = (text: string) =>
      makeOutboundMessage({ conversationId: c.id, contactId: c.contactId, channel: "web", text, authorKind: "ai", authorId: null, at: T0 });
    const entry = (messageId: string, nextAttemptAt: Date): OutboxEntry => ({
      id: newId("ob"),
      messageId,
      conversationId: c.id,
      channel: "web",
      address: { visitorId: "v1" },
      attempts: 0,
      status: "pending",
      nextAttemptAt,
      leaseUntil: null,
      lastError: null,
      createdAt: T0,
    });
    const dead = outbound("gives up");
    await store.enqueueOutbound(dead, entry(dead.id, T0), []);
    const [claimed] = await store.claimOutbox(T0, 1, 30_000);
    await store.completeOutbox(claimed!.id, { status: "dead", error: "invalid_recipient", at: T0 }, []);
    const pending = outbound("waits");
    await store.enqueueOutbound(pending, entry(pending.id, at(3600)), []);

    await store.scheduleTimer({ key: `sla:${b.id}`, kind: "sla_first_response", conversationId: b.id, dueAt: at(-60), data: {}, createdAt: T0 }, []);
    await store.scheduleTimer({ key: `snooze:${c.id}`, kind: "snooze_wake", conversationId: c.id, dueAt: at(3600), data: {}, createdAt: T0 }, []);

    // Two CSAT surveys, one answered with a 4.
    await store.appendEvents([
      makeEvent("survey.sent", "system", at(70), { conversationId: b.id, contactId: b.contactId }, { kind: "csat", channel: "web" }),
      makeEvent("survey.sent", "system", at(70), { conversationId: c.id, contactId: c.contactId }, { kind: "csat", channel: "web" }),
      makeEvent("survey.answered", "customer", at(80), { conversationId: c.id, contactId: c.contactId }, { kind: "csat", score: 4, channel: "web" }),
    ]);
  }

  it("exposes the known scenario's figures in a strictly valid exposition", async () => {
    const metrics = metricsOn();
    await scenario();
    const text = await metrics.scrape();
    const f = parseExposition(text);

    expect(sampleValue(f, "threadline_conversations", { status: "open", owner: "ai" })).toBe(1);
    expect(sampleValue(f, "threadline_conversations", { status: "open", owner: "human" })).toBe(1);
    expect(sampleValue(f, "threadline_conversations", { status: "resolved", owner: "human" })).toBe(1);
    expect(sampleValue(f, "threadline_conversations_opened_total")).toBe(3);
    expect(sampleValue(f, "threadline_conversations_escalated_total")).toBe(2);
    expect(sampleValue(f, "threadline_ai_containment_ratio")).toBeCloseTo(1 / 3, 10);
    expect(sampleValue(f, "threadline_escalations_total", { queue: "billing", reason: "chargeback" })).toBe(1);
    expect(sampleValue(f, "threadline_escalations_total", { queue: "support", reason: "no_answer" })).toBe(1);
    expect(sampleValue(f, "threadline_escalations_total", { queue: "support", reason: "low_confidence" })).toBe(1);
    expect(sampleValue(f, "threadline_action_calls_total", { action: "order_lookup", outcome: "found" })).toBe(1);
    expect(sampleValue(f, "threadline_action_calls_total", { action: "order_lookup", outcome: "failed" })).toBe(1);
    expect(sampleValue(f, "threadline_surveys_sent_total")).toBe(2);
    expect(sampleValue(f, "threadline_csat_answers_total", { score: "4" })).toBe(1);

    const actions = histogram(f, "threadline_action_call_duration_seconds", { action: "order_lookup" });
    expect(actions).toMatchObject({ count: 2, sum: 2.62 });
    expect([actions.le(0.1), actions.le(0.25), actions.le(2.5), actions.le(5)]).toEqual([0, 1, 2, 2]);

    const ai = histogram(f, "threadline_first_response_seconds", { responder: "ai", channel: "web" });
    expect(ai).toMatchObject({ count: 1, sum: 3 });
    expect([ai.le(1), ai.le(5)]).toEqual([0, 1]);
    const human = histogram(f, "threadline_first_response_seconds", { responder: "human", channel: "telegram" });
    expect(human).toMatchObject({ count: 1, sum: 600 });
    expect([human.le(300), human.le(600), human.le(Infinity)]).toEqual([0, 1, 1]);
    // Every configured bucket is there, in seconds.
    expect(
      f
        .get("threadline_first_response_seconds")!
        .samples.filter((s) => s.name.endsWith("_bucket") && s.labels.responder === "ai")
        .map((s) => (s.labels.le === "+Inf" ? Infinity : Number(s.labels.le))),
    ).toEqual([...FIRST_RESPONSE_BUCKETS, Infinity]);

    expect(sampleValue(f, "threadline_outbox_entries", { status: "pending" })).toBe(1);
    expect(sampleValue(f, "threadline_outbox_entries", { status: "dead" })).toBe(1);
    expect(sampleValue(f, "threadline_outbox_channel_entries", { channel: "web", status: "pending" })).toBe(1);
    expect(sampleValue(f, "threadline_outbox_channel_entries", { channel: "web", status: "dead" })).toBe(1);
    expect(sampleValue(f, "threadline_timers", { kind: "sla_first_response" })).toBe(1);
    expect(sampleValue(f, "threadline_timers_due", { kind: "sla_first_response" })).toBe(1);
    expect(sampleValue(f, "threadline_timers_due", { kind: "snooze_wake" })).toBe(0);
    expect(sampleValue(f, "threadline_channel_running", { channel: "telegram" })).toBe(1);
    expect(sampleValue(f, "threadline_store_info", { engine: "sqlite" })).toBe(1);
    // Process metrics on the hub's own registry.
    expect(f.get("process_cpu_user_seconds_total")?.type).toBe("counter");
    expect(f.get("nodejs_eventloop_lag_seconds")?.type).toBe("gauge");
    // The old hand-written counter in milliseconds is gone.
    expect(text).not.toMatch(/_ms(_sum|_max)?[ {]/);
  });

  it("reads only what is new at each refresh, at most every refreshMs, and gives the same totals after a restart", async () => {
    const metrics = metricsOn();
    await scenario();
    await metrics.scrape();
    // A fourth conversation, opened after the others' last event: escalated at once, an agent replies after 45 s.
    await conversation(store, "web", (_c, s) => [escalated(s, 700, { queue: "billing", rule: "chargeback" }), ...reply(s, "agent", 745)], 700);

    // Within refreshMs: the last figures are served.
    clock.advance(14_000);
    let f = parseExposition(await metrics.scrape());
    expect(sampleValue(f, "threadline_conversations_opened_total")).toBe(3);

    clock.advance(1_000);
    f = parseExposition(await metrics.scrape());
    expect(sampleValue(f, "threadline_conversations_opened_total")).toBe(4);
    expect(sampleValue(f, "threadline_escalations_total", { queue: "billing", reason: "chargeback" })).toBe(2);
    expect(sampleValue(f, "threadline_conversations", { status: "open", owner: "ai" })).toBe(2);
    const human = histogram(f, "threadline_first_response_seconds", { responder: "human", channel: "web" });
    expect(human).toMatchObject({ count: 1, sum: 45 });
    // Nothing observed twice when a conversation sends again.
    expect(histogram(f, "threadline_first_response_seconds", { responder: "human", channel: "telegram" }).count).toBe(1);

    // A restarted hub: the log's totals are the same; first responses count from its start (a counter reset to Prometheus).
    clock.set(at(800));
    const restarted = metricsOn();
    const g = parseExposition(await restarted.scrape());
    for (const [name, labels] of [
      ["threadline_conversations_opened_total", {}],
      ["threadline_conversations_escalated_total", {}],
      ["threadline_escalations_total", { queue: "billing", reason: "chargeback" }],
      ["threadline_action_calls_total", { action: "order_lookup", outcome: "found" }],
    ] as const)
      expect(sampleValue(g, name, labels)).toBe(sampleValue(f, name, labels));
    expect(sampleValue(g, "threadline_first_response_seconds_count", { responder: "human", channel: "web" })).toBeUndefined();
  });
});

describe("/metrics when the SQLite file cannot be counted", () => {
  it("still serves the log's figures, leaves the state gauges without samples and counts the failure", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tl-metrics-"));
    const store = openSqliteStore({ path: join(dir, "threadline.db") });
    try {
      const metrics = createHubMetrics({
        store,
        clock: manualClock(T0),
        logger: silentLogger(),
        channels: () => [],
        sqlitePath: join(dir, "missing.db"),
        processMetrics: false,
      });
      await conversation(store, "web", () => []);
      const f = parseExposition(await metrics.scrape());
      expect(sampleValue(f, "threadline_conversations_opened_total")).toBe(1);
      expect(f.get("threadline_conversations")?.samples).toEqual([]);
      expect(sampleValue(f, "threadline_metrics_refresh_failures_total")).toBe(1);
      expect(f.has("process_cpu_user_seconds_total")).toBe(false);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("/metrics on a running hub", () => {
  const HEALTH = "health-token-0123456789abcdef";
  let t: TestHub;
  let other: TestHub;
  const decide: Decider = async () => ({ replies: [{ kind: "answer", text: "Here you go.", authorKind: "ai" }] });
  beforeAll(async () => {
    t = await startTestHub({
      env: { THREADLINE_HEALTH_TOKEN: HEALTH },
      knowledge: true,
      overrides: { decide, adapterOverrides: { web: recordingAdapter("web") } },
    });
    // A second hub in the same process: each has its own registry, so neither clashes with the other's metric names.
    other = await startTestHub();
  });
  afterAll(async () => {
    await t.stop();
    await other.stop();
  });

  it("serves a valid exposition with the AI's first response, process and knowledge-base metrics behind server.health_token", async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    await t.hub.ingest([webInbound("vis_metrics", "hello")]);
    await t.hub.settle();
    const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${HEALTH}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const f = parseExposition(await res.text());
    expect(sampleValue(f, "threadline_first_response_seconds_count", { responder: "ai", channel: "web" })).toBe(1);
    expect(sampleValue(f, "threadline_conversations", { status: "open", owner: "ai" })).toBe(1);
    expect(sampleValue(f, "threadline_conversations_opened_total")).toBe(1);
    expect(sampleValue(f, "threadline_kb_articles_servable")).toBeGreaterThan(5);
    expect(f.get("process_resident_memory_bytes")).toBeDefined();

    const plain = parseExposition(await (await fetch(`${other.url}/metrics`)).text());
    expect(sampleValue(plain, "threadline_conversations_opened_total")).toBe(0);
    expect(plain.has("threadline_kb_articles")).toBe(false);
  });
});
