import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { splitText, telegramChannel } from "../../../src/adapters/telegram/index.js";
import { CHANNEL_MODULES } from "../../../src/adapters/registry.js";
import { deps } from "./helpers.js";

describe("telegram channel module", () => {
  it("is registered, with the token as its required secret", () => {
    expect(CHANNEL_MODULES).toContain(telegramChannel);
    expect(telegramChannel.id).toBe("telegram");
    expect(telegramChannel.requiredSecrets).toEqual(["token"]);
  });

  it("fills defaults", () => {
    expect(telegramChannel.configSchema.parse({ token: "1:abc" })).toEqual({
      enabled: true,
      token: "1:abc",
      mode: "polling",
      webhook_path: "/api/telegram/webhook",
      api_root: "https://api.telegram.org",
      group_mode: "mentions",
    });
  });

  it("rejects unknown keys and bad values", () => {
    const bad = [
      { unknown: 1 },
      { mode: "push" },
      { group_mode: "some" },
      { api_root: "ftp://x" },
      { api_root: "not a url" },
      { webhook_path: "no-slash" },
      { webhook_secret: "has spaces in it" },
      { bot_username: "a b" },
      { token: "" },
    ];
    for (const config of bad) expect(telegramChannel.configSchema.safeParse(config).success, JSON.stringify(config)).toBe(false);
    expect(
      telegramChannel.configSchema.safeParse({ mode: "webhook", webhook_secret: "abc_DEF-123", bot_username: "@shop_bot", group_mode: "all" }).success,
    ).toBe(true);
  });

  it("describes every key (the editor JSON Schema is generated from it)", () => {
    const schema = z.toJSONSchema(telegramChannel.configSchema as z.ZodType, { io: "input" }) as {
      description?: string;
      properties: Record<string, { description?: string }>;
    };
    expect(schema.description).toBeTruthy();
    for (const [key, prop] of Object.entries(schema.properties)) expect(prop.description, key).toBeTruthy();
  });

  it("creates an HTTP adapter that is not ready before start, and tolerates a trailing slash in api_root", async () => {
    const adapter = await telegramChannel.create(telegramChannel.configSchema.parse({ token: "1:abc", api_root: "http://127.0.0.1:9/" }), deps());
    expect(adapter.capabilities).toEqual({ maxTextLength: 4096, buttons: true, attachments: false, typing: true, replyWindowHours: null });
    expect(typeof (adapter as { mount?: unknown }).mount).toBe("function");
    expect(adapter.status()).toEqual({ ok: false, detail: "not started" });
  });

  it("splits long texts at breaks, each part within the limit", () => {
    expect(splitText("short", 10)).toEqual(["short"]);
    const parts = splitText("aaaa bbbb cccc dddd", 10);
    expect(parts).toEqual(["aaaa bbbb", "cccc dddd"]);
    expect(splitText("x".repeat(25), 10)).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
  });

  it("keeps grammY inside src/adapters/telegram", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (path !== join("src", "adapters", "telegram")) walk(path);
        } else if (/\.ts$/.test(name) && /from\s+["']grammy/.test(readFileSync(path, "utf8"))) offenders.push(path);
      }
    };
    walk("src");
    expect(offenders).toEqual([]);
  });
});
