import { afterEach, describe, expect, it } from "vitest";
import { BotError } from "../../../src/core/escalation/port.js";
import { recordingAdapter, webInbound, type RecordingAdapter } from "../../helpers/fakes.js";
import { startTestHub, type TestHub } from "../../helpers/hub.js";
import { AGENTS, CHARGEBACK, ESCALATION_YAML, escalationConfig, eventually, recordingBot, type RecordingBot } from "./helpers.js";

/** billing conversations go to #billing, and a high risk also to #security (two threads for a chargeback). */
const TWO_TARGETS = ESCALATION_YAML.replace(
  "    - { match: { queue: [billing] }, targets: [billing] }\n",
  "    - { match: { queue: [billing] }, targets: [billing] }\n    - { match: { risk: [high, critical] }, targets: [security, billing] }\n",
);
/** billing conversations go to a Discord target. */
const DISCORD_ONLY = ESCALATION_YAML.replace("targets: [billing] }", "targets: [eng] }");

interface Readyz {
  status: string;
  checks: { escalation?: { ok: boolean; affects_readiness: boolean; queued: number; targets: Record<string, { ok: boolean; detail: string }> } };
}

describe("the escalation relay inside the real hub", () => {
  const hubs: TestHub[] = [];
  let web: RecordingAdapter;
  afterEach(async () => {
    for (const h of hubs.splice(0)) await h.stop();
  });

  async function start(yaml: string, bots: Record<string, RecordingBot>, dataDir?: string): Promise<TestHub> {
    web = recordingAdapter("web");
    const t = await startTestHub({
      knowledge: true,
      configYaml: escalationConfig(yaml),
      ...(dataDir ? { dataDir } : {}),
      overrides: { adapterOverrides: { web }, botOverrides: bots },
    });
    hubs.push(t);
    return t;
  }
  async function escalate(t: TestHub, visitor: string): Promise<string> {
    const [m] = await t.hub.ingest([webInbound(visitor, CHARGEBACK)]);
    await t.hub.settle();
    return m!.conversationId;
  }
  const readyz = async (t: TestHub) => {
    const res = await fetch(`${t.url}/readyz`);
    return { status: res.status, body: (await res.json()) as Readyz };
  };

  it("tells the agents in the thread when a reply can never be delivered (e.g. outside WhatsApp's window)", async () => {
    const slack = recordingBot("slack");
    const t = await start(ESCALATION_YAML, { slack });
    const id = await escalate(t, "vis_undeliverable");
    web.failNext.push({ kind: "invalid_recipient" });
    const reply = await t.hub.desk.handle({ conversationId: id, actor: AGENTS.mia, externalId: "u-1", kind: "call" });
    expect(reply.ok).toBe(true);
    await t.hub.settle();
    await eventually(() => {
      const warnings = slack.of("mirror").filter((m) => /Not delivered to the customer on web/.test(m.entry?.message.text ?? ""));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.entry.message.direction).toBe("internal");
      // How to fix it: the console's Resend button, or the CLI with another channel.
      expect(warnings[0]!.entry.message.text).toMatch(/Resend it from the console \(or `threadline outbox resend msg_\S+ --via CHANNEL`\)/);
    });
  });

  it("opens a thread with the card in every routed target, stores the reference and records thread.opened", async () => {
    const slack = recordingBot("slack");
    const t = await start(TWO_TARGETS, { slack });
    const id = await escalate(t, "vis_r1");
    expect(slack.opened.map((o) => o.target.name)).toEqual(["billing", "security"]);
    const [billing, security] = slack.opened;
    expect(billing!.target).toMatchObject({ channel: "C0BILLING", mention: ["<!subteam^S0BILL>"], repliesByDefault: true });
    expect(security!.target).toMatchObject({ channel: "C0SECURITY", repliesByDefault: false });
    const view = billing!.view;
    expect(view.conversation.id).toBe(id);
    expect(view.card).toMatchObject({ rule: "chargeback", risk: "high", queue: "billing" });
    expect(view.replyTo.channel).toBe("web");
    expect(view.replyTo.recipient).toMatch(/^Web chat · /);
    expect(view.canned).toEqual([
      { name: "photo_request", text: "Could you send us a photo of the damage?" },
      { name: "refund_started", text: "Your refund is on its way." },
    ]);
    const conversation = (await t.store.getConversation(id))!;
    expect(conversation.escalation).toEqual(billing!.ref);
    const opened = await t.store.listEvents({ conversationId: id, type: "thread.opened" });
    expect(opened.map((e) => [e.data.targetName, e.data.threadId, e.data.kind])).toEqual([
      ["billing", billing!.ref.threadId, "main"],
      ["security", security!.ref.threadId, "main"],
    ]);
    expect(await t.hub.desk.conversationForThread("slack", security!.ref.threadId)).toBe(id);

    // The next customer message shows up in both threads.
    await t.hub.ingest([webInbound("vis_r1", "Hello? I am still waiting")]);
    await t.hub.settle();
    const mirrored = slack.of("mirror").filter((c) => c.entry.message.text === "Hello? I am still waiting");
    expect(mirrored.map((c) => c.ref.threadId).sort()).toEqual([billing!.ref.threadId, security!.ref.threadId].sort());
    expect(mirrored[0]!.entry.message).toMatchObject({ direction: "inbound", channel: "web" });
  });

  it("mirrors a customer message that arrives while openThread is still running", async () => {
    const slack = recordingBot("slack");
    slack.openDelayMs = 400;
    const t = await start(ESCALATION_YAML, { slack });
    const [m] = await t.hub.ingest([webInbound("vis_r2", CHARGEBACK)]);
    await eventually(() => expect(slack.of("openThread")).toHaveLength(1));
    expect(slack.opened).toHaveLength(0);
    await t.hub.ingest([webInbound("vis_r2", "Are you there? This is urgent")]);
    await t.hub.settle();
    expect(slack.opened).toHaveLength(1);
    const mirrored = slack.of("mirror").filter((c) => c.entry.message.text === "Are you there? This is urgent");
    expect(mirrored.map((c) => c.ref.threadId)).toEqual([slack.opened[0]!.ref.threadId]);
    expect((await t.store.getConversation(m!.conversationId))!.escalation?.threadId).toBe(slack.opened[0]!.ref.threadId);
  });

  it("re-renders the card (update) with the new state after desk actions", async () => {
    const slack = recordingBot("slack");
    const t = await start(ESCALATION_YAML, { slack });
    const id = await escalate(t, "vis_r3");
    const ref = slack.opened[0]!.ref;
    expect(await t.hub.desk.handle({ conversationId: id, actor: AGENTS.mia, externalId: "u1", kind: "claim" })).toMatchObject({ ok: true });
    await t.hub.settle();
    const afterClaim = slack.of("update").at(-1)!;
    expect(afterClaim.ref.threadId).toBe(ref.threadId);
    expect(afterClaim.view.conversation).toMatchObject({ assignee: "mia", owner: "human" });
    expect(afterClaim.view.assigneeName).toBe("Mia");
    await t.hub.desk.handle({ conversationId: id, actor: AGENTS.mia, externalId: "u2", kind: "priority", priority: "urgent" });
    await t.hub.desk.handle({ conversationId: id, actor: AGENTS.mia, externalId: "u3", kind: "resolve" });
    await t.hub.settle();
    expect(slack.of("update").at(-1)!.view.conversation).toMatchObject({ priority: "urgent", status: "resolved" });
    // A refused action changes nothing and re-renders nothing.
    const n = slack.of("update").length;
    await t.hub.desk.handle({ conversationId: id, actor: AGENTS.stranger, externalId: "u4", kind: "reopen" });
    await t.hub.settle();
    expect(slack.of("update")).toHaveLength(n);
  });

  it("an auth failure disables the target in /readyz, alerts the fallback, posts the case there meanwhile, and retries until it works", async () => {
    const slack = recordingBot("slack");
    slack.failAlways.set("billing", new BotError("auth", "token_revoked"));
    const t = await start(ESCALATION_YAML, { slack });
    const id = await escalate(t, "vis_r4");

    const alerts = slack.of("notify");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.target.name).toBe("support");
    expect(alerts[0]!.text).toContain("billing");
    expect(slack.opened.map((o) => o.target.name)).toEqual(["support"]);
    expect(slack.opened[0]!.view.conversation.id).toBe(id);

    const down = await readyz(t);
    expect(down.status).toBe(200);
    expect(down.body.status).toBe("ready");
    expect(down.body.checks.escalation).toMatchObject({ ok: false, affects_readiness: false });
    expect(down.body.checks.escalation!.targets.billing).toMatchObject({ ok: false });
    expect(down.body.checks.escalation!.targets.billing!.detail).toMatch(/not authorised/);
    expect(down.body.checks.escalation!.targets.support!.ok).toBe(true);

    // Still failing: retried (on short delays from escalation.retry), and alerted only once.
    await eventually(() => expect(slack.attempts.filter((a) => a.target === "billing").length).toBeGreaterThanOrEqual(3));
    expect(slack.of("notify")).toHaveLength(1);
    expect(slack.opened.filter((o) => o.target.name === "support")).toHaveLength(1);

    slack.failAlways.delete("billing");
    await eventually(() => expect(slack.opened.map((o) => o.target.name)).toEqual(["support", "billing"]));
    await t.hub.settle();
    const up = await readyz(t);
    expect(up.body.checks.escalation).toMatchObject({ queued: 0 });
    expect(up.body.checks.escalation!.targets.billing).toEqual({ ok: true, detail: "ok" });
    expect(up.body.checks.escalation!.targets.support).toEqual({ ok: true, detail: "ok" });
    const opened = await t.store.listEvents({ conversationId: id, type: "thread.opened" });
    expect(opened.map((e) => e.data.targetName)).toEqual(["support", "billing"]);
  });

  it("transient failures are retried with backoff (at least the platform's retry-after), without disabling the target", async () => {
    const slack = recordingBot("slack");
    slack.failOpen.set("billing", [new BotError("transient", "502 from Slack"), new BotError("rate_limited", "slow down", 300)]);
    const t = await start(ESCALATION_YAML, { slack });
    const id = await escalate(t, "vis_r5");
    expect((await readyz(t)).body.checks.escalation!.targets.billing!.ok).toBe(true);
    await eventually(() => expect(slack.opened.filter((o) => o.target.name === "billing")).toHaveLength(1));
    const times = slack.attempts.filter((a) => a.target === "billing").map((a) => a.at);
    expect(times).toHaveLength(3);
    // retry.base_delay 40ms (±20 % jitter) after the transient error; after the rate limit, its retry-after (300ms) rather than the 80ms backoff.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(30);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(295);
    expect(slack.of("notify")).toHaveLength(0);
    // The relay records the thread after the platform call returns: wait for the event, not just the call.
    await eventually(async () => {
      const opened = await t.store.listEvents({ conversationId: id, type: "thread.opened" });
      expect(opened.map((e) => e.data.targetName)).toContain("billing");
    });
    await new Promise((r) => setTimeout(r, 250));
    expect(slack.attempts.filter((a) => a.target === "billing")).toHaveLength(3);
  });

  it("with no bot for the target's platform nothing loops; after a restart with the bot, recover opens the pending thread", async () => {
    const slack = recordingBot("slack");
    const first = await start(DISCORD_ONLY, { slack });
    const id = await escalate(first, "vis_r6");
    expect((await first.store.getConversation(id))!).toMatchObject({ owner: "human", escalation: null });
    await new Promise((r) => setTimeout(r, 300)); // several retry.base_delay periods
    expect(slack.of("openThread")).toHaveLength(0);
    const ready = await readyz(first);
    expect(ready.body.checks.escalation!.queued).toBe(0);
    expect(ready.body.checks.escalation!.targets.eng).toMatchObject({ ok: false });
    expect(ready.body.checks.escalation!.targets.eng!.detail).toMatch(/no discord bot/);
    await first.stop();
    hubs.splice(hubs.indexOf(first), 1);

    const discord = recordingBot("discord");
    const second = await start(DISCORD_ONLY, { slack: recordingBot("slack"), discord }, first.dataDir);
    await second.hub.settle();
    await eventually(() => expect(discord.opened.map((o) => o.target.name)).toEqual(["eng"]));
    expect(discord.opened[0]!.view.conversation.id).toBe(id);
    expect(discord.opened[0]!.view.card.rule).toBe("chargeback");
    await second.hub.settle();
    expect((await second.store.getConversation(id))!.escalation).toEqual(discord.opened[0]!.ref);
    // A message after the restart is mirrored into the recovered thread.
    await second.hub.ingest([webInbound("vis_r6", "Any news?")]);
    await second.hub.settle();
    expect(discord.of("mirror").map((c) => c.entry.message.text)).toContain("Any news?");
  });

  it("a target still failing when the hub stops is opened after the restart, even though the fallback already carries the case", async () => {
    const slack = recordingBot("slack");
    slack.failAlways.set("billing", new BotError("auth", "token_revoked"));
    const first = await start(ESCALATION_YAML, { slack });
    const id = await escalate(first, "vis_r7");
    expect(slack.opened.map((o) => o.target.name)).toEqual(["support"]);
    await first.stop();
    hubs.splice(hubs.indexOf(first), 1);

    const fixed = recordingBot("slack");
    const second = await start(ESCALATION_YAML, { slack: fixed }, first.dataDir);
    await second.hub.settle();
    await eventually(() => expect(fixed.opened.map((o) => o.target.name)).toEqual(["billing"]));
    expect(fixed.opened[0]!.view.conversation.id).toBe(id);
    await eventually(async () => {
      const opened = await second.store.listEvents({ conversationId: id, type: "thread.opened" });
      expect(opened.map((e) => e.data.targetName)).toEqual(["support", "billing"]);
    });
    // The conversation keeps its first thread; nothing else is reopened on a further restart.
    expect((await second.store.getConversation(id))!.escalation?.target).toBe("C0SUPPORT");
    await second.stop();
    hubs.splice(hubs.indexOf(second), 1);
    const again = recordingBot("slack");
    const third = await start(ESCALATION_YAML, { slack: again }, first.dataDir);
    await third.hub.settle();
    expect(again.of("openThread")).toHaveLength(0);
  });
});
