import { afterEach, describe, expect, it } from "vitest";
import type { AgentEvent } from "../../../src/core/escalation/port.js";
import type { StoredMessage } from "../../fakes/discord-api.js";
import { eventually, startHarness, type Harness, type HarnessOptions } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function opened(options: HarnessOptions = {}) {
  h = await startHarness(options);
  const { threadId, card } = await h.open("cv_1");
  return { h, threadId, card };
}

/** Strips the fields every event has, leaving the action. */
function action(e: AgentEvent | undefined): Record<string, unknown> {
  if (!e) return {};
  const { conversationId: _c, actor: _a, externalId: _x, at: _t, ...rest } = e;
  return rest;
}

const EPHEMERAL = 64;

describe("discord bot: slash commands", () => {
  const now = new Date("2026-11-24T09:00:00Z").getTime();
  const cases: [string, Record<string, string>, Record<string, unknown>][] = [
    ["reply", { text: "Your refund is on its way" }, { kind: "reply", text: "Your refund is on its way" }],
    ["note", { text: "checked the PSP, double charge confirmed" }, { kind: "note", text: "checked the PSP, double charge confirmed" }],
    ["claim", {}, { kind: "claim" }],
    ["assign", { agent: "jonas" }, { kind: "assign", agent: "jonas" }],
    ["resolve", { note: "refunded" }, { kind: "resolve", note: "refunded" }],
    ["resolve", {}, { kind: "resolve" }],
    ["reopen", {}, { kind: "reopen" }],
    ["snooze", { until: "4h" }, { kind: "snooze", until: new Date(now + 4 * 3600_000) }],
    ["snooze", { until: "next-week" }, { kind: "snooze", until: new Date(now + 7 * 24 * 3600_000) }],
    ["priority", { level: "urgent" }, { kind: "priority", priority: "urgent" }],
    ["tag", { name: "double-charge" }, { kind: "tag", tag: "double-charge" }],
    ["canned", { name: "refund-approved" }, { kind: "canned", name: "refund-approved" }],
    ["handback", {}, { kind: "handback" }],
    ["loopin", { team: "security", text: "is this fraud?" }, { kind: "loop_in", target: "security", text: "is this fraud?" }],
    ["call", {}, { kind: "call" }],
  ];

  it("turns each command in a Threadline thread into the right AgentEvent, answered ephemerally", async () => {
    const { h, threadId } = await opened();
    for (const [name, options, expected] of cases) {
      const before = h.desk.events.length;
      const id = h.slash(h.agent, threadId, name, options);
      const cb = await h.callback(id);
      expect(cb.type, name).toBe(4);
      expect(cb.data.flags, name).toBe(EPHEMERAL);
      expect(h.desk.events.length, name).toBe(before + 1);
      const e = h.desk.events.at(-1)!;
      expect(action(e), name).toEqual(expected);
      expect(e.conversationId).toBe("cv_1");
      expect(e.externalId).toBe(id);
      expect(e.actor).toEqual({ platform: "discord", userId: h.agent.user.id, name: "Maria" });
    }
  });

  it("confirms a /reply with where it goes and an Undo button that sends undo_reply", async () => {
    const { h, threadId } = await opened();
    const id = h.slash(h.agent, threadId, "reply", { text: "Refund approved" });
    const cb = await h.callback(id);
    expect(cb.data.content).toContain("Telegram · @anna");
    const undoId = `tl:undo:${threadId}:msg_${id}`;
    expect(JSON.stringify(cb.data.components)).toContain(undoId);
    const ephemeralMsg = {
      ...h.s.messages.get(threadId)!,
      id: h.s.newId(),
      channel_id: threadId,
      flags: EPHEMERAL,
      content: String(cb.data.content),
    } as StoredMessage;
    const undo = h.click(h.agent, ephemeralMsg, undoId);
    const undoCb = await h.callback(undo);
    expect(action(h.desk.events.at(-1))).toEqual({ kind: "undo_reply", messageId: `msg_${id}` });
    expect(undoCb.type).toBe(7); // the confirmation is replaced: no Undo any more
    expect(undoCb.data.components).toEqual([]);
  });

  it("answers an ephemeral error outside a Threadline thread and sends nothing to the desk", async () => {
    const { h } = await opened();
    const id = h.slash(h.agent, h.s.channels.text, "reply", { text: "hello" });
    const cb = await h.callback(id);
    expect(cb.data.flags).toBe(EPHEMERAL);
    expect(cb.data.content).toMatch(/inside an escalation thread/);
    expect(h.desk.events).toHaveLength(0);
  });

  it("shows the desk's refusal to the agent", async () => {
    const { h, threadId } = await opened();
    h.desk.answer = () => ({ ok: false, error: "conflict", message: "Jonas already owns this conversation." });
    const cb = await h.callback(h.slash(h.agent, threadId, "claim"));
    expect(cb.data.content).toBe("⚠️ Jonas already owns this conversation.");
    expect(cb.data.flags).toBe(EPHEMERAL);
  });

  it("ignores a replayed interaction (same id delivered twice)", async () => {
    const { h, threadId } = await opened();
    const id = h.slash(h.agent, threadId, "claim");
    await h.callback(id);
    h.s.dispatch("INTERACTION_CREATE", h.lastInteraction!);
    const sentinel = h.slash(h.agent, threadId, "call");
    await h.callback(sentinel);
    expect(h.desk.events.map((e) => e.kind)).toEqual(["claim", "call"]);
    expect(h.s.callsTo("POST", new RegExp(`^/interactions/${id}/`))).toHaveLength(1);
  });

  it("autocompletes canned names and teams when there are more than 25", async () => {
    const many = Array.from({ length: 30 }, (_, i) => `canned-${i}`);
    h = await startHarness({ behaviour: { cannedNames: many } });
    const put = h.s.callsTo("PUT", /\/commands$/)[0]!.body as unknown as { name: string; options: { autocomplete?: boolean }[] }[];
    expect(put.find((c) => c.name === "canned")!.options[0]!.autocomplete).toBe(true);
    const { threadId } = await h.open();
    const id = h.interact(h.agent, 4, threadId, { id: h.s.newId(), name: "canned", type: 1, options: [{ name: "name", type: 3, value: "-2", focused: true }] });
    const cb = await h.callback(id);
    expect(cb.type).toBe(8);
    expect((cb.data.choices as { value: string }[]).map((c) => c.value)).toEqual([
      "canned-2",
      "canned-20",
      "canned-21",
      "canned-22",
      "canned-23",
      "canned-24",
      "canned-25",
      "canned-26",
      "canned-27",
      "canned-28",
      "canned-29",
    ]);
  });
});

describe("discord bot: card buttons, selects and modals", () => {
  it("Reply to customer opens a modal naming channel and recipient; submitting it is a reply", async () => {
    const { h, threadId, card } = await opened();
    const cb = await h.callback(h.click(h.agent, card, `tl:reply:${threadId}`));
    expect(cb.type).toBe(9);
    expect(JSON.stringify(cb.data)).toContain("**Telegram** · **@anna**");
    expect(cb.data.custom_id).toBe(`tl:reply-modal:${threadId}`);
    expect(h.desk.events).toHaveLength(0);
    const submit = h.submit(h.agent, h.s.channels.text, `tl:reply-modal:${threadId}`, { text: "We refunded 59.90 EUR." });
    const done = await h.callback(submit);
    expect(action(h.desk.events.at(-1))).toEqual({ kind: "reply", text: "We refunded 59.90 EUR." });
    expect(JSON.stringify(done.data.components)).toContain(`tl:undo:${threadId}:msg_${submit}`);
  });

  it("Resolve opens a modal with an optional note", async () => {
    const { h, threadId, card } = await opened();
    const cb = await h.callback(h.click(h.agent, card, `tl:resolve:${threadId}`));
    expect(cb.type).toBe(9);
    await h.callback(h.submit(h.agent, threadId, `tl:resolve-modal:${threadId}`, { note: "refunded twice, closed" }));
    await h.callback(h.submit(h.agent, threadId, `tl:resolve-modal:${threadId}`, { note: "" }));
    expect(h.desk.events.map(action)).toEqual([{ kind: "resolve", note: "refunded twice, closed" }, { kind: "resolve" }]);
  });

  it("maps Claim, Hand back, Start call, Reopen and the selects to their events", async () => {
    const { h, threadId, card } = await opened();
    for (const a of ["claim", "handback", "call", "reopen"]) await h.callback(h.click(h.agent, card, `tl:${a}:${threadId}`));
    await h.callback(h.choose(h.agent, card, `tl:priority:${threadId}`, "low"));
    await h.callback(h.choose(h.agent, card, `tl:snooze:${threadId}`, "1h"));
    await h.callback(h.choose(h.agent, card, `tl:loopin:${threadId}`, "security"));
    const canned = await h.callback(h.choose(h.agent, card, `tl:canned:${threadId}`, "refund-approved"));
    expect(h.desk.events.map(action)).toEqual([
      { kind: "claim" },
      { kind: "handback" },
      { kind: "call" },
      { kind: "reopen" },
      { kind: "priority", priority: "low" },
      { kind: "snooze", until: new Date(h.clock.now().getTime() + 3600_000) },
      { kind: "loop_in", target: "security" },
      { kind: "canned", name: "refund-approved" },
    ]);
    expect(JSON.stringify(canned.data.components)).toContain("tl:undo:");
  });

  it("ignores components that are not Threadline's", async () => {
    const { h, card } = await opened();
    h.click(h.agent, card, "someone-elses-button");
    const sentinel = await h.callback(h.slash(h.agent, card.id, "claim"));
    expect(sentinel.type).toBe(4);
    expect(h.desk.events.map((e) => e.kind)).toEqual(["claim"]);
  });
});

describe("discord bot: reactions", () => {
  it("✅ resolves and 👀 claims, on the card in the parent channel or any thread message", async () => {
    const { h, threadId } = await opened();
    h.react(h.agent, h.s.channels.text, threadId, "✅");
    await eventually(() => expect(h.desk.events).toHaveLength(1));
    const m = h.say(h.otherBot, threadId, "some message");
    h.react(h.agent, threadId, m.id, "👀");
    h.react(h.agent, threadId, m.id, "🎉");
    await eventually(() => expect(h.desk.events).toHaveLength(2));
    expect(h.desk.events.map(action)).toEqual([{ kind: "resolve" }, { kind: "claim" }]);
    expect(h.desk.events[0]!.actor.userId).toBe(h.agent.user.id);
  });
});
