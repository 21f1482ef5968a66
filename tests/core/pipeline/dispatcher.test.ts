import { describe, expect, it } from "vitest";
import { manualClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import type { Decider } from "../../../src/core/pipeline/decision.js";
import { createDispatcher } from "../../../src/core/pipeline/dispatcher.js";
import { createIngest } from "../../../src/core/pipeline/ingest.js";
import { openSqliteStore } from "../../../src/core/store/sqlite/sqlite-store.js";
import { webInbound } from "../../helpers/fakes.js";

function setup(decide: Decider) {
  const store = openSqliteStore({ path: ":memory:" });
  const clock = manualClock(new Date("2026-11-24T09:00:00Z"));
  let queued = 0;
  const dispatcher = createDispatcher({ store, clock, logger: silentLogger(), decide, onQueued: () => queued++ });
  const ingest = createIngest({
    store,
    clock,
    logger: silentLogger(),
    policy: { continuityWindowMs: 1e9, reopenWindowMs: 0 },
    onPersisted: (m, isNew) => dispatcher.submit(m, isNew),
  });
  return { store, clock, dispatcher, ingest, queued: () => queued };
}

describe("decision dispatcher", () => {
  it("queues the decided replies, records the decision and marks the message decided", async () => {
    const { store, dispatcher, ingest, queued } = setup(async ({ isNewConversation }) => ({
      replies: isNewConversation ? [{ kind: "greeting", text: "Welcome", authorKind: "system" }] : [],
    }));
    const [a] = await ingest([webInbound("v", "hi")]);
    await ingest([webInbound("v", "again")]);
    await dispatcher.idle();
    const outbound = await store.listMessages(a!.conversationId, { direction: "outbound" });
    expect(outbound.map((m) => m.text)).toEqual(["Welcome"]);
    expect(await store.listUndecided(10)).toEqual([]);
    const decisions = await store.listEvents({ type: "decision.made" });
    expect(decisions.map((e) => e.data.replies)).toEqual([["greeting"], []]);
    expect(queued()).toBe(1);
  });

  it("decides messages of one conversation in arrival order", async () => {
    const seen: string[] = [];
    const { dispatcher, ingest } = setup(async ({ message }) => {
      await new Promise((r) => setTimeout(r, message.text === "first" ? 30 : 0));
      seen.push(message.text);
      return { replies: [] };
    });
    await ingest([webInbound("v", "first")]);
    await ingest([webInbound("v", "second")]);
    await dispatcher.idle();
    expect(seen).toEqual(["first", "second"]);
  });

  it("records a failing decision, marks it decided and keeps going", async () => {
    const { store, dispatcher, ingest } = setup(async ({ message }) => {
      if (message.text === "poison") throw new Error("model exploded");
      return { replies: [{ kind: "answer", text: "ok", authorKind: "ai" }] };
    });
    const [a] = await ingest([webInbound("v", "poison")]);
    await ingest([webInbound("v", "fine")]);
    await dispatcher.idle();
    expect((await store.listEvents({ type: "decision.failed" }))[0]?.data).toMatchObject({ error: "model exploded" });
    expect(await store.listUndecided(10)).toEqual([]);
    expect((await store.listMessages(a!.conversationId, { direction: "outbound" })).map((m) => m.text)).toEqual(["ok"]);
  });

  it("recover() decides persisted messages that never got a decision (crash between store and decide)", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const clock = manualClock(new Date("2026-11-24T09:00:00Z"));
    // Ingest with no dispatcher at all: as if the process died right after persisting.
    const ingest = createIngest({ store, clock, logger: silentLogger(), policy: { continuityWindowMs: 1e9, reopenWindowMs: 0 }, onPersisted: () => {} });
    await ingest([webInbound("v", "one")]);
    await ingest([webInbound("v", "two")]);
    const decided: { text: string; isNew: boolean }[] = [];
    const dispatcher = createDispatcher({
      store,
      clock,
      logger: silentLogger(),
      onQueued: () => {},
      decide: async ({ message, isNewConversation }) => {
        decided.push({ text: message.text, isNew: isNewConversation });
        return { replies: [] };
      },
    });
    expect(await dispatcher.recover()).toBe(2);
    expect(decided).toEqual([
      { text: "one", isNew: true },
      { text: "two", isNew: false },
    ]);
    expect(await dispatcher.recover()).toBe(0);
  });
});

describe("typing indicator", () => {
  it("shows the AI typing while it decides, and never when a human owns the conversation", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const clock = manualClock(new Date("2026-11-24T09:00:00Z"));
    const typing: boolean[] = [];
    const dispatcher = createDispatcher({
      store,
      clock,
      logger: silentLogger(),
      onQueued: () => {},
      decide: async () => ({ replies: [] }),
      typing: async (_c, on) => void typing.push(on),
    });
    const ingest = createIngest({
      store,
      clock,
      logger: silentLogger(),
      policy: { continuityWindowMs: 1e9, reopenWindowMs: 0 },
      onPersisted: (m, n) => dispatcher.submit(m, n),
    });
    const [a] = await ingest([webInbound("v", "one")]);
    await dispatcher.idle();
    expect(typing).toEqual([true, false]);
    await store.updateConversation(a!.conversationId, {}, { owner: "human" }, []);
    await ingest([webInbound("v", "two")]);
    await dispatcher.idle();
    expect(typing).toEqual([true, false]);
  });
});
