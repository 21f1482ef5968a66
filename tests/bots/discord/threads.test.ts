import { afterEach, describe, expect, it } from "vitest";
import { eventually, startHarness, target, view, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("discord bot: threads, cards and mirrors (real discord.js against a local Discord)", () => {
  it("connects with the four intents and registers the slash commands in the guild on start", async () => {
    h = await startHarness();
    const identify = await h.s.identified();
    // Guilds 1, GuildMessages 512, GuildMessageReactions 1024, MessageContent 32768
    expect(identify.intents).toBe(1 | 512 | 1024 | 32768);
    const put = h.s.callsTo("PUT", new RegExp(`^/applications/${h.s.applicationId}/guilds/${h.s.guildId}/commands$`));
    expect(put).toHaveLength(1);
    const names = (put[0]!.body as unknown as { name: string }[]).map((c) => c.name).sort();
    expect(names).toEqual(["assign", "call", "canned", "claim", "handback", "loopin", "note", "priority", "reopen", "reply", "resolve", "snooze", "tag"]);
    const canned = (put[0]!.body as unknown as { name: string; options: { name: string; choices?: { value: string }[] }[] }[]).find(
      (c) => c.name === "canned",
    )!;
    expect(canned.options[0]!.choices!.map((c) => c.value)).toEqual(["refund-approved", "shipping-delay"]);
    expect(h.bot.status().ok).toBe(true);
  });

  it("opens a thread on the card message in a text channel, with mentions, embed and buttons", async () => {
    h = await startHarness();
    const ref = await h.bot.openThread(target(h.s), view());
    const post = h.s.callsTo("POST", new RegExp(`^/channels/${h.s.channels.text}/messages$`))[0]!;
    expect(post.body.content).toBe(`<@&${h.s.roles.agent}>`);
    expect(post.body.allowed_mentions).toEqual({ parse: [], users: [], roles: [h.s.roles.agent] });
    const thread = h.s.callsTo("POST", /\/messages\/\d+\/threads$/)[0]!;
    expect(thread.path).toBe(`/channels/${h.s.channels.text}/messages/${ref.threadId}/threads`);
    expect(thread.body.name).toContain("Refund for a double-charged order 4711");
    expect(ref).toEqual({
      platform: "discord",
      target: h.s.channels.text,
      threadId: ref.threadId,
      url: `https://discord.com/channels/${h.s.guildId}/${ref.threadId}`,
    });
    const card = h.s.messages.get(ref.threadId)!;
    const embed = (card.embeds as Record<string, unknown>[])[0]!;
    expect(embed.color).toBe(0xe67e22); // high risk
    const text = JSON.stringify(embed);
    for (const needle of [
      "Refund for a double-charged order 4711",
      "AI explained the refund policy",
      "chargeback",
      "order_id",
      "4711",
      "iban",
      "refund (87%)",
      "Refunds and returns",
      "`refunds` v3",
      "Confirm the double charge",
      `<t:${Date.UTC(2026, 10, 24, 10) / 1000}:`,
      "telegram",
      "language de",
      "Customer writes German",
      "Telegram · @anna",
      "billing · high",
      "open · owner: human · unassigned",
    ]) {
      expect(text).toContain(needle);
    }
    const rows = card.components as { components: { custom_id: string; type: number }[] }[];
    expect(rows.length).toBeLessThanOrEqual(5);
    expect(rows[0]!.components.map((c) => c.custom_id)).toEqual(["reply", "claim", "resolve", "handback", "call"].map((a) => `tl:${a}:${ref.threadId}`));
    expect(rows.slice(1).map((r) => r.components[0]!.custom_id.split(":")[1])).toEqual(["priority", "snooze", "loopin", "canned"]);
  });

  it("creates a forum post whose starter message is the card", async () => {
    h = await startHarness();
    const ref = await h.bot.openThread(target(h.s, { channel: h.s.channels.forum, name: "security" }), view({ card: { risk: "critical" } }));
    const post = h.s.callsTo("POST", new RegExp(`^/channels/${h.s.channels.forum}/threads$`))[0]!;
    expect((post.body.message as { embeds: unknown[] }).embeds).toHaveLength(1);
    expect(h.s.callsTo("POST", new RegExp(`^/channels/${h.s.channels.forum}/messages$`))).toHaveLength(0);
    expect(ref.target).toBe(h.s.channels.forum);
    const starter = h.s.messages.get(ref.threadId)!;
    expect(starter.channel_id).toBe(ref.threadId);
    expect((starter.embeds as { color: number }[])[0]!.color).toBe(0xe74c3c);
    expect((starter.components as unknown[]).length).toBeGreaterThan(0);
  });

  it("mirrors customer messages into the thread without letting them ping anyone", async () => {
    h = await startHarness();
    const ref = await h.bot.openThread(target(h.s), view());
    await h.bot.mirror(ref, {
      message: {
        id: "msg_1",
        direction: "inbound",
        authorKind: "customer",
        authorId: null,
        channel: "telegram",
        text: "@everyone where is my money?",
        createdAt: new Date(),
        attachments: [{ kind: "image", name: "statement.png" }],
      },
    });
    const post = h.s.callsTo("POST", new RegExp(`^/channels/${ref.threadId}/messages$`)).at(-1)!;
    expect(post.body.content).toContain("> @everyone where is my money?");
    expect(post.body.content).toContain("Customer");
    expect(post.body.content).toContain("statement.png");
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
  });

  it("shows an agent reply inside its undo window with an Undo button", async () => {
    h = await startHarness();
    const ref = await h.bot.openThread(target(h.s), view());
    await h.bot.mirror(ref, {
      message: {
        id: "msg_7",
        direction: "outbound",
        authorKind: "agent",
        authorId: "maria",
        channel: "telegram",
        text: "Refund is on its way",
        createdAt: new Date(),
        attachments: [],
      },
      authorName: "Maria",
      undoUntil: new Date(h.clock.now().getTime() + 30_000),
    });
    const post = h.s.callsTo("POST", new RegExp(`^/channels/${ref.threadId}/messages$`)).at(-1)!;
    expect(JSON.stringify(post.body.components)).toContain(`tl:undo:${ref.threadId}:msg_7`);
  });

  it("edits the card in place on update (text channel and forum)", async () => {
    h = await startHarness();
    const ref = await h.bot.openThread(target(h.s), view());
    await h.bot.update(ref, { ...view({ conversation: { status: "resolved", assignee: "maria" } }), assigneeName: "Maria" });
    const patch = h.s.callsTo("PATCH", new RegExp(`^/channels/${h.s.channels.text}/messages/${ref.threadId}$`)).at(-1)!;
    expect(JSON.stringify(patch.body)).toContain("resolved · owner: human · assignee: Maria");
    expect(JSON.stringify(patch.body)).toContain(`tl:reopen:${ref.threadId}`);
    const forumRef = await h.bot.openThread(target(h.s, { channel: h.s.channels.forum }), view());
    await h.bot.update(forumRef, view({ conversation: { priority: "urgent" } }));
    await eventually(() => expect(h!.s.callsTo("PATCH", new RegExp(`^/channels/${forumRef.threadId}/messages/${forumRef.threadId}$`)).length).toBe(2));
  });

  it("notify posts an alert; with linkTo (a loop-in) it starts a side thread linking back; in a forum it is a post", async () => {
    h = await startHarness();
    const main = await h.bot.openThread(target(h.s), view());
    const alert = await h.bot.notify(target(h.s, { name: "ops", mention: [] }), "Slack token revoked; escalations queued");
    expect(alert.url).toBe(`https://discord.com/channels/${h.s.guildId}/${h.s.channels.text}/${alert.threadId}`);
    expect(h.s.messages.get(alert.threadId)!.content).toBe("Slack token revoked; escalations queued");
    const side = await h.bot.notify(target(h.s, { name: "security", mention: ["<@&999999999999999999>"] }), "Is this fraud?", { linkTo: main });
    const sidePost = h.s.messages.get(side.threadId)!;
    expect(sidePost.content).toContain("<@&999999999999999999> Is this fraud?");
    expect(sidePost.content).toContain(main.url!);
    expect(h.s.threads.has(side.threadId)).toBe(true);
    expect(side.url).toBe(`https://discord.com/channels/${h.s.guildId}/${side.threadId}`);
    const forum = await h.bot.notify(target(h.s, { name: "forum", channel: h.s.channels.forum, mention: [] }), "Forum alert");
    expect(h.s.threads.get(forum.threadId)!.parent_id).toBe(h.s.channels.forum);
  });
});
