import { describe, expect, it } from "vitest";
import { BOT_MODULES } from "../../../src/bots/registry.js";
import { slackBot, slackReactionName } from "../../../src/bots/slack/index.js";
import { createThreadRegistry } from "../../../src/bots/slack/threads.js";
import { snoozeUntil } from "../../../src/bots/slack/snooze.js";

describe("slack bot module", () => {
  it("is registered, needs bot_token, and has a strict config schema with defaults", () => {
    expect(BOT_MODULES.some((m) => m.platform === "slack")).toBe(true);
    expect(slackBot.requiredSecrets).toEqual(["bot_token"]);
    expect(slackBot.configSchema.parse({ bot_token: "xoxb-1", signing_secret: "s" })).toMatchObject({
      enabled: true,
      mode: "http",
      events_path: "/api/slack/events",
    });
    expect(slackBot.configSchema.safeParse({ bot_token: "xoxb-1", colour: "red" }).success).toBe(false);
    expect(slackBot.configSchema.safeParse({ mode: "webhook" }).success).toBe(false);
    expect(slackBot.configSchema.safeParse({ events_path: "no-slash" }).success).toBe(false);
  });

  it("maps unicode reactions to Slack names (and accepts :name:)", () => {
    expect(slackReactionName("✅")).toBe("white_check_mark");
    expect(slackReactionName("👀")).toBe("eyes");
    expect(slackReactionName("✔️")).toBe("heavy_check_mark");
    expect(slackReactionName(":rocket:")).toBe("rocket");
    expect(slackReactionName("🦄")).toBeNull();
  });

  it("the thread memory is bounded and least-recently-used: a thread read recently outlives one that was not", () => {
    const registry = createThreadRegistry(2);
    registry.remember("t1", { conversationId: "c1", channel: "C1" });
    registry.remember("t2", { conversationId: "c2", channel: "C1" });
    expect(registry.info("t1")?.conversationId).toBe("c1"); // read: t1 is now the most recent
    registry.remember("t3", { conversationId: "c3", channel: "C1" });
    expect(registry.info("t1")?.conversationId).toBe("c1");
    expect(registry.info("t2")).toBeUndefined();
    expect(registry.info("t3")?.conversationId).toBe("c3");
  });

  it("snooze choices: next week is the coming Monday 09:00 local, never today", () => {
    const monday = new Date("2026-11-23T08:00:00Z"); // a Monday
    expect(snoozeUntil("next_week", monday)!.toISOString()).toBe("2026-11-30T09:00:00.000Z");
    expect(snoozeUntil("next_week", new Date("2026-11-29T23:30:00Z"), 3600)!.toISOString()).toBe("2026-12-07T08:00:00.000Z"); // already Monday 00:30 in UTC+1
    expect(snoozeUntil("tomorrow", new Date("2026-11-24T23:30:00Z"), -5 * 3600)!.toISOString()).toBe("2026-11-25T14:00:00.000Z");
    expect(snoozeUntil("forever", monday)).toBeNull();
  });
});

describe("slack text for customers", () => {
  it("decodes entities and links, keeps labels, drops bare internal ids", async () => {
    const { fromSlackText } = await import("../../../src/bots/slack/mrkdwn.js");
    expect(fromSlackText("a &lt;b&gt; &amp; c")).toBe("a <b> & c");
    expect(fromSlackText("see <https://x.example/faq|the FAQ> or <https://x.example>")).toBe("see the FAQ (https://x.example/faq) or https://x.example");
    expect(fromSlackText("mail <mailto:help@x.example|help@x.example>")).toBe("mail help@x.example");
    expect(fromSlackText("thanks <@U0123ABC> and <#C0123|billing>!")).toBe("thanks  and #billing!");
  });
});
