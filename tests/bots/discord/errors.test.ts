import { afterEach, describe, expect, it } from "vitest";
import { createDiscordBot, discordConfigSchema } from "../../../src/bots/discord/index.js";
import { manualClock } from "../../../src/core/clock.js";
import { BotError } from "../../../src/core/escalation/port.js";
import { silentLogger } from "../../../src/core/logger.js";
import { startDiscordStandIn, type DiscordStandIn } from "../../fakes/discord-api.js";
import { BEHAVIOUR, fakeDesk, startHarness, target, view, type Harness } from "./harness.js";

let h: Harness | undefined;
let s: DiscordStandIn | undefined;
afterEach(async () => {
  await h?.close();
  await s?.close();
  h = undefined;
  s = undefined;
});

async function rejection(p: Promise<unknown>): Promise<BotError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BotError);
    return e as BotError;
  }
  throw new Error("expected a BotError");
}

describe("discord bot: platform failures become BotErrors and status", () => {
  it("a revoked token (401) → BotError auth, the bot and its targets not ok; later calls stay auth", async () => {
    h = await startHarness();
    await h.bot.openThread(target(h.s), view());
    expect(h.bot.status().targets).toEqual({ billing: { ok: true, detail: "ok" } });
    h.s.revokeToken();
    const err = await rejection(h.bot.openThread(target(h.s), view()));
    expect(err.kind).toBe("auth");
    expect(err.message).toMatch(/401/);
    expect(err.message).not.toContain(h.s.token);
    const st = h.bot.status();
    expect(st.ok).toBe(false);
    expect(st.targets!.billing!.ok).toBe(false);
    const again = await rejection(h.bot.notify(target(h.s), "alert"));
    expect(again.kind).toBe("auth");
    await new Promise((r) => setImmediate(r));
    expect(h.logs.text()).not.toContain(h.s.token);
  });

  it("403 Missing Permissions on one channel → auth for that target only", async () => {
    h = await startHarness();
    await h.bot.openThread(target(h.s, { name: "security", channel: h.s.channels.forum }), view());
    h.s.failNext("POST", new RegExp(`^/channels/${h.s.channels.text}/messages$`), { status: 403, body: { message: "Missing Permissions", code: 50013 } });
    const err = await rejection(h.bot.openThread(target(h.s), view()));
    expect(err.kind).toBe("auth");
    expect(err.message).toContain("Missing Permissions");
    const st = h.bot.status();
    expect(st.ok).toBe(true);
    expect(st.targets!.billing!.ok).toBe(false);
    expect(st.targets!.security!.ok).toBe(true);
    // the next successful call to the target clears it
    await h.bot.openThread(target(h.s), view());
    expect(h.bot.status().targets!.billing!.ok).toBe(true);
  });

  it("403 Missing Access → auth; Unknown Channel (10003) → not_found", async () => {
    h = await startHarness();
    h.s.failNext("POST", /\/messages$/, { status: 403, body: { message: "Missing Access", code: 50001 } });
    expect((await rejection(h.bot.openThread(target(h.s), view()))).kind).toBe("auth");
    const gone = await rejection(h.bot.openThread(target(h.s, { name: "legal", channel: h.s.newId() }), view()));
    expect(gone.kind).toBe("not_found");
    expect(h.bot.status().targets!.legal).toEqual({ ok: false, detail: gone.message });
    const { threadId } = await h.open();
    h.s.failNext("POST", new RegExp(`^/channels/${threadId}/messages$`), { status: 404, body: { message: "Unknown Channel", code: 10003 } });
    const mirror = await rejection(
      h.bot.mirror(
        { platform: "discord", target: h.s.channels.text, threadId },
        {
          message: {
            id: "msg_1",
            direction: "inbound",
            authorKind: "customer",
            authorId: null,
            channel: "web",
            text: "hi",
            createdAt: new Date(),
            attachments: [],
          },
        },
      ),
    );
    expect(mirror.kind).toBe("not_found");
  });

  it("a long 429 → rate_limited with Discord's retry_after", async () => {
    h = await startHarness();
    h.s.failNext("POST", /\/messages$/, {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 30, global: false },
      headers: { "retry-after": "30" },
    });
    const err = await rejection(h.bot.openThread(target(h.s), view()));
    expect(err.kind).toBe("rate_limited");
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(30_000);
    expect(err.retryAfterMs).toBeLessThan(31_000);
  });

  it("a token rejected at start → start fails with BotError auth and status says so", async () => {
    s = await startDiscordStandIn();
    const bot = createDiscordBot(
      discordConfigSchema.parse({ token: "wrong.token.value", application_id: s.applicationId, guild_id: s.guildId, api_url: s.apiUrl }),
      {
        logger: silentLogger(),
        clock: manualClock(new Date()),
        dataDir: "",
        publicUrl: "http://localhost",
        behaviour: BEHAVIOUR,
      },
    );
    const err = await rejection(bot.start(fakeDesk()));
    expect(err.kind).toBe("auth");
    expect(bot.status().ok).toBe(false);
    expect(bot.status().detail).toMatch(/token/);
  });

  it("slash commands that cannot be registered (no applications.commands scope) leave the bot running with a warning", async () => {
    h = await startHarness({ config: (st) => ({ guild_id: st.newId() }) });
    const st = h.bot.status();
    expect(st.ok).toBe(true);
    expect(st.detail).toMatch(/slash commands not registered/);
    expect(st.detail).toMatch(/Missing Access/);
  });
});

describe("discord bot: before start", () => {
  it("refuses thread operations with a transient error, not a false auth failure", async () => {
    s = await startDiscordStandIn();
    const bot = createDiscordBot(discordConfigSchema.parse({ token: s.token, application_id: s.applicationId, guild_id: s.guildId, api_url: s.apiUrl }), {
      logger: silentLogger(),
      clock: manualClock(new Date()),
      dataDir: "",
      publicUrl: "http://localhost",
      behaviour: BEHAVIOUR,
    });
    const err = await rejection(bot.openThread(target(s), view()));
    expect(err.kind).toBe("transient");
    expect(bot.status().detail).toBe("not started");
    expect(s.calls).toHaveLength(0);
  });
});
