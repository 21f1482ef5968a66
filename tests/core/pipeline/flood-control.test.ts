import { afterEach, describe, expect, it } from "vitest";
import type { InboundMessage } from "../../../src/core/channel/adapter.js";
import { manualClock } from "../../../src/core/clock.js";
import type { Decider } from "../../../src/core/pipeline/decision.js";
import { FLOOD_NOTICE } from "../../../src/core/pipeline/flood-guard.js";
import { recordingAdapter } from "../../helpers/fakes.js";
import { greetingOnlyConfig, SHIPPED_CONFIG, startTestHub, type TestHub } from "../../helpers/hub.js";
import { eventually } from "../escalation/helpers.js";

const MAX = 5;
const WINDOW_MS = 60_000;
const LIMITS = `\nlimits:\n  per_contact: { max: ${MAX}, window: 1m }\n`;

let n = 0;
const web = (visitor: string, text: string): InboundMessage => ({
  channel: "web",
  externalId: `f-${++n}`,
  sender: { kind: "web", value: visitor },
  address: { visitorId: visitor },
  text,
  attachments: [],
  receivedAt: new Date(),
});
const telegram = (chat: string, text: string): InboundMessage => ({
  channel: "telegram",
  externalId: `t-${++n}`,
  sender: { kind: "telegram", value: chat },
  address: { chatId: chat },
  text,
  attachments: [],
  receivedAt: new Date(),
});

/**
 * A stand-in AI that answers every message and records whom it was called for.
 * While `hold` is set it does not finish calls for that contact's visitor: the
 * flooder keeps the AI busy, and the other customer must be answered anyway.
 */
/** Gates still closed when a test ends (a failed assertion): opened before the hub stops, so it can drain. */
const gates: (() => void)[] = [];

function recordingAi() {
  const calls: string[] = [];
  let release: () => void = () => undefined;
  const gate = { hold: null as string | null, opened: new Promise<void>((r) => (release = r)) };
  gates.push(() => release());
  const decide: Decider = async ({ message, contact }) => {
    const who = contact.identities.map((i) => i.value).join("+");
    calls.push(who);
    if (gate.hold && who.includes(gate.hold)) await gate.opened;
    return { replies: [{ kind: "answer", text: `answer to ${message.text}`, authorKind: "ai" }] };
  };
  return { decide, calls, gate, open: () => release() };
}

describe("per-contact flood control", () => {
  let t: TestHub | null = null;
  afterEach(async () => {
    for (const open of gates.splice(0)) open();
    await t?.stop();
    t = null;
  });

  it("stores a flood across channels, runs the AI for the first max only, sends one notice, never holds up another customer, and resumes after the window", async () => {
    const clock = manualClock(new Date("2026-11-24T10:00:10Z"));
    const ai = recordingAi();
    const adapters = { web: recordingAdapter("web"), telegram: recordingAdapter("telegram") };
    t = await startTestHub({ configYaml: greetingOnlyConfig() + LIMITS, clock, overrides: { decide: ai.decide, adapterOverrides: adapters } });
    const hub = t.hub;
    const store = t.store;

    // The flooder writes on the web chat and on Telegram (one contact: linked identities); the AI is busy with them.
    ai.gate.hold = "flooder";
    const [first] = await hub.ingest([web("flooder", "message 0")]);
    await store.addIdentity(first!.contactId, { kind: "telegram", value: "4242" }, []);
    const flood = Array.from({ length: 29 }, (_, i) => (i % 2 === 0 ? telegram("4242", `message ${i + 1}`) : web("flooder", `message ${i + 1}`)));
    for (const m of flood) await hub.ingest([m]);

    // Another customer writes meanwhile: answered while the flooder's decisions are still waiting for the AI.
    const [other] = await hub.ingest([web("calm", "where is my order?")]);
    await eventually(async () => {
      const out = await store.listMessages(other!.conversationId, { direction: "outbound" });
      expect(out.map((m) => m.text)).toEqual(["answer to where is my order?"]);
    });
    expect(await store.listMessages(first!.conversationId, { direction: "outbound" })).toHaveLength(0);

    ai.open();
    await hub.settle();
    const inbound = await store.listMessages(first!.conversationId, { direction: "inbound" });
    expect(inbound).toHaveLength(30); // nothing lost
    expect(new Set(inbound.map((m) => m.channel))).toEqual(new Set(["web", "telegram"]));
    expect(inbound.every((m) => m.decidedAt !== null)).toBe(true);
    expect(ai.calls.filter((c) => c.includes("flooder"))).toHaveLength(MAX);
    const outbound = await store.listMessages(first!.conversationId, { direction: "outbound" });
    expect(outbound.filter((m) => m.text === FLOOD_NOTICE.en)).toHaveLength(1);
    expect(outbound.filter((m) => m.text.startsWith("answer to"))).toHaveLength(MAX);
    const limited = await store.listEvents({ contactId: first!.contactId, type: "contact.flood_limited" });
    expect(limited).toHaveLength(1);
    expect(limited[0]!.data).toMatchObject({ max: MAX, windowMs: WINDOW_MS });

    // The calm customer has their own budget: max more messages in the same window are all answered.
    for (let i = 0; i < MAX - 1; i++) await hub.ingest([web("calm", `question ${i}`)]);
    await hub.settle();
    expect(await store.listMessages(other!.conversationId, { direction: "outbound" })).toHaveLength(MAX);

    // The next window: the AI answers the flooder again, without another notice.
    clock.advance(WINDOW_MS);
    await hub.ingest([web("flooder", "still there?")]);
    await hub.settle();
    const after = await store.listMessages(first!.conversationId, { direction: "outbound" });
    expect(after.at(-1)!.text).toBe("answer to still there?");
    expect(after.filter((m) => m.text === FLOOD_NOTICE.en)).toHaveLength(1);
    expect(await store.listEvents({ contactId: first!.contactId, type: "contact.flood_limited" })).toHaveLength(1);
  });

  it("a message a mandatory rule fires on is decided even in a flood (safety rules never sleep)", async () => {
    const clock = manualClock(new Date("2026-11-24T10:00:10Z"));
    const ai = recordingAi();
    t = await startTestHub({
      configYaml: SHIPPED_CONFIG + LIMITS,
      clock,
      overrides: { decide: ai.decide, adapterOverrides: { web: recordingAdapter("web") } },
    });
    for (let i = 0; i < MAX + 3; i++) await t.hub.ingest([web("flooder", `hello ${i}`)]);
    await t.hub.settle();
    expect(ai.calls).toHaveLength(MAX); // the flood is limited
    await t.hub.ingest([web("flooder", "I'm going to file a chargeback with my bank")]);
    await t.hub.ingest([web("flooder", "just one more hello")]);
    await t.hub.settle();
    expect(ai.calls).toHaveLength(MAX + 1); // the chargeback was decided, the next hello was not
  });

  it("sends the notice in the customer's language, and config turns flood control off", async () => {
    const clock = manualClock(new Date("2026-11-24T10:00:10Z"));
    const ai = recordingAi();
    t = await startTestHub({
      configYaml: greetingOnlyConfig() + LIMITS,
      clock,
      overrides: { decide: ai.decide, adapterOverrides: { web: recordingAdapter("web") } },
    });
    let conversationId = "";
    for (let i = 0; i <= MAX; i++)
      conversationId = (await t.hub.ingest([web("anna", `Ich habe noch eine Frage zu meiner Bestellung Nummer ${i}, bitte helfen Sie mir`)]))[0]!
        .conversationId;
    await t.hub.settle();
    const out = await t.store.listMessages(conversationId, { direction: "outbound" });
    expect(out.at(-1)!.text).toBe(FLOOD_NOTICE.de);
    await t.stop();

    const off = recordingAi();
    t = await startTestHub({
      configYaml: greetingOnlyConfig() + LIMITS.replace("max:", "enabled: false, max:"),
      clock,
      overrides: { decide: off.decide, adapterOverrides: { web: recordingAdapter("web") } },
    });
    for (let i = 0; i <= MAX + 3; i++) await t.hub.ingest([web("bulk", `message ${i}`)]);
    await t.hub.settle();
    expect(off.calls).toHaveLength(MAX + 4);
  });
});
