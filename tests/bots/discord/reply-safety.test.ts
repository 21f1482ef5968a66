import { afterEach, describe, expect, it } from "vitest";
import { classifyThreadMessage } from "../../../src/bots/discord/classify.js";
import type { BotBehaviour } from "../../../src/core/escalation/module.js";
import { eventually, startHarness, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PREFIX_CONFIGS: { label: string; behaviour: Pick<BotBehaviour, "replyPrefix" | "notePrefix"> }[] = [
  { label: "default prefixes", behaviour: { replyPrefix: "!reply ", notePrefix: "!note " } },
  { label: "reply prefix is a prefix of the note prefix", behaviour: { replyPrefix: "!", notePrefix: "!note" } },
  { label: "both prefixes equal", behaviour: { replyPrefix: "::", notePrefix: "::" } },
  { label: "empty reply prefix", behaviour: { replyPrefix: "", notePrefix: "!note " } },
  { label: "empty note prefix", behaviour: { replyPrefix: "/r ", notePrefix: "" } },
];

describe("reply safety: classifyThreadMessage", () => {
  it("never makes a reply out of a message starting with the note prefix, in any configuration", () => {
    for (const { label, behaviour } of PREFIX_CONFIGS) {
      for (const repliesByDefault of [false, true]) {
        const note = behaviour.notePrefix.trim();
        if (!note) continue;
        for (const text of [`${note} internal only`, `${note.toUpperCase()} internal`, `   ${note} leading spaces`, `${note}${behaviour.replyPrefix} tricky`]) {
          expect(classifyThreadMessage(text, behaviour, repliesByDefault).kind, `${label} / rbd=${repliesByDefault} / ${text}`).toBe("note");
        }
      }
    }
  });

  it("keeps plain messages internal unless the target replies by default", () => {
    for (const { label, behaviour } of PREFIX_CONFIGS) {
      expect(classifyThreadMessage("Checked the PSP logs", behaviour, false), label).toEqual({ kind: "note", text: "Checked the PSP logs" });
      expect(classifyThreadMessage("Hi Anna, done!", behaviour, true).kind, label).toBe("reply");
    }
  });

  it("makes a reply only from an explicit, whole-word reply prefix", () => {
    const b = { replyPrefix: "!reply ", notePrefix: "!note " };
    expect(classifyThreadMessage("!reply Your refund is on its way", b, false)).toEqual({ kind: "reply", text: "Your refund is on its way" });
    expect(classifyThreadMessage("!REPLY shouting", b, false)).toEqual({ kind: "reply", text: "shouting" });
    expect(classifyThreadMessage("!replying later", b, false).kind).toBe("note");
    expect(classifyThreadMessage("!note !reply hi", b, true)).toEqual({ kind: "note", text: "!reply hi" });
  });
});

describe("reply safety in real threads (text channel and forum, every prefix configuration)", () => {
  for (const { label, behaviour } of PREFIX_CONFIGS) {
    it(`${label}: plain → note (reply only where replies_by_default), note prefix → note, /note → note`, async () => {
      h = await startHarness({ behaviour });
      const internal = await h.open("cv_internal", { name: "billing", channel: h.s.channels.text, repliesByDefault: false });
      const direct = await h.open("cv_direct", { name: "vip", channel: h.s.channels.forum, repliesByDefault: true });
      const note = behaviour.notePrefix.trim();
      const messages: { thread: string; text: string; expect: "note" | "reply" }[] = [
        { thread: internal.threadId, text: "Plain internal remark", expect: "note" },
        { thread: direct.threadId, text: "Plain message in a replies-by-default target", expect: "reply" },
      ];
      if (note) {
        messages.push({ thread: internal.threadId, text: `${note} secret detail`, expect: "note" });
        messages.push({ thread: direct.threadId, text: `${note} secret detail`, expect: "note" });
        messages.push({ thread: direct.threadId, text: `${note.toUpperCase()} SHOUTED secret`, expect: "note" });
      }
      if (behaviour.replyPrefix.trim() && behaviour.replyPrefix.trim() !== note) {
        messages.push({ thread: internal.threadId, text: `${behaviour.replyPrefix.trim()} explicit reply`, expect: "reply" });
      }
      for (const m of messages) h.say(h.agent, m.thread, m.text);
      await eventually(() => expect(h!.desk.events).toHaveLength(messages.length));
      for (const m of messages) {
        const e = h.desk.events.find(
          (x) =>
            x.conversationId === (m.thread === internal.threadId ? "cv_internal" : "cv_direct") && m.text.includes((x as { text?: string }).text ?? "\u0000"),
        );
        expect(e?.kind, `${m.text} in ${m.thread === internal.threadId ? "internal" : "replies-by-default"} thread`).toBe(m.expect);
      }
      // /note is a note everywhere
      for (const t of [internal.threadId, direct.threadId]) await h.callback(h.slash(h.agent, t, "note", { text: "via slash" }));
      expect(h.desk.events.slice(-2).map((e) => e.kind)).toEqual(["note", "note"]);
    });
  }

  it("acknowledges a note with 📝 and a reply with 📨 plus a confirmation carrying Undo", async () => {
    h = await startHarness();
    const { threadId } = await h.open();
    const note = h.say(h.agent, threadId, "internal remark");
    await h.s.waitForCall("PUT", new RegExp(`/messages/${note.id}/reactions/${encodeURIComponent("📝")}/@me$`));
    const reply = h.say(h.agent, threadId, "!reply Hello Anna");
    await h.s.waitForCall("PUT", new RegExp(`/messages/${reply.id}/reactions/${encodeURIComponent("📨")}/@me$`));
    const confirmation = await h.s.waitForCall("POST", new RegExp(`^/channels/${threadId}/messages$`), (c) => JSON.stringify(c.body).includes("tl:undo"));
    expect(confirmation.body.content).toContain("Telegram · @anna");
    expect(JSON.stringify(confirmation.body.components)).toContain(`tl:undo:${threadId}:msg_${reply.id}`);
    expect(h.desk.events.map((e) => [e.kind, e.externalId])).toEqual([
      ["note", note.id],
      ["reply", reply.id],
    ]);
  });

  it("remembers replies_by_default across a restart (and defaults to note for unknown channels)", async () => {
    h = await startHarness();
    const { threadId } = await h.open("cv_1", { channel: h.s.channels.forum, repliesByDefault: true });
    const dataDir = h.dataDir;
    await h.bot.stop();
    const { createDiscordBot, discordConfigSchema } = await import("../../../src/bots/discord/index.js");
    const again = createDiscordBot(
      discordConfigSchema.parse({ token: h.s.token, application_id: h.s.applicationId, guild_id: h.s.guildId, api_url: h.s.apiUrl }),
      {
        logger: h.logs.logger,
        clock: h.clock,
        dataDir,
        publicUrl: "http://localhost",
        behaviour: { replyPrefix: "!reply ", notePrefix: "!note ", reactions: {}, undoWindowMs: 1000, cannedNames: [], targetNames: [], targets: [] },
      },
    );
    await again.start(h.desk);
    try {
      h.say(h.agent, threadId, "after restart");
      await eventually(() => expect(h!.desk.events).toHaveLength(1));
      expect(h.desk.events[0]!.kind).toBe("reply");
    } finally {
      await again.stop();
    }
  });
});

describe("echo guard and ownership", () => {
  it("ignores messages by bots, including its own, and messages outside Threadline threads", async () => {
    h = await startHarness();
    const { threadId } = await h.open();
    await h.bot.mirror(
      { platform: "discord", target: h.s.channels.text, threadId },
      {
        message: {
          id: "msg_1",
          direction: "inbound",
          authorKind: "customer",
          authorId: null,
          channel: "telegram",
          text: "!reply mirrored customer text",
          createdAt: new Date(),
          attachments: [],
        },
      },
    );
    h.say(h.otherBot, threadId, "!reply from another bot");
    h.s.postAsUser(threadId, h.s.botUser, "!reply from ourselves");
    h.say(h.agent, h.s.channels.text, "!reply in the parent channel, not a thread");
    h.say(h.agent, threadId, "sentinel");
    await eventually(() => expect(h!.desk.events).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 100));
    expect(h.desk.events.map((e) => [e.kind, "text" in e ? e.text : ""])).toEqual([["note", "sentinel"]]);
  });

  it("lets only members with an agent role act when agent_roles is set", async () => {
    h = await startHarness({ config: (s) => ({ agent_roles: [s.roles.agent] }) });
    const { threadId, card } = await h.open();
    h.say(h.outsider, threadId, "!reply I am not an agent");
    h.react(h.outsider, h.s.channels.text, threadId, "✅");
    const slash = await h.callback(h.slash(h.outsider, threadId, "reply", { text: "hi" }));
    const click = await h.callback(h.click(h.outsider, card, `tl:claim:${threadId}`));
    for (const cb of [slash, click]) {
      expect(cb.data.flags).toBe(64);
      expect(cb.data.content).toMatch(/agent role/);
    }
    h.say(h.agent, threadId, "agent note");
    await eventually(() => expect(h!.desk.events).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 100));
    expect(h.desk.events.map((e) => [e.kind, e.actor.userId])).toEqual([["note", h.agent.user.id]]);
  });
});
