import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSlackStandIn, type SlackStandIn } from "../../fakes/slack-api.js";
import { mountedBot, target, threadView, type Mounted } from "./helpers.js";

let api: SlackStandIn;
let m: Mounted;

beforeEach(async () => {
  api = await startSlackStandIn();
  m = await mountedBot(api);
});
afterEach(async () => {
  await m.close();
  await api.close();
});

const textOf = (blocks: unknown) => JSON.stringify(blocks);

describe("slack: openThread posts the handoff card", () => {
  it("posts Block Kit with every card field, the mentions and the controls, and returns the thread reference", async () => {
    const view = threadView({ assigneeName: "Mia" });
    view.conversation.assignee = "mia";
    const ref = await m.bot.openThread(target(), view);
    const post = api.callsTo("chat.postMessage")[0]!;
    expect(post.token).toBe(api.botToken);
    expect(post.args.channel).toBe("C0BILLING");
    expect(ref).toEqual({
      platform: "slack",
      target: "C0BILLING",
      threadId: expect.stringMatching(/^\d+\.\d+$/),
      url: expect.stringContaining("/archives/C0BILLING/p"),
    });
    const blocks = post.args.blocks as { type: string; elements?: { action_id?: string; type: string }[] }[];
    expect(Array.isArray(blocks)).toBe(true);
    const all = textOf(blocks);
    for (const s of [
      "Get a refund for order 1042", // goal
      "AI explained the refund policy",
      "Customer re-sent the order number", // steps tried
      "high",
      "rule `chargeback`",
      "Customer threatens a chargeback", // risk + rule + reason
      "*order_number*: 1042",
      "*email*: ana@example.com", // collected fields
      "`iban`", // missing fields
      "`refund_request`",
      "87% confidence", // intent + confidence
      "Refund policy (`refund-policy` v3)", // KB articles
      "Check the payment and offer the refund", // next action
      "<!date^",
      "2026-11-24T10:30:00.000Z", // SLA due
      "Telegram",
      "language `de`",
      "Customer writes German; AI answered in English", // channel + language (+ note)
      "*Queue*\\nbilling",
      "*Priority*\\n⚠️ high",
      "open · owner human",
      "*Assignee*\\nMia",
      "<!subteam^S0123>", // mention
      "@ana_m", // recipient
      "https://support.example.com/api/conversations/cv1",
    ])
      expect(all, s).toContain(s);
    const controls = blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements!.map((e) => e.action_id));
    expect(controls).toEqual([
      "tl.reply",
      "tl.claim",
      "tl.assign",
      "tl.resolve",
      "tl.snooze",
      "tl.priority",
      "tl.tag",
      "tl.canned",
      "tl.handback",
      "tl.loop_in",
      "tl.call",
    ]);
    expect(all).toContain("refund-timeline");
    expect(all).toContain("engineering");
    expect(String(post.args.text)).toContain("<!subteam^S0123>");
  });

  it("escapes customer-controlled text so it cannot ping @channel or forge links", async () => {
    const view = threadView();
    view.card.goal = "<!channel> please <https://evil.example|click>";
    await m.bot.openThread(target(), view);
    const post = api.callsTo("chat.postMessage")[0]!;
    // mrkdwn is parsed in sections, context and the notification text; the header is plain_text (never parsed).
    const parsed = textOf((post.args.blocks as { type: string }[]).filter((b) => b.type !== "header"));
    expect(parsed).not.toContain("<!channel>");
    expect(parsed).not.toContain("<https://evil.example|click>");
    expect(parsed).toContain("&lt;!channel&gt;");
    expect(String(post.args.text)).not.toContain("<!channel>");
  });

  it("mirrors customer messages into the thread, labelled with channel and author", async () => {
    const view = threadView();
    const ref = await m.bot.openThread(target(), view);
    await m.bot.mirror(ref, {
      message: {
        id: "m1",
        direction: "inbound",
        authorKind: "customer",
        authorId: null,
        channel: "telegram",
        text: "Any news? <@U999>",
        createdAt: new Date(),
        attachments: [{ kind: "image", name: "receipt.jpg" }],
      },
    });
    const post = api.callsTo("chat.postMessage")[1]!;
    expect(post.args.thread_ts).toBe(ref.threadId);
    expect(post.args.channel).toBe("C0BILLING");
    const all = textOf(post.args.blocks);
    expect(all).toContain("*Ana Müller* via Telegram");
    expect(all).toContain("Any news? &lt;@U999&gt;");
    expect(all).toContain("receipt.jpg");
    expect(String(post.args.text)).not.toContain("<@U999>");
  });

  it("re-renders the card in place with chat.update (status, assignee, Reopen instead of Resolve)", async () => {
    const ref = await m.bot.openThread(target(), threadView());
    await m.bot.update(ref, threadView({ status: "resolved", assignee: "mia", assigneeName: "Mia Agent" }));
    const upd = api.callsTo("chat.update")[0]!;
    expect(upd.args).toMatchObject({ channel: "C0BILLING", ts: ref.threadId });
    const all = textOf(upd.args.blocks);
    expect(all).toContain("resolved · owner human");
    expect(all).toContain("Mia Agent");
    expect(all).toContain("tl.reopen");
    expect(all).not.toContain('tl.resolve"');
    expect(all).toContain("<!subteam^S0123>"); // mention kept across updates
  });

  it("notify posts a plain alert with the mentions and a link to the original thread", async () => {
    const ref = await m.bot.notify(target({ name: "engineering", channel: "C0ENG" }), "Loop-in: check <the> logs", {
      linkTo: { platform: "slack", target: "C0BILLING", threadId: "1.2", url: "https://test.slack.com/archives/C0BILLING/p12" },
    });
    const post = api.callsTo("chat.postMessage")[0]!;
    expect(post.args.channel).toBe("C0ENG");
    expect(post.args.text).toBe("<!subteam^S0123> Loop-in: check &lt;the&gt; logs (<https://test.slack.com/archives/C0BILLING/p12|original thread>)");
    expect(ref).toMatchObject({ platform: "slack", target: "C0ENG" });
  });

  it("reports itself running after auth.test", () => {
    expect(api.callsTo("auth.test")).toHaveLength(1);
    expect(m.bot.status()).toMatchObject({ ok: true });
  });
});
