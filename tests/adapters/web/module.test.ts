import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { webChannel } from "../../../src/adapters/web/index.js";
import { resolveTokenSecret, TOKEN_KEY_FILE } from "../../../src/adapters/web/secret.js";
import { findWidgetEntry, widgetEntryCandidates } from "../../../src/adapters/web/widget-bundle.js";
import type { ChannelDeps } from "../../../src/core/channel/module.js";
import { systemClock } from "../../../src/core/clock.js";
import { silentLogger } from "../../../src/core/logger.js";
import { captureLogs } from "../../helpers/log-capture.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "tl-web-mod-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("web channel module", () => {
  it("is the web channel with no required secrets", () => {
    expect(webChannel.id).toBe("web");
    expect(webChannel.requiredSecrets).toEqual([]);
  });

  it("fills defaults", () => {
    expect(webChannel.configSchema.parse({})).toEqual({
      enabled: true,
      allowed_origins: [],
      max_text_length: 4000,
      history_limit: 100,
      demo_page: true,
      widget: { title: "Chat with us", subtitle: expect.any(String), accent_color: "#2f6f4e", position: "right" },
      limits: { sessions_per_ip: { max: 20, window: 600_000 }, messages_per_ip: { max: 120, window: 60_000 }, trust_proxy: "loopback" },
    });
  });

  it("rejects unknown keys, bad colours, positions and short secrets", () => {
    const bad = [
      { unknown_key: 1 },
      { widget: { colour: "#fff" } },
      { widget: { accent_color: "green" } },
      { widget: { accent_color: "#12345" } },
      { widget: { position: "top" } },
      { max_text_length: 0 },
      { token_secret: "short" },
      { allowed_origins: "*" },
    ];
    for (const config of bad) expect(webChannel.configSchema.safeParse(config).success, JSON.stringify(config)).toBe(false);
    expect(webChannel.configSchema.safeParse({ widget: { accent_color: "#1f6f5c", position: "left" }, allowed_origins: ["*"] }).success).toBe(true);
  });

  it("describes every key (the editor JSON Schema is generated from it)", () => {
    const schema = z.toJSONSchema(webChannel.configSchema as z.ZodType, { io: "input" }) as {
      properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }>;
    };
    for (const [key, prop] of Object.entries(schema.properties)) {
      expect(prop.description, key).toBeTruthy();
      for (const [sub, p] of Object.entries(prop.properties ?? {})) expect(p.description, `${key}.${sub}`).toBeTruthy();
    }
  });

  it("creates an HTTP adapter with the configured capabilities", async () => {
    const dataDir = tempDir();
    const deps: ChannelDeps = { logger: silentLogger(), clock: systemClock, dataDir, publicUrl: "http://localhost:3000", history: async () => [] };
    const adapter = await webChannel.create(webChannel.configSchema.parse({ max_text_length: 1000 }), deps);
    expect(adapter.capabilities).toEqual({ maxTextLength: 1000, buttons: false, attachments: false, typing: true, replyWindowHours: null });
    expect(typeof (adapter as { mount?: unknown }).mount).toBe("function");
    expect(adapter.status()).toEqual({ ok: false, detail: "not started" });
  });
});

describe("token secret", () => {
  it("uses the configured secret and writes nothing", () => {
    const dir = tempDir();
    expect(resolveTokenSecret("configured-secret-0123456789", dir, silentLogger()).toString()).toBe("configured-secret-0123456789");
    expect(() => statSync(join(dir, TOKEN_KEY_FILE))).toThrow();
  });

  it("generates 32 bytes once, keeps them with mode 0600 and warns", () => {
    const dir = join(tempDir(), "nested", "data");
    const { logger, records } = captureLogs();
    const first = resolveTokenSecret(undefined, dir, logger);
    expect(first).toHaveLength(32);
    const file = join(dir, TOKEN_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(records().some((l) => l.level === "warn" && String(l.msg).includes("generated"))).toBe(true);
    expect(JSON.stringify(records())).not.toContain(first.toString("hex"));
    const second = resolveTokenSecret("", dir, silentLogger());
    expect(second.equals(first)).toBe(true);
  });

  it("tightens a key file readable by others, and replaces a malformed one", () => {
    const dir = tempDir();
    const file = join(dir, TOKEN_KEY_FILE);
    const key = resolveTokenSecret(undefined, dir, silentLogger());
    chmodSync(file, 0o644);
    expect(resolveTokenSecret(undefined, dir, silentLogger()).equals(key)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, "not hex\n");
    const replaced = resolveTokenSecret(undefined, dir, silentLogger());
    expect(replaced).toHaveLength(32);
    expect(readFileSync(file, "utf8").trim()).toBe(replaced.toString("hex"));
  });
});

describe("widget entry", () => {
  it("is found next to the TypeScript sources", () => {
    expect(findWidgetEntry()).toMatch(/src[\\/]adapters[\\/]web[\\/]widget[\\/]main\.ts$/);
  });

  it("is found from the compiled dist/adapters/web module, in the repository's src", () => {
    const distModule = pathToFileURL(join(process.cwd(), "dist", "adapters", "web", "widget-bundle.js")).href;
    expect(widgetEntryCandidates(distModule)).toContain(join(process.cwd(), "src", "adapters", "web", "widget", "main.ts"));
    expect(findWidgetEntry(distModule)).toBe(join(process.cwd(), "src", "adapters", "web", "widget", "main.ts"));
  });
});
